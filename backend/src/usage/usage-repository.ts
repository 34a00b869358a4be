import type { Firestore } from 'firebase-admin/firestore';
import type { UsageRecord } from '../ai/ledger/ledger-types';
import { commitInBatches } from '../platform/firestore/commit-in-batches';
import type { Logger } from '../platform/logger';
import { isClosedDay, rollupDocuments, rollupFormat, unpack, type RollupDocument } from './usage-day-rollups';
import type { UsageRow } from './usage-summary';

export interface UsageQuery {
  /** UTC days, inclusive. */
  from: string;
  to: string;
  /** One user's records only. */
  userId?: string | undefined;
}

export interface UsageRepository {
  page(
    organisationId: string,
    query: UsageQuery & { limit: number; after?: string | undefined },
  ): Promise<{ records: UsageRecord[]; next?: string }>;
  /** Every record of the period, oldest first, in pages, without holding them all at once. */
  scan(organisationId: string, query: UsageQuery, visit: (records: UsageRecord[]) => void): Promise<number>;
  /**
   * Only the fields the summary needs, which keeps a large period cheap to read: closed days come from their
   * packed day documents (usage-day-rollups.ts), built here the first time a summary needs them.
   */
  scanRows(organisationId: string, query: UsageQuery, visit: (rows: UsageRow[]) => void): Promise<number>;
}

const summaryFields = [
  'userId',
  'templateId',
  'tag',
  'requestId',
  'attempt',
  'provider',
  'servedModel',
  'inputTokens',
  'cachedInputTokens',
  'outputTokens',
  'costNanoDollars',
  'latencyMs',
  'cached',
  'status',
  'day',
  'sortKey',
] as const;

function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00.000Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to && days.length <= 400; day = nextDay(day)) days.push(day);
  return days;
}

/** Runs of consecutive days, so each run is one range query. */
function contiguousRanges(days: readonly string[]): { from: string; to: string; days: string[] }[] {
  const ranges: { from: string; to: string; days: string[] }[] = [];
  for (const day of days) {
    const last = ranges.at(-1);
    if (last && nextDay(last.to) === day) {
      last.to = day;
      last.days.push(day);
    } else {
      ranges.push({ from: day, to: day, days: [day] });
    }
  }
  return ranges;
}

function toRecord(data: FirebaseFirestore.DocumentData): UsageRecord {
  return { ...(data as UsageRecord), createdAt: data.createdAt?.toDate?.() ?? new Date(0) };
}

/**
 * `orgs/{orgId}/usage/{recordId}`, read by `sortKey` (ISO time, then id): one range over it selects the
 * period and pages through it with a keyset. With `userId` this needs the composite index (userId, sortKey)
 * declared in firestore.indexes.json.
 */
export function createUsageRepository(
  firestore: Firestore,
  options: { scanPageSize?: number; dayRollups?: boolean; now?: () => Date; logger?: Logger | undefined } = {},
): UsageRepository {
  // One page for a typical month keeps the emulator, which sorts the whole collection per query, to one pass.
  const scanPageSize = options.scanPageSize ?? 20_000;
  const dayRollups = options.dayRollups ?? true;
  const now = options.now ?? (() => new Date());
  const rollupCollection = (organisationId: string) => firestore.collection('orgs').doc(organisationId).collection('usageDays');
  const base = (organisationId: string, query: UsageQuery, after: string | undefined) => {
    let selection: FirebaseFirestore.Query = firestore.collection('orgs').doc(organisationId).collection('usage');
    if (query.userId) selection = selection.where('userId', '==', query.userId);
    return (
      selection
        // A client's `after` only ever narrows the period, never widens it.
        .where('sortKey', '>', after && after > query.from ? after : query.from)
        .where('sortKey', '<', nextDay(query.to))
        .orderBy('sortKey')
    );
  };

  async function scanWith<Item>(
    organisationId: string,
    query: UsageQuery,
    fields: readonly string[] | undefined,
    convert: (data: FirebaseFirestore.DocumentData) => Item,
    visit: (items: Item[]) => void,
  ) {
    let after: string | undefined;
    let total = 0;
    for (;;) {
      let selection = base(organisationId, query, after).limit(scanPageSize);
      if (fields) selection = selection.select(...fields);
      const snapshot = await selection.get();
      visit(snapshot.docs.map((document) => convert(document.data())));
      total += snapshot.size;
      const last = snapshot.docs.at(-1);
      if (!last || snapshot.size < scanPageSize) return total;
      after = String(last.get('sortKey'));
    }
  }

  return {
    async page(organisationId, query) {
      const snapshot = await base(organisationId, query, query.after)
        .limit(query.limit + 1)
        .get();
      const page = snapshot.docs.slice(0, query.limit);
      const last = page.at(-1);
      const records = page.map((document) => toRecord(document.data()));
      return snapshot.size > query.limit && last ? { records, next: String(last.get('sortKey')) } : { records };
    },
    scan(organisationId, query, visit) {
      return scanWith(organisationId, query, undefined, toRecord, visit);
    },
    async scanRows(organisationId, query, visit) {
      const asRow = (data: FirebaseFirestore.DocumentData) => data as UsageRow;
      if (!dayRollups) return scanWith(organisationId, query, summaryFields, asRow, visit);
      const days = daysOf(query.from, query.to);
      const at = now();
      const closed = days.filter((day) => isClosedDay(day, at));
      const open = days.filter((day) => !isClosedDay(day, at));
      let total = 0;
      const emit = (rows: UsageRow[]) => {
        const selected = query.userId ? rows.filter((row) => row.userId === query.userId) : rows;
        total += selected.length;
        if (selected.length > 0) visit(selected);
      };

      const stored = new Map<string, RollupDocument[]>();
      const firstClosed = closed[0];
      const lastClosed = closed.at(-1);
      if (firstClosed && lastClosed) {
        const snapshot = await rollupCollection(organisationId).where('day', '>=', firstClosed).where('day', '<=', lastClosed).get();
        for (const document of snapshot.docs) {
          const rollup = document.data() as RollupDocument;
          if (rollup.format !== rollupFormat) continue;
          stored.set(rollup.day, [...(stored.get(rollup.day) ?? []), rollup]);
        }
      }
      const missing: string[] = [];
      for (const day of closed) {
        const parts = (stored.get(day) ?? []).sort((left, right) => left.part - right.part);
        if (parts.length === 0 || parts.length !== parts[0]?.parts) {
          missing.push(day);
          continue;
        }
        for (const part of parts) emit(unpack(part));
      }

      // Closed days not packed yet: read the whole organisation's rows once, pack them, then select.
      for (const range of contiguousRanges(missing)) {
        const byDay = new Map<string, UsageRow[]>(range.days.map((day) => [day, []]));
        await scanWith(organisationId, { from: range.from, to: range.to }, summaryFields, asRow, (rows) => {
          for (const row of rows) byDay.get(row.day)?.push(row);
        });
        const builtAt = new Date();
        const documents = [...byDay].flatMap(([day, rows]) => rollupDocuments(day, rows, builtAt));
        try {
          await commitInBatches(firestore, documents, (batch, rollup) =>
            batch.set(rollupCollection(organisationId).doc(`${rollup.day}-${rollup.part}`), rollup),
          );
        } catch (error) {
          // The summary is right without them; the next one tries again.
          options.logger?.warn(
            { err: error, organisationId, from: range.from, to: range.to },
            'packed usage days could not be saved; the next summary packs them again',
          );
        }
        for (const rows of byDay.values()) emit(rows);
      }

      for (const range of contiguousRanges(open)) {
        await scanWith(organisationId, { ...query, from: range.from, to: range.to }, summaryFields, asRow, (rows) => {
          total += rows.length;
          visit(rows);
        });
      }
      return total;
    },
  };
}

import type { Firestore } from 'firebase-admin/firestore';
import type { UsageRecord } from '../ai/ledger/ledger-types';
import type { UsageRow } from './usage-summary';

export interface UsageQuery {
  /** UTC days, inclusive. */
  from: string;
  to: string;
  /** One user's records only. */
  userId?: string | undefined;
}

export interface UsageRepository {
  page(organisationId: string, query: UsageQuery & { limit: number; after?: string | undefined }): Promise<{ records: UsageRecord[]; next?: string }>;
  /** Every record of the period, oldest first, in pages, without holding them all at once. */
  scan(organisationId: string, query: UsageQuery, visit: (records: UsageRecord[]) => void): Promise<number>;
  /** Only the fields the summary needs, which keeps a large period cheap to read. */
  scanRows(organisationId: string, query: UsageQuery, visit: (rows: UsageRow[]) => void): Promise<number>;
}

const summaryFields = ['userId', 'templateId', 'tag', 'requestId', 'attempt', 'provider', 'servedModel', 'inputTokens', 'cachedInputTokens', 'outputTokens', 'costNanoDollars', 'latencyMs', 'cached', 'status', 'day', 'sortKey'] as const;

function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00.000Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

function toRecord(data: FirebaseFirestore.DocumentData): UsageRecord {
  return { ...(data as UsageRecord), createdAt: data.createdAt?.toDate?.() ?? new Date(0) };
}

/**
 * `orgs/{orgId}/usage/{recordId}`, read by `sortKey` (ISO time, then id): one range over it selects the
 * period and pages through it with a keyset. With `userId` this needs the composite index (userId, sortKey)
 * declared in firestore.indexes.json.
 */
export function createUsageRepository(firestore: Firestore, options: { scanPageSize?: number } = {}): UsageRepository {
  const scanPageSize = options.scanPageSize ?? 2000;
  const base = (organisationId: string, query: UsageQuery, after: string | undefined) => {
    let selection: FirebaseFirestore.Query = firestore.collection('orgs').doc(organisationId).collection('usage');
    if (query.userId) selection = selection.where('userId', '==', query.userId);
    return selection
      // A client's `after` only ever narrows the period, never widens it.
      .where('sortKey', '>', after && after > query.from ? after : query.from)
      .where('sortKey', '<', nextDay(query.to))
      .orderBy('sortKey');
  };

  async function scanWith<Item>(organisationId: string, query: UsageQuery, fields: readonly string[] | undefined, convert: (data: FirebaseFirestore.DocumentData) => Item, visit: (items: Item[]) => void) {
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
      const snapshot = await base(organisationId, query, query.after).limit(query.limit + 1).get();
      const page = snapshot.docs.slice(0, query.limit);
      const last = page.at(-1);
      const records = page.map((document) => toRecord(document.data()));
      return snapshot.size > query.limit && last ? { records, next: String(last.get('sortKey')) } : { records };
    },
    scan(organisationId, query, visit) {
      return scanWith(organisationId, query, undefined, toRecord, visit);
    },
    scanRows(organisationId, query, visit) {
      return scanWith(organisationId, query, summaryFields, (data) => data as UsageRow, visit);
    },
  };
}

import { createHash, randomInt } from 'node:crypto';
import { FieldValue, type Firestore, type WriteBatch } from 'firebase-admin/firestore';
import type { CounterReference, CounterTotals, Settlement, UsageRecord } from './ledger-types';

/** Firestore's ALREADY_EXISTS: a create() found the document, i.e. this write was already made. */
const alreadyExists = 6;

export interface LedgerRepository {
  /** Adds to the reserved amount of every counter, on one random shard each, in one atomic batch. */
  reserve(organisationId: string, counters: readonly CounterReference[], nanoDollars: number): Promise<void>;
  release(organisationId: string, counters: readonly CounterReference[], nanoDollars: number): Promise<void>;
  /** Sums each counter's shards. Reads see every increment committed before them. */
  totals(organisationId: string, counters: readonly CounterReference[]): Promise<CounterTotals[]>;
  /**
   * Writes the usage records and settles the reservation in one atomic batch. A record that already exists
   * fails the whole batch, so a replay neither adds a record nor moves money twice; returns false then.
   */
  recordAndSettle(organisationId: string, records: readonly UsageRecord[], settlement: Settlement): Promise<boolean>;
  /** Usage records of one request, oldest attempt first. */
  usageOfRequest(organisationId: string, requestId: string): Promise<UsageRecord[]>;
}

/** Counter documents are sharded: real Firestore sustains about one write per second per document. */
export function createLedgerRepository(firestore: Firestore, options: { shards?: number } = {}): LedgerRepository {
  const shards = options.shards ?? 8;
  const counterDocumentId = (counter: CounterReference, shard: number) =>
    `${createHash('sha256').update(`${counter.scope}|${counter.period}`).digest('base64url').slice(0, 22)}-${shard}`;
  const counterDocument = (organisationId: string, counter: CounterReference, shard: number) =>
    firestore.doc(`orgs/${organisationId}/budgetCounters/${counterDocumentId(counter, shard)}`);

  const addToCounters = (
    batch: WriteBatch,
    organisationId: string,
    counters: readonly CounterReference[],
    fields: { reserved?: number; spent?: number },
  ) => {
    const shard = randomInt(shards);
    for (const counter of counters) {
      const update: Record<string, unknown> = { scope: counter.scope, period: counter.period, shard };
      if (fields.reserved) update.reservedNanoDollars = FieldValue.increment(fields.reserved);
      if (fields.spent) update.spentNanoDollars = FieldValue.increment(fields.spent);
      batch.set(counterDocument(organisationId, counter, shard), update, { merge: true });
    }
  };

  return {
    async reserve(organisationId, counters, nanoDollars) {
      if (nanoDollars === 0 || counters.length === 0) return;
      const batch = firestore.batch();
      addToCounters(batch, organisationId, counters, { reserved: nanoDollars });
      await batch.commit();
    },
    async release(organisationId, counters, nanoDollars) {
      if (nanoDollars === 0 || counters.length === 0) return;
      const batch = firestore.batch();
      addToCounters(batch, organisationId, counters, { reserved: -nanoDollars });
      await batch.commit();
    },
    async totals(organisationId, counters) {
      if (counters.length === 0) return [];
      const references = counters.flatMap((counter) => Array.from({ length: shards }, (_, shard) => counterDocument(organisationId, counter, shard)));
      const snapshots = await firestore.getAll(...references);
      return counters.map((_, index) => {
        const totals = { reservedNanoDollars: 0, spentNanoDollars: 0 };
        for (const snapshot of snapshots.slice(index * shards, (index + 1) * shards)) {
          totals.reservedNanoDollars += Number(snapshot.get('reservedNanoDollars') ?? 0);
          totals.spentNanoDollars += Number(snapshot.get('spentNanoDollars') ?? 0);
        }
        return totals;
      });
    },
    async recordAndSettle(organisationId, records, settlement) {
      const batch = firestore.batch();
      // Creates first: Firestore rolls back a failed batch whole, and the emulator stops at the first failing
      // write, so on both a replay is refused before any counter moves.
      for (const record of records) batch.create(firestore.doc(`orgs/${organisationId}/usage/${record.id}`), record);
      addToCounters(batch, organisationId, settlement.counters, { reserved: -settlement.reservedNanoDollars, spent: settlement.spentNanoDollars });
      if (settlement.templateUse) {
        batch.set(
          firestore.doc(`orgs/${organisationId}/templates/${settlement.templateUse.templateId}`),
          { usageCount: FieldValue.increment(1), lastUsedAt: FieldValue.serverTimestamp() },
          { merge: true },
        );
      }
      try {
        await batch.commit();
        return true;
      } catch (error) {
        if ((error as { code?: unknown }).code === alreadyExists) return false;
        throw error;
      }
    },
    async usageOfRequest(organisationId, requestId) {
      const snapshot = await firestore.collection(`orgs/${organisationId}/usage`).where('requestId', '==', requestId).get();
      return snapshot.docs.map((document) => document.data() as UsageRecord).sort((left, right) => left.attempt - right.attempt);
    },
  };
}

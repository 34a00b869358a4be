import { createHash, randomInt } from 'node:crypto';
import { FieldValue, type Firestore, type WriteBatch } from 'firebase-admin/firestore';
import type { CounterReference, CounterTotals, LedgerEntry } from './ledger-types';

export interface LedgerRepository {
  /** Adds to the reserved amount of every counter, on one random shard each, in one atomic batch. */
  reserve(organisationId: string, counters: readonly CounterReference[], nanoDollars: number): Promise<void>;
  release(organisationId: string, counters: readonly CounterReference[], nanoDollars: number): Promise<void>;
  /** Sums each counter's shards. Reads see every increment committed before them. */
  totals(organisationId: string, counters: readonly CounterReference[]): Promise<CounterTotals[]>;
  /**
   * Writes the entries' usage records and moves their cost from reserved to spent in one atomic batch.
   * A record that already exists fails the whole batch (ALREADY_EXISTS), so a replay neither adds a
   * record nor moves money twice.
   */
  commit(entries: readonly LedgerEntry[]): Promise<void>;
}

/** Counter documents are sharded: real Firestore sustains about one write per second per document. */
export function createLedgerRepository(firestore: Firestore, options: { shards?: number } = {}): LedgerRepository {
  const shards = options.shards ?? 8;
  const counterDocumentId = (counter: CounterReference, shard: number) =>
    `${createHash('sha256').update(`${counter.scope}|${counter.period}`).digest('base64url').slice(0, 22)}-${shard}`;
  const counterDocument = (organisationId: string, counter: CounterReference, shard: number) =>
    firestore.doc(`orgs/${organisationId}/budgetCounters/${counterDocumentId(counter, shard)}`);

  const addToCounter = (batch: WriteBatch, organisationId: string, counter: CounterReference, fields: { reserved: number; spent: number }) => {
    if (fields.reserved === 0 && fields.spent === 0) return;
    const shard = randomInt(shards);
    const update: Record<string, unknown> = { scope: counter.scope, period: counter.period, shard };
    if (fields.reserved) update.reservedNanoDollars = FieldValue.increment(fields.reserved);
    if (fields.spent) update.spentNanoDollars = FieldValue.increment(fields.spent);
    batch.set(counterDocument(organisationId, counter, shard), update, { merge: true });
  };

  const changeReserved = async (organisationId: string, counters: readonly CounterReference[], nanoDollars: number) => {
    if (nanoDollars === 0 || counters.length === 0) return;
    const batch = firestore.batch();
    for (const counter of counters) addToCounter(batch, organisationId, counter, { reserved: nanoDollars, spent: 0 });
    await batch.commit();
  };

  return {
    reserve: (organisationId, counters, nanoDollars) => changeReserved(organisationId, counters, nanoDollars),
    release: (organisationId, counters, nanoDollars) => changeReserved(organisationId, counters, -nanoDollars),
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
    async commit(entries) {
      const batch = firestore.batch();
      // Creates first: Firestore rolls back a failed batch whole, and the emulator stops at the first failing
      // write, so on both a replay is refused before any counter moves.
      for (const entry of entries) {
        for (const record of entry.records) batch.create(firestore.doc(`orgs/${entry.organisationId}/usage/${record.id}`), record);
      }
      // One increment per counter for the whole group keeps hot counters to a few writes per batch.
      const counterChanges = new Map<string, { organisationId: string; counter: CounterReference; reserved: number; spent: number }>();
      const templateUses = new Map<string, { organisationId: string; templateId: string; uses: number }>();
      for (const { organisationId, settlement } of entries) {
        const change = (counter: CounterReference) => {
          const key = `${organisationId}|${counter.scope}|${counter.period}`;
          let entry = counterChanges.get(key);
          if (!entry) counterChanges.set(key, (entry = { organisationId, counter, reserved: 0, spent: 0 }));
          return entry;
        };
        for (const counter of settlement.spendCounters) change(counter).spent += settlement.spentNanoDollars;
        for (const counter of settlement.leasedCounters) change(counter).reserved -= settlement.spentNanoDollars;
        if (settlement.templateUse) {
          const key = `${organisationId}|${settlement.templateUse.templateId}`;
          const use = templateUses.get(key) ?? { organisationId, templateId: settlement.templateUse.templateId, uses: 0 };
          use.uses += 1;
          templateUses.set(key, use);
        }
      }
      for (const change of counterChanges.values()) addToCounter(batch, change.organisationId, change.counter, change);
      for (const use of templateUses.values()) {
        batch.set(
          firestore.doc(`orgs/${use.organisationId}/templates/${use.templateId}`),
          { generationCount: FieldValue.increment(use.uses), lastGeneratedAt: FieldValue.serverTimestamp() },
          { merge: true },
        );
      }
      await batch.commit();
    },
  };
}

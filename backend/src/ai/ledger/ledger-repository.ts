import { createHash, randomInt, randomUUID } from 'node:crypto';
import { FieldValue, type Firestore, type WriteBatch } from 'firebase-admin/firestore';
import { firstToCreate } from '../../platform/firestore/create-once';
import { billingEventsPath, chargedEvent, holdEvent, type BillingEvent } from './billing-events';
import type { CounterReference, CounterTotals, LedgerEntry } from './ledger-types';

export interface LedgerRepository {
  /**
   * Adds to the reserved amount of every counter, on one random shard each, in one atomic batch; with `leaseId`
   * (one counter), the same amount goes onto that lease's document, which says who holds the reservation.
   */
  reserve(organisationId: string, counters: readonly CounterReference[], nanoDollars: number, leaseId?: string): Promise<void>;
  release(organisationId: string, counters: readonly CounterReference[], nanoDollars: number, leaseId?: string): Promise<void>;
  /**
   * Gives a lease's whole balance back to its counter and deletes the lease, once however many instances try;
   * with `silentBefore`, only if it was last renewed before then (a lease of an instance that stopped). Answers
   * the amount given back, or undefined when there was nothing to do.
   */
  returnLease(leaseId: string, silentBefore?: Date): Promise<number | undefined>;
  /** Marks leases as alive now; answers the ids whose document is gone (returned by another instance). */
  renewLeases(leaseIds: readonly string[], at: Date): Promise<string[]>;
  /** Leases last renewed before `before`, oldest first: their instance stopped without giving them back. */
  silentLeases(before: Date, limit: number): Promise<string[]>;
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

  const addToCounter = (
    batch: WriteBatch,
    organisationId: string,
    counter: CounterReference,
    fields: { reserved: number; spent: number },
  ) => {
    if (fields.reserved === 0 && fields.spent === 0) return;
    const shard = randomInt(shards);
    const update: Record<string, unknown> = { scope: counter.scope, period: counter.period, shard };
    if (fields.reserved) update.reservedNanoDollars = FieldValue.increment(fields.reserved);
    if (fields.spent) update.spentNanoDollars = FieldValue.increment(fields.spent);
    batch.set(counterDocument(organisationId, counter, shard), update, { merge: true });
  };

  const leaseDocument = (leaseId: string) => firestore.collection('budgetLeases').doc(leaseId);
  const billingEventDocument = (organisationId: string, event: BillingEvent) =>
    firestore.collection(billingEventsPath(organisationId)).doc(event.id);
  /**
   * Every change of a leased reservation moves the counter and the lease document together, so a counter's
   * reservations always add up to its leases' balances, and returning a lease's balance (even a negative one,
   * left by a settlement after the lease was returned) puts the counter right.
   */
  const addToLease = (
    batch: WriteBatch,
    leaseId: string,
    organisationId: string,
    counter: CounterReference,
    nanoDollars: number,
    taken = false,
  ) => {
    const lease: Record<string, unknown> = {
      organisationId,
      scope: counter.scope,
      period: counter.period,
      leasedNanoDollars: FieldValue.increment(nanoDollars),
      renewedAt: new Date(),
    };
    // Only a reservation takes a lease: a settlement landing after the lease was returned leaves a document
    // without `taken`, whose (negative) balance squares the counter when it is returned in turn.
    if (taken) lease.taken = true;
    batch.set(leaseDocument(leaseId), lease, { merge: true });
  };

  const changeReserved = async (organisationId: string, counters: readonly CounterReference[], nanoDollars: number, leaseId?: string) => {
    if (nanoDollars === 0 || counters.length === 0) return;
    const batch = firestore.batch();
    for (const counter of counters) {
      addToCounter(batch, organisationId, counter, { reserved: nanoDollars, spent: 0 });
      if (!leaseId) continue;
      addToLease(batch, leaseId, organisationId, counter, nanoDollars, nanoDollars > 0);
      // The hold is a money event the admin can read: written with the counter it moves.
      const event = holdEvent(counter, nanoDollars, leaseId, new Date(), randomUUID());
      batch.create(billingEventDocument(organisationId, event), event);
    }
    await batch.commit();
  };

  return {
    reserve: (organisationId, counters, nanoDollars, leaseId) => changeReserved(organisationId, counters, nanoDollars, leaseId),
    release: (organisationId, counters, nanoDollars, leaseId) => changeReserved(organisationId, counters, -nanoDollars, leaseId),
    async returnLease(leaseId, silentBefore) {
      const lease = await leaseDocument(leaseId).get();
      if (!lease.exists) return undefined;
      const renewedAt: unknown = lease.get('renewedAt')?.toMillis?.();
      if (silentBefore && typeof renewedAt === 'number' && renewedAt >= silentBefore.getTime()) return undefined;
      const balance = Number(lease.get('leasedNanoDollars') ?? 0);
      const counter = { scope: String(lease.get('scope')), period: String(lease.get('period')) };
      // Not a transaction (the emulator's do not isolate; FACTS.md): a marker named after the state read is
      // created first, so two instances returning the same lease at once return it once.
      const batch = firestore.batch();
      const seen = lease.updateTime ? `${lease.updateTime.seconds}.${lease.updateTime.nanoseconds}` : 'unknown';
      batch.create(firestore.collection('budgetLeaseReturns').doc(`${leaseId}@${seen}`), {
        leaseId,
        nanoDollars: balance,
        returnedAt: new Date(),
        expireAt: new Date(Date.now() + 7 * 86_400_000),
      });
      const organisationId = String(lease.get('organisationId'));
      if (balance !== 0) {
        addToCounter(batch, organisationId, counter, { reserved: -balance, spent: 0 });
        // Named like the marker, so the event exists exactly when the return happened. A negative balance (a
        // settlement that landed after its lease was returned) is a reservation put back on the counter.
        const event = holdEvent(counter, -balance, leaseId, new Date(), `returned~${leaseId}@${seen}`);
        batch.create(billingEventDocument(organisationId, event), event);
      }
      batch.delete(lease.ref);
      return (await firstToCreate(() => batch.commit())) ? balance : undefined;
    },
    async renewLeases(leaseIds, at) {
      if (leaseIds.length === 0) return [];
      const snapshots = await firestore.getAll(...leaseIds.map(leaseDocument));
      const gone = snapshots.filter((snapshot) => !snapshot.exists || snapshot.get('taken') !== true).map((snapshot) => snapshot.id);
      const batch = firestore.batch();
      for (const snapshot of snapshots) if (!gone.includes(snapshot.id)) batch.update(snapshot.ref, { renewedAt: at });
      await batch.commit();
      return gone;
    },
    async silentLeases(before, limit) {
      const snapshot = await firestore.collection('budgetLeases').where('renewedAt', '<', before).orderBy('renewedAt').limit(limit).get();
      return snapshot.docs.map((document) => document.id);
    },
    async totals(organisationId, counters) {
      if (counters.length === 0) return [];
      const references = counters.flatMap((counter) =>
        Array.from({ length: shards }, (_, shard) => counterDocument(organisationId, counter, shard)),
      );
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
        for (const record of entry.records) {
          batch.create(firestore.doc(`orgs/${entry.organisationId}/usage/${record.id}`), record);
          // The charge goes with its record: both exist, or (a replay) neither is written again.
          const charged = chargedEvent(record);
          if (charged) batch.create(billingEventDocument(entry.organisationId, charged), charged);
        }
      }
      // One increment per counter for the whole group keeps hot counters to a few writes per batch.
      const counterChanges = new Map<string, { organisationId: string; counter: CounterReference; reserved: number; spent: number }>();
      const templateUses = new Map<string, { organisationId: string; templateId: string; uses: number }>();
      const leaseChanges = new Map<string, { organisationId: string; counter: CounterReference; nanoDollars: number }>();
      for (const { organisationId, settlement } of entries) {
        const fromReservation = settlement.fromReservationNanoDollars ?? settlement.spentNanoDollars;
        settlement.leaseIds?.forEach((leaseId, index) => {
          const counter = settlement.leasedCounters[index];
          if (!counter || fromReservation === 0) return;
          const change = leaseChanges.get(leaseId) ?? { organisationId, counter, nanoDollars: 0 };
          change.nanoDollars -= fromReservation;
          leaseChanges.set(leaseId, change);
        });
        const change = (counter: CounterReference) => {
          const key = `${organisationId}|${counter.scope}|${counter.period}`;
          let entry = counterChanges.get(key);
          if (!entry) counterChanges.set(key, (entry = { organisationId, counter, reserved: 0, spent: 0 }));
          return entry;
        };
        for (const counter of settlement.spendCounters) change(counter).spent += settlement.spentNanoDollars;
        for (const counter of settlement.leasedCounters) change(counter).reserved -= fromReservation;
        if (settlement.templateUse) {
          const key = `${organisationId}|${settlement.templateUse.templateId}`;
          const use = templateUses.get(key) ?? { organisationId, templateId: settlement.templateUse.templateId, uses: 0 };
          use.uses += 1;
          templateUses.set(key, use);
        }
      }
      for (const change of counterChanges.values()) addToCounter(batch, change.organisationId, change.counter, change);
      for (const [leaseId, change] of leaseChanges) addToLease(batch, leaseId, change.organisationId, change.counter, change.nanoDollars);
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

import { BudgetLeases } from '../../../../backend/src/ai/budget/budget-leases';
import type { LimitedCounter } from '../../../../backend/src/ai/budget/limited-counter';
import { createLedgerRepository, type LedgerRepository } from '../../../../backend/src/ai/ledger/ledger-repository';
import { connectFirestore, type FirestoreConnection } from '../../../../backend/src/platform/firestore/connect-firestore';

/**
 * An instance that crashes (kill -9, out of memory) never gives back its budget lease. Each lease is a document
 * that its instance renews; any other instance returns a lease silent for 3.5 renewal periods to its counter,
 * so a crash costs the budget nothing for longer than that (70 s at the default 20 s). Only an instance that
 * has itself been reaching Firestore for that long judges: after an outage every lease looks silent.
 */

const thresholds = { alertThreshold: 0.8, criticalThreshold: 0.95 };
const renewMs = 1000;
const silentMs = 3.5 * renewMs;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('budget leases of an instance that stopped', () => {
  let connection: FirestoreConnection;
  let ledger: LedgerRepository;
  const started: BudgetLeases[] = [];
  const instance = (instanceId: string) => {
    const leases = new BudgetLeases(ledger, { leaseFraction: 0.1, renewMs: 60_000, instanceId });
    started.push(leases);
    return leases;
  };
  // Renewal and reclaim are driven by hand (one call = one timer tick) so the test decides who is alive.
  const tick = (leases: BudgetLeases) => leases.renewAndReclaim();
  /** Another instance, connected from now on (its first tick). */
  const reclaimer = async (instanceId: string) => {
    const leases = new BudgetLeases(ledger, { renewMs, instanceId });
    started.push(leases);
    await tick(leases);
    return leases;
  };

  beforeAll(async () => {
    connection = await connectFirestore({});
    ledger = createLedgerRepository(connection.firestore, { shards: 4 });
  });
  afterAll(async () => {
    for (const leases of started) leases.stop();
    await connection.close();
  });
  const counterOf = (period: string): LimitedCounter => ({
    counter: { scope: 'org', period },
    limitNanoDollars: 1_000_000,
    describe: "the organisation's daily AI budget",
  });
  const reserved = async (organisationId: string, counter: LimitedCounter) => (await ledger.totals(organisationId, [counter.counter]))[0];
  const leaseDocuments = async (organisationId: string) =>
    (await connection.firestore.collection('budgetLeases').where('organisationId', '==', organisationId).get()).docs;

  it("returns a crashed instance's lease to the budget once it has been silent, and only then", async () => {
    const organisationId = 'domain:crashed-lease.example';
    const counter = counterOf('d:2026-12-06');
    const crashed = instance('crashed-instance');
    await crashed.admit(organisationId, [counter], 1000, thresholds);
    expect(await reserved(organisationId, counter)).toEqual({ reservedNanoDollars: 100_000, spentNanoDollars: 0 });
    expect(await leaseDocuments(organisationId)).toHaveLength(1);
    // kill -9: no timer of it runs again, nothing is given back.
    crashed.stop();

    const survivor = await reclaimer('survivor-instance');
    // Not silent long enough yet: a slow instance keeps its lease.
    await tick(survivor);
    expect((await reserved(organisationId, counter))?.reservedNanoDollars).toBe(100_000);

    await sleep(silentMs + 100);
    await tick(survivor);
    expect(await reserved(organisationId, counter)).toEqual({ reservedNanoDollars: 0, spentNanoDollars: 0 });
    expect(await leaseDocuments(organisationId)).toHaveLength(0);
  });

  it('keeps the lease of an instance that renews it, however long it holds it', async () => {
    const organisationId = 'domain:alive-lease.example';
    const counter = counterOf('d:2026-12-06');
    const alive = instance('alive-instance');
    await alive.admit(organisationId, [counter], 1000, thresholds);
    const other = await reclaimer('alive-reclaimer');
    for (let round = 0; round < 5; round += 1) {
      await sleep(renewMs);
      await tick(alive);
      await tick(other);
    }
    expect((await reserved(organisationId, counter))?.reservedNanoDollars).toBe(100_000);
    alive.settle(organisationId, [counter], 1000, 0);
    await alive.releaseAll();
    expect((await reserved(organisationId, counter))?.reservedNanoDollars).toBe(0);
    // Given back, the lease's document stays at zero, no longer renewed, until the sweep of silent leases deletes it.
    expect((await leaseDocuments(organisationId)).map((lease) => lease.get('leasedNanoDollars'))).toEqual([0]);
    await sleep(silentMs + 100);
    await tick(other);
    expect(await leaseDocuments(organisationId)).toHaveLength(0);
    expect((await reserved(organisationId, counter))?.reservedNanoDollars).toBe(0);
  });

  it('does not judge others while it could not reach Firestore itself: after an outage, live leases are kept', async () => {
    const organisationId = 'domain:outage-lease.example';
    const counter = counterOf('d:2026-12-06');
    const owner = instance('outage-owner');
    await owner.admit(organisationId, [counter], 1000, thresholds);
    // Both instances were cut off for longer than the silence limit; the judge's first tick after it finds the lease silent.
    await sleep(silentMs + 100);
    const judge = await reclaimer('outage-judge');
    await tick(judge);
    expect((await reserved(organisationId, counter))?.reservedNanoDollars).toBe(100_000);
    // The owner is back too and renews within a period, so its lease is never taken from it.
    await tick(owner);
    await sleep(renewMs);
    await tick(judge);
    expect((await reserved(organisationId, counter))?.reservedNanoDollars).toBe(100_000);
    owner.settle(organisationId, [counter], 1000, 0);
    await owner.releaseAll();
  });

  it('returns a silent lease once when two instances sweep at the same moment', async () => {
    const organisationId = 'domain:double-sweep-lease.example';
    const counter = counterOf('d:2026-12-06');
    const crashed = instance('double-crashed');
    await crashed.admit(organisationId, [counter], 1000, thresholds);
    crashed.stop();
    const first = await reclaimer('double-first');
    const second = await reclaimer('double-second');
    await sleep(silentMs + 100);
    await Promise.all([tick(first), tick(second), tick(first), tick(second)]);
    expect(await reserved(organisationId, counter)).toEqual({ reservedNanoDollars: 0, spentNanoDollars: 0 });
    expect(await leaseDocuments(organisationId)).toHaveLength(0);
  });

  it('squares the budget when a paused instance settles spend on a lease that was returned meanwhile', async () => {
    const organisationId = 'domain:paused-lease.example';
    const counter = counterOf('d:2026-12-06');
    const paused = instance('paused-instance');
    await paused.admit(organisationId, [counter], 30_000, thresholds);
    const leaseIds = paused.leaseIdsOf(organisationId, [counter]);
    const judge = await reclaimer('paused-reclaimer');
    await sleep(silentMs + 100);
    await tick(judge);
    expect((await reserved(organisationId, counter))?.reservedNanoDollars).toBe(0);

    // The paused instance wakes up and records what its request spent against the lease it still believes in.
    paused.settle(organisationId, [counter], 30_000, 25_000);
    await ledger.commit([
      {
        organisationId,
        records: [],
        settlement: { spendCounters: [counter.counter], leasedCounters: [counter.counter], leaseIds, spentNanoDollars: 25_000 },
      },
    ]);
    // It learns on its next renewal that the lease is gone, and takes a new one for its next request.
    let reserves = 0;
    const reserve = ledger.reserve;
    ledger.reserve = (...parameters) => {
      reserves += 1;
      return reserve(...parameters);
    };
    await tick(paused);
    await paused.admit(organisationId, [counter], 1000, thresholds);
    ledger.reserve = reserve;
    expect(reserves).toBe(1);
    paused.settle(organisationId, [counter], 1000, 0);
    await paused.releaseAll();
    // The settlement that came after the return left its lease below zero; the sweep squares it once silent.
    await sleep(silentMs + 100);
    await tick(judge);

    // Spend is counted once and no reservation is left over: the counter is exactly right again.
    expect(await reserved(organisationId, counter)).toEqual({ reservedNanoDollars: 0, spentNanoDollars: 25_000 });
    expect(await leaseDocuments(organisationId)).toHaveLength(0);
  });
});

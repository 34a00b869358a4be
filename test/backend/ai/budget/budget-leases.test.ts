import { BudgetLeases, BudgetRefusal } from '../../../../backend/src/ai/budget/budget-leases';
import type { LimitedCounter } from '../../../../backend/src/ai/budget/limited-counter';
import { createLedgerRepository, type LedgerRepository } from '../../../../backend/src/ai/ledger/ledger-repository';
import { connectFirestore, type FirestoreConnection } from '../../../../backend/src/platform/firestore/connect-firestore';
import { captureLog } from '../captured-log';

const thresholds = { alertThreshold: 0.8, criticalThreshold: 0.95 };
const limited = (limitNanoDollars: number): LimitedCounter => ({
  counter: { scope: 'org', period: 'd:2026-11-23' },
  limitNanoDollars,
  describe: "the organisation's daily AI budget",
});

describe('budget leases on the shared counters', () => {
  let connection: FirestoreConnection;
  let ledger: LedgerRepository;
  let reserveCalls: number;
  beforeAll(async () => {
    connection = await connectFirestore({});
    const real = createLedgerRepository(connection.firestore, { shards: 4 });
    ledger = {
      ...real,
      reserve: async (...parameters) => {
        reserveCalls += 1;
        return real.reserve(...parameters);
      },
    };
  });
  beforeEach(() => {
    reserveCalls = 0;
  });
  afterAll(() => connection.close());

  it('admits many requests on one lease, and gives the unused part back', async () => {
    const organisationId = 'domain:lease.example';
    const leases = new BudgetLeases(ledger, { leaseFraction: 0.1 });
    const counter = limited(1_000_000);
    for (let index = 0; index < 50; index += 1) await leases.admit(organisationId, [counter], 1000, thresholds);
    expect(reserveCalls).toBe(1);
    const [held] = await ledger.totals(organisationId, [counter.counter]);
    expect(held).toEqual({ reservedNanoDollars: 100_000, spentNanoDollars: 0 });

    leases.settle(organisationId, [counter], 50 * 1000, 30_000);
    await ledger.commit([
      {
        organisationId,
        records: [],
        settlement: {
          spendCounters: [counter.counter],
          leasedCounters: [counter.counter],
          leaseIds: leases.leaseIdsOf(organisationId, [counter]),
          spentNanoDollars: 30_000,
        },
      },
    ]);
    await leases.releaseAll();
    leases.stop();
    expect((await ledger.totals(organisationId, [counter.counter]))[0]).toEqual({ reservedNanoDollars: 0, spentNanoDollars: 30_000 });
  });

  it('reports the level of the shared counters and refuses what spend leaves no room for', async () => {
    const organisationId = 'domain:lease-level.example';
    const counter = limited(10_000);
    await ledger.commit([
      { organisationId, records: [], settlement: { spendCounters: [counter.counter], leasedCounters: [], spentNanoDollars: 8_000 } },
    ]);
    const leases = new BudgetLeases(ledger, { leaseFraction: 0.01 });

    const admission = await leases.admit(organisationId, [counter], 1000, thresholds);
    // 8,000 spent and 1,000 held of 10,000: 90 %.
    expect(admission.levels).toEqual(['alert']);
    const refusal = leases.admit(organisationId, [counter], 2500, thresholds);
    await expect(refusal).rejects.toBeInstanceOf(BudgetRefusal);
    await expect(refusal).rejects.toMatchObject({ reservationsOnly: false });

    leases.settle(organisationId, [counter], 1000, 0);
    await leases.releaseAll();
    leases.stop();
    expect((await ledger.totals(organisationId, [counter.counter]))[0]).toEqual({ reservedNanoDollars: 0, spentNanoDollars: 8_000 });
  });

  it('logs a level refresh that failed behind an admitted request, and keeps admitting on the lease', async () => {
    const organisationId = 'domain:lease-refresh-fails.example';
    const counter = limited(1_000_000);
    let totalsFail = false;
    const flaky: LedgerRepository = {
      ...ledger,
      totals: async (...parameters) => {
        if (totalsFail) throw new Error('Firestore is not answering');
        return ledger.totals(...parameters);
      },
    };
    const { logger, lines } = captureLog();
    let clock = Date.now();
    const leases = new BudgetLeases(flaky, { leaseFraction: 0.1, levelRefreshMs: 5000, logger, now: () => clock });
    await leases.admit(organisationId, [counter], 1000, thresholds);
    totalsFail = true;
    clock += 6000;
    await expect(leases.admit(organisationId, [counter], 1000, thresholds)).resolves.toEqual({ levels: ['normal'], usedShares: [0.1] });
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        msg: 'a budget level could not be refreshed',
        organisationId,
        scope: 'org',
        err: expect.objectContaining({ message: 'Firestore is not answering' }),
      }),
    );
    totalsFail = false;
    leases.settle(organisationId, [counter], 2000, 0);
    await leases.releaseAll();
    leases.stop();
  });
});

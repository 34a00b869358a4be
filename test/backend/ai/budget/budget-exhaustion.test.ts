import { createBudgetExhaustionCheck } from '../../../../backend/src/ai/budget/budget-exhaustion';
import type { BudgetAlert } from '../../../../backend/src/ai/budget/budget-alerts';
import type { LedgerRepository } from '../../../../backend/src/ai/ledger/ledger-repository';
import type { BudgetLimit, CounterReference, LedgerEntry } from '../../../../backend/src/ai/ledger/ledger-types';

/** The exhausted check reads the shared counters only for budgets a request saw near their limit. */
describe('the budget exhaustion check after a usage write', () => {
  const organisationId = 'domain:exhaustion.example';
  const counter: CounterReference = { scope: 'org', period: 'd:2026-11-23' };
  const limitNanoDollars = 10_000_000;

  const setUp = (spentOnCounter: number) => {
    const reads: CounterReference[][] = [];
    const raised: BudgetAlert[] = [];
    const ledger = {
      totals: async (_organisationId: string, counters: readonly CounterReference[]) => {
        reads.push([...counters]);
        return counters.map(() => ({ reservedNanoDollars: 0, spentNanoDollars: spentOnCounter }));
      },
    } as unknown as LedgerRepository;
    const check = createBudgetExhaustionCheck({ ledger, alerts: { raise: async (alert) => void raised.push(alert) } });
    return { check, reads, raised };
  };
  const entry = (spentNanoDollars: number, seen: BudgetLimit['seen']): LedgerEntry => ({
    organisationId,
    records: [],
    settlement: {
      spendCounters: [counter],
      leasedCounters: [counter],
      spentNanoDollars,
      budgetLimits: [{ counter, limitNanoDollars, seen }],
    },
  });

  it('reads nothing for a budget seen at normal level that this spend cannot use up', async () => {
    const { check, reads, raised } = setUp(2_000_000);
    await check([
      entry(1_000, { level: 'normal', usedNanoDollars: 2_000_000 }),
      entry(2_000, { level: 'normal', usedNanoDollars: 2_100_000 }),
    ]);
    expect(reads).toEqual([]);
    expect(raised).toEqual([]);
  });

  it('reads a budget seen at alert or critical level, and raises exhausted once it is used up', async () => {
    const { check, reads, raised } = setUp(limitNanoDollars);
    await check([entry(1_000, { level: 'critical', usedNanoDollars: 9_900_000 })]);
    await check([entry(1_000, { level: 'critical', usedNanoDollars: 9_900_000 })]);
    expect(reads).toEqual([[counter]]);
    expect(raised).toEqual([
      { organisationId, scope: 'org', period: counter.period, level: 'exhausted', usedNanoDollars: limitNanoDollars, limitNanoDollars },
    ]);
  });

  it('reads a budget seen at normal level when the spend itself reaches the limit, or when its level was unknown', async () => {
    const overspent = setUp(60_000_000);
    await overspent.check([entry(60_000_000, { level: 'normal', usedNanoDollars: 100_000 })]);
    expect(overspent.reads).toEqual([[counter]]);
    expect(overspent.raised).toHaveLength(1);

    const unknown = setUp(5_000_000);
    await unknown.check([entry(1_000, undefined)]);
    expect(unknown.reads).toEqual([[counter]]);
    expect(unknown.raised).toEqual([]);
  });
});

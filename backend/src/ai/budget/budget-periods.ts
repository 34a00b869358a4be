import type { CounterReference } from '../ledger/ledger-types';

/** Budgets run on UTC days and months, so every instance and the dashboard agree on where a period ends. */
export function periodsOf(at: Date): { day: string; month: string } {
  const iso = at.toISOString();
  return { day: iso.slice(0, 10), month: iso.slice(0, 7) };
}

export interface BudgetCounters {
  organisationDay: CounterReference;
  organisationMonth: CounterReference;
  userDay: CounterReference;
  userMonth: CounterReference;
}

export function budgetCountersFor(userId: string, at: Date): BudgetCounters {
  const { day, month } = periodsOf(at);
  return {
    organisationDay: { scope: 'org', period: `d:${day}` },
    organisationMonth: { scope: 'org', period: `m:${month}` },
    userDay: { scope: `user:${userId}`, period: `d:${day}` },
    userMonth: { scope: `user:${userId}`, period: `m:${month}` },
  };
}

export function allCounters(counters: BudgetCounters): CounterReference[] {
  return [counters.organisationDay, counters.organisationMonth, counters.userDay, counters.userMonth];
}

import type { CounterReference } from '../ledger/ledger-types';
import { toNanoDollars } from '../models/model-cost';
import type { AiSettings } from '../settings/ai-settings';
import type { BudgetCounters } from './budget-periods';

/** A spend counter that has a limit, with words for the person who hits it. */
export interface LimitedCounter {
  counter: CounterReference;
  limitNanoDollars: number;
  /** "the organisation's daily AI budget", "your monthly AI budget" */
  describe: string;
}

/** The counters of a request that have a limit: the organisation's and the user's, daily and monthly. */
export function limitedCountersFor(settings: Pick<AiSettings, 'budgets'>, userId: string, counters: BudgetCounters): LimitedCounter[] {
  const { budgets } = settings;
  const user = budgets.userOverrides[userId] ?? budgets.perUser;
  const candidates: Array<[CounterReference, number | undefined, string]> = [
    [counters.organisationDay, budgets.organisation.dailyUsd, "the organisation's daily AI budget"],
    [counters.organisationMonth, budgets.organisation.monthlyUsd, "the organisation's monthly AI budget"],
    [counters.userDay, user.dailyUsd, 'your daily AI budget'],
    [counters.userMonth, user.monthlyUsd, 'your monthly AI budget'],
  ];
  return candidates
    .filter((candidate): candidate is [CounterReference, number, string] => candidate[1] !== undefined)
    .map(([counter, limit, describe]) => ({ counter, limitNanoDollars: toNanoDollars(limit), describe }));
}

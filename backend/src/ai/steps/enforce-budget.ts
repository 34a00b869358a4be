import { BudgetExhaustedError, RequestOverCeilingError } from '../ai-errors';
import type { BudgetAlertSink } from '../budget/budget-alerts';
import { levelOf, worstLevel, type BudgetLevel } from '../budget/budget-level';
import { allCounters, budgetCountersFor } from '../budget/budget-periods';
import type { CounterReference } from '../ledger/ledger-types';
import type { LedgerRepository } from '../ledger/ledger-repository';
import { toDollars, toNanoDollars } from '../models/model-cost';
import type { AiSettings } from '../settings/ai-settings';

export interface BudgetReservation {
  level: BudgetLevel;
  warnings: string[];
  counters: readonly CounterReference[];
  /** What this request holds reserved right now. */
  readonly reservedNanoDollars: number;
  /** Grows the reservation to `nanoDollars` in total, reserve-then-check; false (and unchanged) when there is no room. */
  cover(nanoDollars: number): Promise<boolean>;
}

export interface EnforceBudgetInput {
  organisationId: string;
  userId: string;
  worstCaseNanoDollars: number;
  settings: AiSettings;
  ledger: LedgerRepository;
  alerts: BudgetAlertSink;
  now: Date;
  /** Waits between admission attempts when concurrent reservations, not spend, filled the budget. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

interface LimitedCounter {
  counter: CounterReference;
  limitNanoDollars: number;
  describe: string;
}

const admissionAttempts = 5;

function dollars(nanoDollars: number): string {
  return `$${toDollars(nanoDollars).toFixed(2)}`;
}

function limitedCounters(input: EnforceBudgetInput): LimitedCounter[] {
  const counters = budgetCountersFor(input.userId, input.now);
  const { budgets } = input.settings;
  const user = budgets.userOverrides[input.userId] ?? budgets.perUser;
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

/**
 * Reserves the request's worst-case cost before any model is called. Correctness rests on atomic
 * increments, not transactions: a request first adds its reservation, then reads the totals, and backs out
 * if any limit is passed. The last of any set of admitted requests saw all of their reservations, so the
 * admitted ones can never add up to more than a limit.
 */
export async function enforceBudget(input: EnforceBudgetInput): Promise<BudgetReservation> {
  const ceiling = input.settings.budgets.perRequestCeilingUsd;
  if (ceiling !== undefined && input.worstCaseNanoDollars > toNanoDollars(ceiling)) {
    throw new RequestOverCeilingError({
      message: `This request could cost up to ${dollars(input.worstCaseNanoDollars)}, above the per-request ceiling of ${dollars(toNanoDollars(ceiling))}. Shorten the prompt or context, lower the maximum output tokens, or ask an admin to raise the ceiling.`,
    });
  }
  const counters = allCounters(budgetCountersFor(input.userId, input.now));
  const limited = limitedCounters(input);
  const sleep = input.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = input.random ?? Math.random;
  const thresholds = input.settings.budgets;

  /** One reserve-then-check; the passed limit when it failed (and the amount was given back). */
  async function tryReserve(amount: number): Promise<{ levels: BudgetLevel[]; refusedBy?: LimitedCounter; reservationsOnly: boolean }> {
    await input.ledger.reserve(input.organisationId, counters, amount);
    if (limited.length === 0) return { levels: [], reservationsOnly: false };
    const totals = await input.ledger.totals(input.organisationId, limited.map((entry) => entry.counter));
    const levels = limited.map((entry, index) => {
      const total = totals[index] ?? { reservedNanoDollars: 0, spentNanoDollars: 0 };
      return levelOf(total.spentNanoDollars + total.reservedNanoDollars, entry.limitNanoDollars, thresholds);
    });
    const refusedIndex = levels.indexOf('exhausted');
    if (refusedIndex === -1) {
      levels.forEach((level, index) => {
        const entry = limited[index] as LimitedCounter;
        const total = totals[index] ?? { reservedNanoDollars: 0, spentNanoDollars: 0 };
        if (level === 'alert' || level === 'critical') {
          input.alerts
            .raise({ organisationId: input.organisationId, scope: entry.counter.scope, period: entry.counter.period, level, usedNanoDollars: total.spentNanoDollars + total.reservedNanoDollars, limitNanoDollars: entry.limitNanoDollars })
            .catch(() => undefined);
        }
      });
      return { levels, reservationsOnly: false };
    }
    await input.ledger.release(input.organisationId, counters, amount);
    const refusedBy = limited[refusedIndex] as LimitedCounter;
    const spent = totals[refusedIndex]?.spentNanoDollars ?? 0;
    return { levels, refusedBy, reservationsOnly: spent + amount <= refusedBy.limitNanoDollars };
  }

  let outcome = await tryReserve(input.worstCaseNanoDollars);
  for (let attempt = 1; outcome.refusedBy && outcome.reservationsOnly && attempt < admissionAttempts; attempt += 1) {
    // Requests in flight hold the room; spread the retries so some of them find it once they settle.
    await sleep(Math.round(random() * 25 * 2 ** attempt));
    outcome = await tryReserve(input.worstCaseNanoDollars);
  }
  if (outcome.refusedBy) {
    const busy = outcome.reservationsOnly ? ' Requests in progress hold the rest; try again in a moment.' : '';
    throw new BudgetExhaustedError({ message: `This would go over ${outcome.refusedBy.describe} (${dollars(outcome.refusedBy.limitNanoDollars)}).${busy} Ask an admin to raise the budget in Admin settings.` });
  }

  const level = worstLevel(outcome.levels);
  const warnings: string[] = [];
  limited.forEach((entry, index) => {
    const entryLevel = outcome.levels[index];
    if (entryLevel === 'critical') warnings.push(`Almost all of ${entry.describe} is used: a cheaper model and shorter output are used.`);
    else if (entryLevel === 'alert') warnings.push(`Over ${Math.round(thresholds.alertThreshold * 100)} % of ${entry.describe} is used.`);
  });

  let reserved = input.worstCaseNanoDollars;
  return {
    level,
    warnings,
    counters,
    get reservedNanoDollars() {
      return reserved;
    },
    async cover(nanoDollars) {
      if (nanoDollars <= reserved) return true;
      const extra = nanoDollars - reserved;
      const result = await tryReserve(extra);
      if (result.refusedBy) return false;
      reserved += extra;
      return true;
    },
  };
}

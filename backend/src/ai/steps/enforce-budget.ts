import { BudgetExhaustedError, RequestOverCeilingError } from '../ai-errors';
import type { BudgetAlertSink } from '../budget/budget-alerts';
import type { Logger } from '../../platform/logger';
import { BudgetRefusal, type BudgetLeases, type SeenLevel } from '../budget/budget-leases';
import { worstLevel, type BudgetLevel } from '../budget/budget-level';
import { allCounters, budgetCountersFor } from '../budget/budget-periods';
import { limitedCountersFor, type LimitedCounter } from '../budget/limited-counter';
import type { CounterReference } from '../ledger/ledger-types';
import { fitRequest } from '../models/fit-request';
import { toDollars, toNanoDollars, worstCaseNanoDollars } from '../models/model-cost';
import type { BudgetedRun, RunSettings, SummarizedRun } from './ask-ai-run';

export interface BudgetReservation {
  level: BudgetLevel;
  warnings: string[];
  /** Every spend counter of the request (organisation and user, day and month): spend is added to all. */
  counters: readonly CounterReference[];
  /** The counters with a limit, on which the request holds a reservation. */
  limited: readonly LimitedCounter[];
  /** What this request holds reserved right now. */
  readonly reservedNanoDollars: number;
  /** Grows the reservation to `nanoDollars` in total; false (and unchanged) when there is no room. */
  cover(nanoDollars: number): Promise<boolean>;
  /**
   * Gives the hold back and turns `spentNanoDollars` of it into spend, exactly once (a second call is a bug and
   * throws). Answers, per limited counter, the level and use last seen on the shared counters.
   */
  settle(spentNanoDollars: number): Array<SeenLevel | undefined>;
  /** Gives the whole hold back unless it was settled: every path that ends without settling calls it. */
  release(): void;
  /** The budget leases the hold was taken from, for the settlement that moves their balance to spend. */
  leaseIds(): string[];
}

export interface ReserveBudgetInput {
  organisationId: string;
  userId: string;
  worstCaseNanoDollars: number;
  settings: Pick<RunSettings, 'budgets'>;
  leases: BudgetLeases;
  alerts: BudgetAlertSink;
  now: Date;
  /** Told when an alert could not be raised: the request goes on, but the admins were not told. */
  logger?: Logger | undefined;
}

function dollars(nanoDollars: number): string {
  return `$${toDollars(nanoDollars).toFixed(2)}`;
}

/**
 * Reserves the request's worst-case cost before any model is called, on every budget that applies (the
 * organisation's and the user's, daily and monthly). Reservations are taken from budget leases (see
 * BudgetLeases): atomic increments and reserve-then-check, never transactions, so concurrent requests can
 * never overspend. A per-request ceiling refuses one oversized request on its own.
 */
export async function reserveBudget(input: ReserveBudgetInput): Promise<BudgetReservation> {
  const ceiling = input.settings.budgets.perRequestCeilingUsd;
  if (ceiling !== undefined && input.worstCaseNanoDollars > toNanoDollars(ceiling)) {
    throw new RequestOverCeilingError({
      message: `This request could cost up to ${dollars(input.worstCaseNanoDollars)}, above the per-request ceiling of ${dollars(toNanoDollars(ceiling))}. Shorten the prompt or context, lower the maximum output tokens, or ask an admin to raise the ceiling.`,
    });
  }
  const requestCounters = budgetCountersFor(input.userId, input.now);
  const counters = allCounters(requestCounters);
  const limited = limitedCountersFor(input.settings, input.userId, requestCounters);
  const thresholds = input.settings.budgets;

  let admission;
  try {
    admission = await input.leases.admit(input.organisationId, limited, input.worstCaseNanoDollars, thresholds);
  } catch (error) {
    if (!(error instanceof BudgetRefusal)) throw error;
    const busy = error.reservationsOnly ? ' Requests in progress hold the rest; try again in a moment.' : '';
    throw new BudgetExhaustedError({
      message: `This would go over ${error.limited.describe} (${dollars(error.limited.limitNanoDollars)}).${busy} Ask an admin to raise the budget in Admin settings.`,
    });
  }

  // An admitted request is at most critical: the shared totals count every instance's unused leases too.
  const levels = admission.levels.map((level): BudgetLevel => (level === 'exhausted' ? 'critical' : level));
  const warnings: string[] = [];
  limited.forEach((entry, index) => {
    const level = levels[index];
    if (level === 'critical') warnings.push(`Almost all of ${entry.describe} is used: a cheaper model and shorter output are used.`);
    else if (level === 'alert') warnings.push(`Over ${Math.round(thresholds.alertThreshold * 100)} % of ${entry.describe} is used.`);
    if (level === 'alert' || level === 'critical') {
      const usedNanoDollars = Math.round((admission.usedShares[index] ?? 0) * entry.limitNanoDollars);
      const alert = {
        organisationId: input.organisationId,
        scope: entry.counter.scope,
        period: entry.counter.period,
        level,
        usedNanoDollars,
        limitNanoDollars: entry.limitNanoDollars,
      };
      // Not awaited: the request need not wait for the alert, but a lost alert is reported.
      input.alerts.raise(alert).catch((error: unknown) => input.logger?.warn({ err: error, alert }, 'a budget alert could not be raised'));
    }
  });

  let reserved = input.worstCaseNanoDollars;
  let settled = false;
  const settle = (spentNanoDollars: number) => {
    if (settled) throw new Error('A budget reservation was settled twice.');
    settled = true;
    return input.leases.settle(input.organisationId, limited, reserved, spentNanoDollars);
  };
  return {
    level: worstLevel(levels),
    warnings,
    counters,
    limited,
    get reservedNanoDollars() {
      return reserved;
    },
    async cover(nanoDollars) {
      if (nanoDollars <= reserved) return true;
      const extra = nanoDollars - reserved;
      if (!(await input.leases.extend(input.organisationId, limited, extra, thresholds))) return false;
      reserved += extra;
      return true;
    },
    settle,
    release() {
      if (!settled) settle(0);
    },
    leaseIds: () => input.leases.leaseIdsOf(input.organisationId, limited),
  };
}

/**
 * Step 4, enforceBudget: reserves the requested model's worst case (its prompt, its normal output limit and
 * the thinking room a reasoning model may bill on top) before anything is called. execute grows the hold
 * when a fallback's worst case is larger.
 */
export async function enforceBudget<Run extends SummarizedRun>(run: Run): Promise<Run & Pick<BudgetedRun, 'reservation'>> {
  const { request, dependencies } = run;
  const outputTokens = fitRequest(run.requestedModel, {
    temperature: request.temperature,
    maxOutputTokens: run.requestedLimit.maxOutputTokens,
  }).maxOutputTokens;
  const reservation = await reserveBudget({
    organisationId: request.organisationId,
    userId: request.userId,
    worstCaseNanoDollars: worstCaseNanoDollars(run.requestedModel.prices, run.requestedPrompt.tokens(), outputTokens),
    settings: run.settings,
    leases: dependencies.leases,
    alerts: dependencies.alerts,
    now: new Date(run.startedAt),
    logger: dependencies.logger,
  });
  return { ...run, reservation };
}

import type { Logger } from '../../platform/logger';
import type { LedgerRepository } from '../ledger/ledger-repository';
import type { BudgetLimit, LedgerEntry } from '../ledger/ledger-types';
import type { BudgetAlertSink } from './budget-alerts';

interface Candidate {
  /** The smallest limit any request of the group saw: settings may have changed between them. */
  limit: BudgetLimit;
  /** Whether a request of the group saw the counter at alert level or above, or did not know its level. */
  near: boolean;
  /** The most use any request of the group saw, plus what the group spent on the counter. */
  usedSeenNanoDollars: number;
  spentNanoDollars: number;
}

/**
 * Raises the `exhausted` alert when written spend reaches 100 % of a budget. It runs after the usage write,
 * not in enforceBudget: admission only sees worst-case reservations, so a refusal there can be one oversized
 * request while the budget is far from used, and an admitted request can still spend the last of it (its
 * actual cost is known only now). The alert id is created once per scope and period, so racing instances and
 * repeated writes raise it once.
 *
 * Reading a counter's shards costs a Firestore read each, and this follows every usage write, so a counter is
 * read only when it may be near its limit: a request saw it at alert level or above (or did not know), or the
 * use it saw plus the group's spend reaches the limit (one request that spent far more than its worst case).
 */
export function createBudgetExhaustionCheck(options: {
  ledger: LedgerRepository;
  alerts: BudgetAlertSink;
  logger?: Logger | undefined;
}): (entries: readonly LedgerEntry[]) => Promise<void> {
  /** Counters this instance already found exhausted: no further read for them this period. */
  const exhausted = new Set<string>();
  return async (entries) => {
    const byOrganisation = new Map<string, Map<string, Candidate>>();
    for (const { organisationId, settlement } of entries) {
      if (settlement.spentNanoDollars <= 0 || !settlement.budgetLimits) continue;
      for (const limit of settlement.budgetLimits) {
        const key = `${organisationId}|${limit.counter.scope}|${limit.counter.period}`;
        if (exhausted.has(key)) continue;
        let candidates = byOrganisation.get(organisationId);
        if (!candidates) byOrganisation.set(organisationId, (candidates = new Map()));
        const near = !limit.seen || limit.seen.level !== 'normal';
        const usedSeen = limit.seen?.usedNanoDollars ?? 0;
        const candidate = candidates.get(key);
        if (!candidate) {
          candidates.set(key, { limit, near, usedSeenNanoDollars: usedSeen, spentNanoDollars: settlement.spentNanoDollars });
          continue;
        }
        if (limit.limitNanoDollars < candidate.limit.limitNanoDollars) candidate.limit = limit;
        candidate.near ||= near;
        candidate.usedSeenNanoDollars = Math.max(candidate.usedSeenNanoDollars, usedSeen);
        candidate.spentNanoDollars += settlement.spentNanoDollars;
      }
    }
    for (const [organisationId, candidates] of byOrganisation) {
      const list = [...candidates.entries()].filter(
        ([, candidate]) => candidate.near || candidate.usedSeenNanoDollars + candidate.spentNanoDollars >= candidate.limit.limitNanoDollars,
      );
      if (list.length === 0) continue;
      const totals = await options.ledger.totals(
        organisationId,
        list.map(([, candidate]) => candidate.limit.counter),
      );
      for (const [index, [key, { limit }]] of list.entries()) {
        const spent = totals[index]?.spentNanoDollars ?? 0;
        if (spent < limit.limitNanoDollars) continue;
        exhausted.add(key);
        if (exhausted.size > 10_000) exhausted.delete(exhausted.values().next().value as string);
        options.logger?.warn(
          {
            organisationId,
            scope: limit.counter.scope,
            period: limit.counter.period,
            spentNanoDollars: spent,
            limitNanoDollars: limit.limitNanoDollars,
          },
          'a budget is exhausted',
        );
        await options.alerts.raise({
          organisationId,
          scope: limit.counter.scope,
          period: limit.counter.period,
          level: 'exhausted',
          usedNanoDollars: spent,
          limitNanoDollars: limit.limitNanoDollars,
        });
      }
    }
  };
}

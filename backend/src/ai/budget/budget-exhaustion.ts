import type { Logger } from '../../platform/logger';
import type { LedgerRepository } from '../ledger/ledger-repository';
import type { BudgetLimit, LedgerEntry } from '../ledger/ledger-types';
import type { BudgetAlertSink } from './budget-alerts';

/**
 * Raises the `exhausted` alert when written spend reaches 100 % of a budget. It runs after the usage write,
 * not in enforceBudget: admission only sees worst-case reservations, so a refusal there can be one oversized
 * request while the budget is far from used, and an admitted request can still spend the last of it (its
 * actual cost is known only now). The alert id is created once per scope and period, so racing instances and
 * repeated writes raise it once.
 */
export function createBudgetExhaustionCheck(options: { ledger: LedgerRepository; alerts: BudgetAlertSink; logger?: Logger | undefined }): (entries: readonly LedgerEntry[]) => Promise<void> {
  /** Counters this instance already found exhausted: no further read for them this period. */
  const exhausted = new Set<string>();
  return async (entries) => {
    const byOrganisation = new Map<string, Map<string, BudgetLimit>>();
    for (const { organisationId, settlement } of entries) {
      if (settlement.spentNanoDollars <= 0 || !settlement.budgetLimits) continue;
      for (const limit of settlement.budgetLimits) {
        const key = `${organisationId}|${limit.counter.scope}|${limit.counter.period}`;
        if (exhausted.has(key)) continue;
        let limits = byOrganisation.get(organisationId);
        if (!limits) byOrganisation.set(organisationId, (limits = new Map()));
        // The smallest limit any request of the group saw: settings may have changed between them.
        const seen = limits.get(key);
        if (!seen || limit.limitNanoDollars < seen.limitNanoDollars) limits.set(key, limit);
      }
    }
    for (const [organisationId, limits] of byOrganisation) {
      const list = [...limits.entries()];
      const totals = await options.ledger.totals(organisationId, list.map(([, limit]) => limit.counter));
      for (const [index, [key, limit]] of list.entries()) {
        const spent = totals[index]?.spentNanoDollars ?? 0;
        if (spent < limit.limitNanoDollars) continue;
        exhausted.add(key);
        if (exhausted.size > 10_000) exhausted.delete(exhausted.values().next().value as string);
        options.logger?.warn({ organisationId, scope: limit.counter.scope, period: limit.counter.period, spentNanoDollars: spent, limitNanoDollars: limit.limitNanoDollars }, 'a budget is exhausted');
        await options.alerts.raise({ organisationId, scope: limit.counter.scope, period: limit.counter.period, level: 'exhausted', usedNanoDollars: spent, limitNanoDollars: limit.limitNanoDollars });
      }
    }
  };
}

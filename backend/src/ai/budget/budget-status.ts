import type { LedgerRepository } from '../ledger/ledger-repository';
import { toDollars } from '../models/model-cost';
import type { AiSettingsRepository } from '../settings/ai-settings-repository';
import { levelOf, worstLevel, type BudgetLevel } from './budget-level';
import { budgetCountersFor } from './budget-periods';
import { limitedCountersFor } from './limited-counter';

export interface BudgetStatusEntry {
  scope: 'organisation' | 'user';
  period: 'day' | 'month';
  /** "2026-11-23" or "2026-11" */
  periodKey: string;
  limitUsd: number;
  spentUsd: number;
  /** Held by requests in progress and by instances' unused leases. */
  reservedUsd: number;
  usedShare: number;
  level: BudgetLevel;
}

export interface BudgetStatus {
  level: BudgetLevel;
  budgets: BudgetStatusEntry[];
}

export type BudgetStatusReader = (organisationId: string, userId: string, at?: Date) => Promise<BudgetStatus>;

/** Where each budget that applies to a user stands now: what the dashboard and the sidebar show. */
export function createBudgetStatusReader(settings: AiSettingsRepository, ledger: LedgerRepository): BudgetStatusReader {
  return async (organisationId, userId, at = new Date()) => {
    const current = await settings.get(organisationId);
    const limited = limitedCountersFor(current, userId, budgetCountersFor(userId, at));
    if (limited.length === 0) return { level: 'normal', budgets: [] };
    const totals = await ledger.totals(
      organisationId,
      limited.map((entry) => entry.counter),
    );
    const budgets = limited.map((entry, index): BudgetStatusEntry => {
      const total = totals[index] ?? { spentNanoDollars: 0, reservedNanoDollars: 0 };
      return {
        scope: entry.counter.scope === 'org' ? 'organisation' : 'user',
        period: entry.counter.period.startsWith('d:') ? 'day' : 'month',
        periodKey: entry.counter.period.slice(2),
        limitUsd: toDollars(entry.limitNanoDollars),
        spentUsd: toDollars(total.spentNanoDollars),
        reservedUsd: toDollars(total.reservedNanoDollars),
        usedShare: total.spentNanoDollars / entry.limitNanoDollars,
        level: levelOf(total.spentNanoDollars, entry.limitNanoDollars, current.budgets),
      };
    });
    return { level: worstLevel(budgets.map((budget) => budget.level)), budgets };
  };
}

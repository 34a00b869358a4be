import { budgetAlertLevels, type AdminAiSettings, type AlertSettingsView, type BudgetAlertLevel, type BudgetLevel, type BudgetStatusEntry, type PeriodLimits } from '../../../shared/admin-contract';
import { FormProblem, formatUsd, numberText, optionalNumber, requiredNumber } from './parse';

/** The "Budgets & alerts" form as text: dollars, and thresholds in percent. */
export interface BudgetForm {
  organisationDaily: string;
  organisationMonthly: string;
  perUserDaily: string;
  perUserMonthly: string;
  /** Percent of a budget at which an alert goes out. */
  alertPercent: string;
  criticalPercent: string;
  perRequestCeiling: string;
  /** Addresses alerts are mailed to, one per line or comma-separated. */
  alertEmails: string;
  /** Budget levels whose crossing sends an alert. */
  alertLevels: BudgetAlertLevel[];
  errorSpikeAlerts: boolean;
}

const defaultAlerts: AlertSettingsView = { emails: [], onBudgetLevels: [...budgetAlertLevels], errorSpike: { enabled: true, minimumRequests: 20, errorRate: 0.25, windowMinutes: 15 } };

function percentText(share: number): string {
  return String(Math.round(share * 10_000) / 100);
}

export function budgetFormFromSettings(settings: AdminAiSettings): BudgetForm {
  const budgets = settings.budgets;
  return {
    organisationDaily: numberText(budgets.organisation.dailyUsd),
    organisationMonthly: numberText(budgets.organisation.monthlyUsd),
    perUserDaily: numberText(budgets.perUser.dailyUsd),
    perUserMonthly: numberText(budgets.perUser.monthlyUsd),
    alertPercent: percentText(budgets.alertThreshold),
    criticalPercent: percentText(budgets.criticalThreshold),
    perRequestCeiling: numberText(budgets.perRequestCeilingUsd),
    alertEmails: (settings.alerts?.emails ?? []).join('\n'),
    alertLevels: [...(settings.alerts?.onBudgetLevels ?? budgetAlertLevels)],
    errorSpikeAlerts: settings.alerts?.errorSpike.enabled ?? true,
  };
}

function limits(daily: string, monthly: string, field: string, who: string): PeriodLimits {
  const result: PeriodLimits = {};
  const dailyUsd = optionalNumber(daily, `${field}Daily`, `${who} daily budget ($)`, { positive: true, max: 1_000_000 });
  const monthlyUsd = optionalNumber(monthly, `${field}Monthly`, `${who} monthly budget ($)`, { positive: true, max: 10_000_000 });
  if (dailyUsd !== undefined) result.dailyUsd = dailyUsd;
  if (monthlyUsd !== undefined) result.monthlyUsd = monthlyUsd;
  return result;
}

/** The form over the loaded settings; per-user overrides and every other section stay as they were. */
export function applyBudgetForm(settings: AdminAiSettings, form: BudgetForm): AdminAiSettings {
  const alertPercent = requiredNumber(form.alertPercent, 'alertPercent', 'Alert threshold (%)', { min: 0.01, max: 99.99 });
  const criticalPercent = requiredNumber(form.criticalPercent, 'criticalPercent', 'Critical threshold (%)', { min: 0.01, max: 99.99 });
  if (alertPercent >= criticalPercent) throw new FormProblem('alertPercent', 'Alert threshold (%): it must be below the critical threshold.');
  const budgets: AdminAiSettings['budgets'] = {
    ...settings.budgets,
    organisation: limits(form.organisationDaily, form.organisationMonthly, 'organisation', 'Organisation'),
    perUser: limits(form.perUserDaily, form.perUserMonthly, 'perUser', 'Per-user'),
    alertThreshold: Math.round(alertPercent * 100) / 10_000,
    criticalThreshold: Math.round(criticalPercent * 100) / 10_000,
  };
  const ceiling = optionalNumber(form.perRequestCeiling, 'perRequestCeiling', 'Per-request ceiling ($)', { positive: true, max: 1000 });
  if (ceiling === undefined) delete budgets.perRequestCeilingUsd;
  else budgets.perRequestCeilingUsd = ceiling;
  const alerts = settings.alerts ?? defaultAlerts;
  const emails = parseEmails(form.alertEmails);
  if (emails.length > 20) throw new FormProblem('alertEmails', 'Alert e-mails: at most 20 addresses.');
  return {
    ...settings,
    budgets,
    alerts: {
      ...alerts,
      emails,
      onBudgetLevels: budgetAlertLevels.filter((level) => form.alertLevels.includes(level)),
      errorSpike: { ...alerts.errorSpike, enabled: form.errorSpikeAlerts },
    },
  };
}

export const levelNames: Record<BudgetLevel, string> = {
  normal: 'Normal',
  alert: 'Alert',
  critical: 'Critical',
  exhausted: 'Exhausted',
};

/** One budget's row: whose, which period, spent of limit and the share, readably. */
export function describeBudget(entry: BudgetStatusEntry): { name: string; consumption: string; level: string } {
  const whose = entry.scope === 'organisation' ? 'Organisation' : 'You';
  const period = entry.period === 'day' ? `today (${entry.periodKey})` : `this month (${entry.periodKey})`;
  const percent = Math.round(entry.usedShare * 1000) / 10;
  const reserved = entry.reservedUsd > 0 ? `, ${formatUsd(entry.reservedUsd)} reserved` : '';
  return { name: `${whose}, ${period}`, consumption: `${formatUsd(entry.spentUsd)} of ${formatUsd(entry.limitUsd)} (${percent}%)${reserved}`, level: levelNames[entry.level] };
}

/** E-mail addresses typed one per line or separated by commas; each checked loosely. */
export function parseEmails(raw: string): string[] {
  const emails = raw
    .split(/[\s,;]+/)
    .map((email) => email.trim())
    .filter((email) => email !== '');
  for (const email of emails) {
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new FormProblem('alertEmails', `Alert e-mails: "${email}" is not an e-mail address.`);
  }
  return [...new Set(emails)];
}

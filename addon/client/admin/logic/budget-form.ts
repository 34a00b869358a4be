import {
  budgetAlertLevels,
  type AdminAiSettings,
  type AlertSettingsView,
  type BudgetAlertLevel,
  type BudgetLevel,
  type BudgetStatusEntry,
  type MemberView,
  type PeriodLimits,
} from '../../../shared/admin-contract';
import { formatUsd } from '../dashboard/format';
import { FormProblem, numberText, optionalNumber, requiredNumber } from './parse';

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
  /** Fewest AI calls in a window before failures count as a spike (whole number). */
  errorSpikeMinimumRequests: string;
  /** Share of failed calls, in percent, above which a window is a spike. */
  errorSpikeRatePercent: string;
  errorSpikeWindowMinutes: string;
  slowModelAlerts: boolean;
  /** Seconds: a model whose 95th-percentile call time in a window is above this is slow. */
  slowModelP95Seconds: string;
  providerDownAlerts: boolean;
  /** Failed calls in a row after which a provider counts as down (whole number). */
  providerDownFailures: string;
  /** Members whose own limits replace the per-user ones, in the order shown. */
  userOverrides: UserOverrideForm[];
}

/** One row of the per-user overrides table: whose (the member's e-mail when known), and dollars as text. */
export interface UserOverrideForm {
  userId: string;
  /** What the row is called on screen and in messages: the e-mail, or the user id of someone not listed. */
  who: string;
  daily: string;
  monthly: string;
}

/** The boxes of an override row, as `data-field` names the page marks when one is wrong. */
export function overrideField(userId: string, period: 'daily' | 'monthly'): string {
  return `override-${period}-${userId}`;
}

export function overrideLabel(who: string, period: 'daily' | 'monthly'): string {
  return `${period === 'daily' ? 'Daily' : 'Monthly'} limit for ${who} ($)`;
}

/** The member a user id belongs to, readably: the e-mail ("(removed)" when they were), or the bare id. */
export function memberName(userId: string, members: ReadonlyArray<Pick<MemberView, 'userId' | 'email' | 'removed'>>): string {
  const member = members.find((candidate) => candidate.userId === userId);
  if (!member) return userId;
  return member.removed ? `${member.email} (removed)` : member.email;
}

/** Members who can be given an override: not removed and without one already, by e-mail. */
export function membersWithoutOverride<Member extends Pick<MemberView, 'userId' | 'email' | 'removed'>>(
  members: ReadonlyArray<Member>,
  overrides: ReadonlyArray<Pick<UserOverrideForm, 'userId'>>,
): Member[] {
  const taken = new Set(overrides.map((row) => row.userId));
  return members.filter((member) => !member.removed && !taken.has(member.userId)).sort((a, b) => a.email.localeCompare(b.email));
}

const defaultAlerts: AlertSettingsView = {
  emails: [],
  onBudgetLevels: [...budgetAlertLevels],
  errorSpike: { enabled: true, minimumRequests: 20, errorRate: 0.25, windowMinutes: 15 },
  slowModel: { enabled: true, p95Ms: 30_000, minimumRequests: 20, windowMinutes: 15 },
  providerDown: { enabled: true, consecutiveFailures: 5 },
};

function percentText(share: number): string {
  return String(Math.round(share * 10_000) / 100);
}

/** The form over the settings; `members` (from listMembers) names the overrides' users by e-mail. */
export function budgetFormFromSettings(
  settings: AdminAiSettings,
  members: ReadonlyArray<Pick<MemberView, 'userId' | 'email' | 'removed'>> = [],
): BudgetForm {
  const budgets = settings.budgets;
  const { errorSpike: spike, slowModel, providerDown } = settings.alerts ?? defaultAlerts;
  const userOverrides = Object.entries(budgets.userOverrides ?? {})
    .map(([userId, limits]): UserOverrideForm => ({
      userId,
      who: memberName(userId, members),
      daily: numberText(limits.dailyUsd),
      monthly: numberText(limits.monthlyUsd),
    }))
    .sort((a, b) => a.who.localeCompare(b.who));
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
    errorSpikeAlerts: spike.enabled,
    errorSpikeMinimumRequests: String(spike.minimumRequests),
    errorSpikeRatePercent: percentText(spike.errorRate),
    errorSpikeWindowMinutes: String(spike.windowMinutes),
    slowModelAlerts: slowModel.enabled,
    slowModelP95Seconds: String(slowModel.p95Ms / 1000),
    providerDownAlerts: providerDown.enabled,
    providerDownFailures: String(providerDown.consecutiveFailures),
    userOverrides,
  };
}

function limits(daily: string, monthly: string, field: string, who: string): PeriodLimits {
  const dailyUsd = optionalNumber(daily, `${field}Daily`, `${who} daily budget ($)`, { positive: true, max: 1_000_000 });
  const monthlyUsd = optionalNumber(monthly, `${field}Monthly`, `${who} monthly budget ($)`, { positive: true, max: 10_000_000 });
  return periodLimits(dailyUsd, monthlyUsd);
}

function periodLimits(dailyUsd: number | undefined, monthlyUsd: number | undefined): PeriodLimits {
  const result: PeriodLimits = {};
  if (dailyUsd !== undefined) result.dailyUsd = dailyUsd;
  if (monthlyUsd !== undefined) result.monthlyUsd = monthlyUsd;
  return result;
}

/** The overrides table → userId → limits; an override with both boxes empty exempts that user from per-user limits. */
function userOverridesFromForm(rows: readonly UserOverrideForm[]): Record<string, PeriodLimits> {
  const result = new Map<string, PeriodLimits>();
  for (const row of rows) {
    const dailyField = overrideField(row.userId, 'daily');
    if (row.userId.trim() === '') throw new FormProblem(dailyField, 'Per-user overrides: choose a member for every row.');
    if (result.has(row.userId))
      throw new FormProblem(
        dailyField,
        `${overrideLabel(row.who, 'daily')}: ${row.who} already has an override; remove one of the two rows.`,
      );
    const dailyUsd = optionalNumber(row.daily, dailyField, overrideLabel(row.who, 'daily'), { positive: true, max: 1_000_000 });
    const monthlyUsd = optionalNumber(row.monthly, overrideField(row.userId, 'monthly'), overrideLabel(row.who, 'monthly'), {
      positive: true,
      max: 10_000_000,
    });
    result.set(row.userId, periodLimits(dailyUsd, monthlyUsd));
  }
  return Object.fromEntries(result);
}

/** The errors-spike boxes → the schema's `errorSpike` (bounds as backend/src/alerts/alert-settings.ts). */
function errorSpikeFromForm(form: BudgetForm): AlertSettingsView['errorSpike'] {
  const minimumRequests = requiredNumber(form.errorSpikeMinimumRequests, 'errorSpikeMinimumRequests', 'Errors spike, minimum requests', {
    integer: true,
    min: 1,
    max: 100_000,
  });
  const ratePercent = requiredNumber(form.errorSpikeRatePercent, 'errorSpikeRatePercent', 'Errors spike, error rate (%)', {
    min: 0.01,
    max: 99.99,
  });
  const windowMinutes = requiredNumber(form.errorSpikeWindowMinutes, 'errorSpikeWindowMinutes', 'Errors spike, window (minutes)', {
    integer: true,
    min: 1,
    max: 24 * 60,
  });
  return { enabled: form.errorSpikeAlerts, minimumRequests, errorRate: Math.round(ratePercent * 100) / 10_000, windowMinutes };
}

/** The slow-model and provider-down boxes (bounds as backend/src/organisation-settings/alert-settings.ts). */
function healthAlertsFromForm(form: BudgetForm): Pick<AlertSettingsView, 'slowModel' | 'providerDown'> & { p95Ms: number } {
  const p95Seconds = requiredNumber(form.slowModelP95Seconds, 'slowModelP95Seconds', 'Slow model, 95th percentile (seconds)', {
    min: 1,
    max: 600,
  });
  const consecutiveFailures = requiredNumber(form.providerDownFailures, 'providerDownFailures', 'Provider down, failures in a row', {
    integer: true,
    min: 2,
    max: 1000,
  });
  return {
    p95Ms: Math.round(p95Seconds * 1000),
    slowModel: { enabled: form.slowModelAlerts, p95Ms: Math.round(p95Seconds * 1000), minimumRequests: 20, windowMinutes: 15 },
    providerDown: { enabled: form.providerDownAlerts, consecutiveFailures },
  };
}

/** The form over the loaded settings; every section the form does not show stays as it was. */
export function applyBudgetForm(settings: AdminAiSettings, form: BudgetForm): AdminAiSettings {
  const alertPercent = requiredNumber(form.alertPercent, 'alertPercent', 'Alert threshold (%)', { min: 0.01, max: 99.99 });
  const criticalPercent = requiredNumber(form.criticalPercent, 'criticalPercent', 'Critical threshold (%)', { min: 0.01, max: 99.99 });
  if (alertPercent >= criticalPercent)
    throw new FormProblem('alertPercent', 'Alert threshold (%): it must be below the critical threshold.');
  const budgets: AdminAiSettings['budgets'] = {
    ...settings.budgets,
    organisation: limits(form.organisationDaily, form.organisationMonthly, 'organisation', 'Organisation'),
    perUser: limits(form.perUserDaily, form.perUserMonthly, 'perUser', 'Per-user'),
    userOverrides: userOverridesFromForm(form.userOverrides),
    alertThreshold: Math.round(alertPercent * 100) / 10_000,
    criticalThreshold: Math.round(criticalPercent * 100) / 10_000,
  };
  const ceiling = optionalNumber(form.perRequestCeiling, 'perRequestCeiling', 'Per-request ceiling ($)', { positive: true, max: 1000 });
  if (ceiling === undefined) delete budgets.perRequestCeilingUsd;
  else budgets.perRequestCeilingUsd = ceiling;
  const alerts = settings.alerts ?? defaultAlerts;
  const errorSpike = errorSpikeFromForm(form);
  const health = healthAlertsFromForm(form);
  const emails = parseEmails(form.alertEmails);
  if (emails.length > 20) throw new FormProblem('alertEmails', 'Alert e-mails: at most 20 addresses.');
  return {
    ...settings,
    budgets,
    alerts: {
      ...alerts,
      emails,
      onBudgetLevels: budgetAlertLevels.filter((level) => form.alertLevels.includes(level)),
      errorSpike: { ...alerts.errorSpike, ...errorSpike },
      // The window and minimum of the slow-model alert are not on the form: they stay as they were.
      slowModel: { ...alerts.slowModel, enabled: health.slowModel.enabled, p95Ms: health.p95Ms },
      providerDown: health.providerDown,
    },
  };
}

export const levelNames: Record<BudgetLevel, string> = {
  normal: 'Normal',
  alert: 'Alert',
  critical: 'Critical',
  exhausted: 'Exhausted',
};

/** One budget, readably (the budgets screen and the usage dashboard): whose, which period, spent of limit and the share. */
export function describeBudget(entry: BudgetStatusEntry): { name: string; consumption: string; level: string } {
  const whose = entry.scope === 'organisation' ? 'Organisation' : 'You';
  const period = entry.period === 'day' ? `today (${entry.periodKey})` : `this month (${entry.periodKey})`;
  const percent = Math.round(entry.usedShare * 1000) / 10;
  const reserved = entry.reservedUsd > 0 ? `, ${formatUsd(entry.reservedUsd)} reserved` : '';
  return {
    name: `${whose}, ${period}`,
    consumption: `${formatUsd(entry.spentUsd)} of ${formatUsd(entry.limitUsd)} (${percent}%)${reserved}`,
    level: levelNames[entry.level],
  };
}

/** E-mail addresses typed one per line or separated by commas; each checked loosely. */
export function parseEmails(raw: string): string[] {
  const emails = raw
    .split(/[\s,;]+/)
    .map((email) => email.trim())
    .filter((email) => email !== '');
  for (const email of emails) {
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
      throw new FormProblem('alertEmails', `Alert e-mails: "${email}" is not an e-mail address.`);
  }
  return [...new Set(emails)];
}

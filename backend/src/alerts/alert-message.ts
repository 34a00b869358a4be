import type { BudgetAlert } from '../ai/budget/budget-alerts';
import { toDollars } from '../ai/models/model-cost';
import type { AlertMessage } from './alert-notifier';

export interface ErrorsSpikeAlert {
  organisationId: string;
  /** ISO time the counting window began; windows are aligned so every instance names the same one. */
  windowStart: string;
  windowMinutes: number;
  requests: number;
  failures: number;
}

export interface SlowModelAlert {
  organisationId: string;
  /** `provider:model`. */
  model: string;
  windowStart: string;
  windowMinutes: number;
  requests: number;
  p95Ms: number;
  thresholdMs: number;
}

export interface ProviderDownAlert {
  organisationId: string;
  provider: string;
  /** ISO time of the first failure of the run. */
  since: string;
  failures: number;
  /** What the last failure was: timeout, server or unavailable. */
  lastFailure: string;
}

/** `domain:example.com` → `example.com`; a consumer organisation keeps its id. */
function organisationName(organisationId: string): string {
  return organisationId.startsWith('domain:') ? organisationId.slice('domain:'.length) : organisationId;
}

const levelTitles: Record<BudgetAlert['level'], string> = {
  alert: 'Budget alert',
  critical: 'Budget critical',
  exhausted: 'Budget exhausted',
};

function budgetName(alert: Pick<BudgetAlert, 'scope' | 'period'>): string {
  const period = alert.period.startsWith('d:') ? 'daily' : 'monthly';
  const when = alert.period.slice(2);
  const whose = alert.scope === 'org' ? 'organisation' : `per-user (user ${alert.scope.slice('user:'.length)})`;
  return `${whose} ${period} budget for ${when}`;
}

const money = (nanoDollars: number) => `$${toDollars(nanoDollars).toFixed(2)}`;

/** "Budget alert for example.com: organisation monthly budget for 2026-11 at 82 % ($41.00 of $50.00). Raise it in …" */
export function budgetAlertMessage(alert: BudgetAlert): AlertMessage {
  const share = alert.limitNanoDollars > 0 ? Math.floor((alert.usedNanoDollars / alert.limitNanoDollars) * 100) : 100;
  const consequence =
    alert.level === 'exhausted'
      ? ' AI requests under this budget are refused until it is raised or the period ends.'
      : alert.level === 'critical'
        ? ' The cheapest allowed model and shorter output are used until then.'
        : '';
  const title = `${levelTitles[alert.level]} for ${organisationName(alert.organisationId)}`;
  return {
    subject: `${title}: ${budgetName(alert)} at ${share} %`,
    text: `${title}: ${budgetName(alert)} at ${share} % (${money(alert.usedNanoDollars)} of ${money(alert.limitNanoDollars)}).${consequence} Raise it in Admin settings → Budgets.`,
  };
}

export function errorsSpikeMessage(alert: ErrorsSpikeAlert): AlertMessage {
  const share = Math.round((alert.failures / Math.max(1, alert.requests)) * 100);
  const title = `AI errors spike for ${organisationName(alert.organisationId)}`;
  return {
    subject: `${title}: ${share} % of AI calls failed`,
    text:
      `${title}: ${alert.failures} of ${alert.requests} AI calls failed (${share} %) in the ${alert.windowMinutes} minutes from ${alert.windowStart.slice(0, 16).replace('T', ' ')} UTC. ` +
      'Check the provider connections in Admin settings → Connections (a key may be revoked or a provider down).',
  };
}

const seconds = (milliseconds: number) => `${(milliseconds / 1000).toFixed(1)} s`;

export function slowModelMessage(alert: SlowModelAlert): AlertMessage {
  const title = `Slow model for ${organisationName(alert.organisationId)}`;
  return {
    subject: `${title}: ${alert.model} at ${seconds(alert.p95Ms)} (95th percentile)`,
    text:
      `${title}: 95 % of ${alert.requests} calls to ${alert.model} took up to ${seconds(alert.p95Ms)} in the ${alert.windowMinutes} minutes from ` +
      `${alert.windowStart.slice(0, 16).replace('T', ' ')} UTC, above the ${seconds(alert.thresholdMs)} set in Admin settings → Alerts. ` +
      'Fills wait longer; consider a faster default or fallback model in Admin settings → Models & policy.',
  };
}

const failureWords: Record<string, string> = {
  timeout: 'timed out',
  server: 'answered with a server error',
  unavailable: 'could not be reached or was overloaded',
};

export function providerDownMessage(alert: ProviderDownAlert): AlertMessage {
  const title = `Provider down for ${organisationName(alert.organisationId)}`;
  return {
    subject: `${title}: ${alert.provider} failed ${alert.failures} calls in a row`,
    text:
      `${title}: ${alert.provider} failed ${alert.failures} calls in a row since ${alert.since.slice(0, 16).replace('T', ' ')} UTC ` +
      `(the last one ${failureWords[alert.lastFailure] ?? alert.lastFailure}). Fills use the fallback models meanwhile; ` +
      "check the provider's status page, or add a fallback model of another provider in Admin settings → Models & policy.",
  };
}

export function testAlertMessage(organisationId: string, sentBy: string): AlertMessage {
  const title = `Test alert for ${organisationName(organisationId)}`;
  return {
    subject: title,
    text: `${title}, sent by ${sentBy} from Admin settings → Alerts. Budget, error, slow-model and provider-down alerts of this organisation will arrive here.`,
  };
}

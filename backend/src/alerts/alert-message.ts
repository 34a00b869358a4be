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

export function testAlertMessage(organisationId: string, sentBy: string): AlertMessage {
  const title = `Test alert for ${organisationName(organisationId)}`;
  return {
    subject: title,
    text: `${title}, sent by ${sentBy} from Admin settings → Alerts. Budget and error alerts of this organisation will arrive here.`,
  };
}

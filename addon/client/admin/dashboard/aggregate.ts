import type { UsageBreakdownRowView, UsageDashboardData, UsageTotalsView } from '../../../shared/usage-dashboard-api';
import { formatCount, formatDuration, formatPercent, formatTokens, formatUsd, formatModelKey } from './format';

/** What the dashboard derives from the server's answer before drawing it. Pure, so unit tests reach it. */

export const othersKey = 'Others';

export interface BreakdownItem {
  key: string;
  label: string;
  costUsd: number;
  requests: number;
  inputTokens: number;
  outputTokens: number;
  /** 0..1 of the breakdown's total cost (of its requests when nothing cost anything). */
  share: number;
  /** True for the row that folds everything beyond the top N. */
  others: boolean;
}

/** The top `limit` rows by cost (the server's order), the rest folded into one "Others" row. */
export function topWithOthers(
  rows: readonly UsageBreakdownRowView[],
  limit: number,
  label: (key: string) => string = (key) => key,
): BreakdownItem[] {
  const totalCost = rows.reduce((sum, row) => sum + row.costNanoDollars, 0);
  const totalRequests = rows.reduce((sum, row) => sum + row.requests, 0);
  const shareOf = (costNanoDollars: number, requests: number) =>
    totalCost > 0 ? costNanoDollars / totalCost : totalRequests > 0 ? requests / totalRequests : 0;
  const item = (row: UsageBreakdownRowView): BreakdownItem => ({
    key: row.key,
    label: label(row.key),
    costUsd: row.costUsd,
    requests: row.requests,
    inputTokens: row.inputTokens,
    outputTokens: row.outputTokens,
    share: shareOf(row.costNanoDollars, row.requests),
    others: false,
  });
  // Folding a single row into "Others" would hide a name to save nothing.
  if (rows.length <= limit + 1) return rows.map(item);
  const rest = rows.slice(limit);
  const restCost = rest.reduce((sum, row) => sum + row.costNanoDollars, 0);
  const restRequests = rest.reduce((sum, row) => sum + row.requests, 0);
  return [
    ...rows.slice(0, limit).map(item),
    {
      key: othersKey,
      label: `${othersKey} (${rest.length})`,
      costUsd: Math.round(restCost / 1000) / 1_000_000,
      requests: restRequests,
      inputTokens: rest.reduce((sum, row) => sum + row.inputTokens, 0),
      outputTokens: rest.reduce((sum, row) => sum + row.outputTokens, 0),
      share: shareOf(restCost, restRequests),
      others: true,
    },
  ];
}

export interface Kpi {
  id: string;
  label: string;
  value: string;
  /** A second line: what the figure is made of. */
  detail?: string;
}

/** The KPI cards, in the order the page shows them. */
export function kpis(totals: UsageTotalsView): Kpi[] {
  return [
    { id: 'cost', label: 'Cost', value: formatUsd(totals.costUsd) },
    {
      id: 'tokens-in',
      label: 'Tokens in',
      value: formatTokens(totals.inputTokens),
      detail: totals.cachedInputTokens > 0 ? `${formatTokens(totals.cachedInputTokens)} cached` : undefined,
    },
    { id: 'tokens-out', label: 'Tokens out', value: formatTokens(totals.outputTokens) },
    {
      id: 'requests',
      label: 'Requests',
      value: formatCount(totals.requests),
      detail: totals.failedRequests > 0 ? `${formatCount(totals.failedRequests)} failed` : undefined,
    },
    {
      id: 'cache-hit-rate',
      label: 'Cache hit rate',
      value: formatPercent(totals.cacheHitRate),
      detail: `${formatCount(totals.cachedRequests)} from cache`,
    },
    { id: 'latency-average', label: 'Average latency', value: totals.attempts > 0 ? formatDuration(totals.averageLatencyMs) : '—' },
    { id: 'latency-p95', label: 'p95 latency', value: totals.attempts > 0 ? formatDuration(totals.p95LatencyMs) : '—' },
    {
      id: 'error-rate',
      label: 'Error rate',
      value: formatPercent(totals.errorRate),
      detail: `${formatCount(totals.errorAttempts)} of ${formatCount(totals.attempts)} provider calls`,
    },
  ];
}

export type EmptyState = { kind: 'no-connection'; title: string; action: string } | { kind: 'no-usage'; title: string; action: string };

/**
 * What a new organisation should do first, or null when there is usage to show. Without a connection nothing
 * can be filled; with one but no usage in the period, filling a template is the next step.
 */
export function emptyStateOf(data: Pick<UsageDashboardData, 'summary' | 'viewer'>): EmptyState | null {
  if (data.summary.records > 0) return null;
  if (!data.viewer.providerConfigured) {
    const admin = data.viewer.role !== 'member';
    return {
      kind: 'no-connection',
      title: 'No AI connection yet',
      action: admin
        ? 'Add an AI connection in Connections: paste a provider key (OpenAI, Anthropic or Gemini) and test it. Then fill a template from the sidebar; usage appears here.'
        : 'Ask an admin of your organisation to add an AI connection in Connections. Then fill a template from the sidebar; usage appears here.',
    };
  }
  return {
    kind: 'no-usage',
    title: data.viewer.role === 'member' ? 'You have no usage in this period' : 'No usage in this period',
    action:
      'Fill a template from the sidebar; usage appears here. Open a document with <<ai:…>> tags, choose Extensions › AI Template Fill › Open sidebar and press Fill.',
  };
}

/** Labels for each breakdown's keys. */
export function breakdownLabels(
  data: Pick<UsageDashboardData, 'userEmails' | 'templateNames' | 'providerNames'>,
): Record<'user' | 'model' | 'provider' | 'template' | 'tag', (key: string) => string> {
  return {
    user: (key) => data.userEmails[key] ?? key,
    model: formatModelKey,
    provider: (key) => data.providerNames[key] ?? key,
    template: (key) =>
      key === '(none)' ? 'No template' : (data.templateNames[key] ?? `Document ${key.length > 12 ? `${key.slice(0, 10)}…` : key}`),
    tag: (key) => (key === '(none)' ? 'No tag' : key),
  };
}

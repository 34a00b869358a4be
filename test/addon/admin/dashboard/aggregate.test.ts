import { breakdownLabels, emptyStateOf, kpis, topWithOthers } from '../../../../addon/client/admin/dashboard/aggregate';
import { describeBudget } from '../../../../addon/client/admin/logic/budget-form';
import type { UsageBreakdownRowView, UsageDashboardData } from '../../../../addon/shared/usage-dashboard-api';

function row(key: string, costNanoDollars: number, requests = 1): UsageBreakdownRowView {
  return {
    key,
    requests,
    attempts: requests,
    cachedRequests: 0,
    errorAttempts: 0,
    failedRequests: 0,
    inputTokens: 100,
    cachedInputTokens: 0,
    outputTokens: 50,
    costUsd: costNanoDollars / 1e9,
    costNanoDollars,
    cacheHitRate: 0,
    errorRate: 0,
    averageLatencyMs: 1200,
    p95LatencyMs: 2500,
  };
}

describe('dashboard aggregation', () => {
  it('keeps the top N and folds the rest into "Others" with their sums and share', () => {
    const rows = [row('a', 5e9), row('b', 3e9), row('c', 1e9), row('d', 0.6e9, 2), row('e', 0.4e9, 3)];
    const items = topWithOthers(rows, 2);
    expect(items.map((item) => item.label)).toEqual(['a', 'b', 'Others (3)']);
    expect(items[2]).toMatchObject({ others: true, costUsd: 2, requests: 6, inputTokens: 300, outputTokens: 150 });
    expect(items.map((item) => item.share)).toEqual([0.5, 0.3, 0.2]);
  });

  it('does not fold a single row, and shares by requests when nothing cost anything', () => {
    expect(topWithOthers([row('a', 2), row('b', 1), row('c', 1)], 2).map((item) => item.key)).toEqual(['a', 'b', 'c']);
    expect(topWithOthers([row('a', 0, 3), row('b', 0, 1)], 5).map((item) => item.share)).toEqual([0.75, 0.25]);
  });

  it('formats the KPI cards', () => {
    const totals = {
      ...row('', 1_234_000_000, 12),
      cacheHitRate: 0.25,
      cachedRequests: 3,
      errorRate: 0.05,
      errorAttempts: 1,
      attempts: 20,
      inputTokens: 12_300,
    };
    const cards = Object.fromEntries(kpis(totals).map((card) => [card.id, card.value]));
    expect(cards).toEqual({
      cost: '$1.23',
      'tokens-in': '12.3k tokens',
      'tokens-out': '50 tokens',
      requests: '12',
      'cache-hit-rate': '25%',
      'latency-average': '1.2 s',
      'latency-p95': '2.5 s',
      'error-rate': '5%',
    });
  });

  it('says what a new organisation should do first', () => {
    const data = (records: number, providerConfigured: boolean, role: 'member' | 'owner') => ({
      summary: { records } as UsageDashboardData['summary'],
      viewer: { email: 'a@b.c', role, providerConfigured },
    });
    expect(emptyStateOf(data(0, false, 'owner'))?.action).toMatch(/^Add an AI connection in Connections/);
    expect(emptyStateOf(data(0, false, 'member'))?.action).toMatch(/Ask an admin/);
    expect(emptyStateOf(data(0, true, 'owner'))?.action).toMatch(/^Fill a template from the sidebar; usage appears here/);
    expect(emptyStateOf(data(3, true, 'owner'))).toBeNull();
  });

  it('labels users by e-mail, templates by name, providers as the backend names them and budgets with their figures', () => {
    const labels = breakdownLabels({
      userEmails: { u1: 'ana@example.com' },
      templateNames: { doc1: 'Proposal' },
      providerNames: { 'openai-compatible': 'OpenAI-compatible' },
    });
    expect(labels.provider('openai-compatible')).toBe('OpenAI-compatible');
    // A provider the backend no longer lists (old usage) keeps its id.
    expect(labels.provider('retired-provider')).toBe('retired-provider');
    expect(labels.user('u1')).toBe('ana@example.com');
    expect(labels.template('doc1')).toBe('Proposal');
    expect(labels.template('(none)')).toBe('No template');
    expect(labels.template('1234567890abcdef')).toBe('Document 1234567890…');
    expect(
      describeBudget({
        scope: 'organisation',
        period: 'month',
        periodKey: '2026-03',
        limitUsd: 50,
        spentUsd: 12.3,
        reservedUsd: 0,
        usedShare: 0.246,
        level: 'normal',
      }).consumption,
    ).toBe('$12.30 of $50.00 (24.6%)');
  });
});

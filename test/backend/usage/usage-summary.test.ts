import { summariseUsage, type UsageRow, type UsageTotals } from '../../../backend/src/usage/usage-summary';

function row(overrides: Partial<UsageRow>): UsageRow {
  return {
    userId: 'alice',
    templateId: 't1',
    tag: 'invoice',
    requestId: 'request',
    attempt: 1,
    provider: 'openai',
    servedModel: 'gpt-6-luna',
    inputTokens: 0,
    cachedInputTokens: 0,
    outputTokens: 0,
    costNanoDollars: 0,
    latencyMs: 0,
    cached: false,
    status: 'success',
    day: '2026-03-01',
    ...overrides,
  };
}

const zeroTotals: UsageTotals = {
  requests: 0,
  attempts: 0,
  cachedRequests: 0,
  errorAttempts: 0,
  failedRequests: 0,
  inputTokens: 0,
  cachedInputTokens: 0,
  outputTokens: 0,
  costUsd: 0,
  costNanoDollars: 0,
  cacheHitRate: 0,
  errorRate: 0,
  averageLatencyMs: 0,
  p95LatencyMs: 0,
};

/**
 * Four requests over 1–4 March:
 * - retry: alice, two error attempts then a success (openai)
 * - failed: bob, an error on anthropic, then a fallback error on gemini
 * - cache: alice, one cache hit whose row repeats the original usage
 * - plain: bob, one success (anthropic)
 */
const fixture: UsageRow[] = [
  row({ requestId: 'retry', attempt: 1, status: 'error', latencyMs: 100 }),
  row({ requestId: 'retry', attempt: 2, status: 'error', latencyMs: 200 }),
  row({
    requestId: 'retry',
    attempt: 3,
    latencyMs: 300,
    inputTokens: 1000,
    cachedInputTokens: 200,
    outputTokens: 500,
    costNanoDollars: 1_500_000,
  }),
  row({
    requestId: 'failed',
    userId: 'bob',
    templateId: null,
    tag: null,
    provider: 'anthropic',
    servedModel: 'claude-x',
    status: 'error',
    latencyMs: 400,
  }),
  row({
    requestId: 'failed',
    userId: 'bob',
    templateId: null,
    tag: null,
    attempt: 2,
    provider: 'gemini',
    servedModel: 'gemini-flash',
    status: 'error',
    latencyMs: 500,
  }),
  row({
    requestId: 'cache',
    day: '2026-03-03',
    attempt: 0,
    cached: true,
    status: 'cached',
    inputTokens: 1000,
    cachedInputTokens: 200,
    outputTokens: 500,
    latencyMs: 7000,
  }),
  row({
    requestId: 'plain',
    userId: 'bob',
    templateId: 't2',
    tag: 'report',
    day: '2026-03-03',
    provider: 'anthropic',
    servedModel: 'claude-x',
    latencyMs: 600,
    inputTokens: 300,
    outputTokens: 100,
    costNanoDollars: 2_500_000,
  }),
];
const range = { from: '2026-03-01', to: '2026-03-04' };

describe('summariseUsage', () => {
  const summary = summariseUsage(fixture, range);

  it('counts requests, attempts, errors, failures, tokens, cost and rates over the whole range', () => {
    expect(summary.totals).toEqual({
      requests: 4,
      attempts: 6,
      cachedRequests: 1,
      errorAttempts: 4,
      failedRequests: 1,
      inputTokens: 1300,
      cachedInputTokens: 200,
      outputTokens: 600,
      costUsd: 0.004,
      costNanoDollars: 4_000_000,
      cacheHitRate: 0.25,
      errorRate: 4 / 6,
      averageLatencyMs: 350,
      p95LatencyMs: 600,
    });
  });

  it('counts a request retried twice before succeeding as one request, three attempts, two errors and no failure', () => {
    const retried = summariseUsage(
      fixture.filter((usage) => usage.requestId === 'retry'),
      range,
    );
    expect(retried.totals).toMatchObject({ requests: 1, attempts: 3, errorAttempts: 2, failedRequests: 0, errorRate: 2 / 3 });
  });

  it('counts a request with only errors as failed, even when it fell back to another provider', () => {
    const failed = summariseUsage(
      fixture.filter((usage) => usage.requestId === 'failed'),
      range,
    );
    expect(failed.totals).toMatchObject({ requests: 1, attempts: 2, errorAttempts: 2, failedRequests: 1, errorRate: 1 });
    expect(failed.byProvider.map(({ key, requests, failedRequests }) => ({ key, requests, failedRequests }))).toEqual([
      { key: 'anthropic', requests: 1, failedRequests: 1 },
      { key: 'gemini', requests: 1, failedRequests: 1 },
    ]);
  });

  it('lets a cache hit raise the hit rate without counting as an attempt, a latency or tokens', () => {
    const withoutCache = summariseUsage(
      fixture.filter((usage) => !usage.cached),
      range,
    );
    expect(withoutCache.totals.cacheHitRate).toBe(0);
    expect(summary.totals.cacheHitRate).toBe(0.25);
    expect(summary.totals.attempts).toBe(withoutCache.totals.attempts);
    expect(summary.totals.averageLatencyMs).toBe(withoutCache.totals.averageLatencyMs);
    expect(summary.totals.p95LatencyMs).toBe(withoutCache.totals.p95LatencyMs);
    expect(summary.totals.inputTokens).toBe(withoutCache.totals.inputTokens);
  });

  it('takes the nearest-rank p95 of 20 known latencies', () => {
    // 10, 20, …, 200 in a scrambled order: the 19th smallest (ceil(0.95 × 20)) is 190.
    const latencies = [70, 200, 10, 150, 40, 190, 120, 30, 180, 60, 100, 20, 170, 90, 140, 50, 160, 80, 130, 110];
    const rows = latencies.map((latencyMs, index) => row({ requestId: `r${index}`, latencyMs }));
    rows.push(row({ requestId: 'hit', cached: true, status: 'cached', latencyMs: 99_999 }));
    const totals = summariseUsage(rows, { from: '2026-03-01', to: '2026-03-01' }).totals;
    expect(totals.p95LatencyMs).toBe(190);
    expect(totals.averageLatencyMs).toBe(105);
  });

  it('lists every day of the range in order, zero-usage days included', () => {
    expect(summary.byDay.map((day) => day.key)).toEqual(['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04']);
    expect(summary.byDay[0]).toEqual({
      key: '2026-03-01',
      requests: 2,
      attempts: 5,
      cachedRequests: 0,
      errorAttempts: 4,
      failedRequests: 1,
      inputTokens: 1000,
      cachedInputTokens: 200,
      outputTokens: 500,
      costUsd: 0.0015,
      costNanoDollars: 1_500_000,
      cacheHitRate: 0,
      errorRate: 0.8,
      averageLatencyMs: 300,
      p95LatencyMs: 500,
    });
    expect(summary.byDay[1]).toEqual({ key: '2026-03-02', ...zeroTotals });
    expect(summary.byDay[2]).toMatchObject({
      key: '2026-03-03',
      requests: 2,
      attempts: 1,
      cachedRequests: 1,
      cacheHitRate: 0.5,
      costUsd: 0.0025,
      p95LatencyMs: 600,
    });
    expect(summary.byDay[3]).toEqual({ key: '2026-03-04', ...zeroTotals });
  });

  it('spans months and leap days when listing days', () => {
    const days = summariseUsage([], { from: '2028-02-28', to: '2028-03-01' }).byDay.map((day) => day.key);
    expect(days).toEqual(['2028-02-28', '2028-02-29', '2028-03-01']);
  });

  it('keys and sorts the breakdowns by cost descending', () => {
    expect(summary.byUser.map((group) => [group.key, group.requests, group.attempts, group.failedRequests, group.cachedRequests])).toEqual([
      ['bob', 2, 3, 1, 0],
      ['alice', 2, 3, 0, 1],
    ]);
    expect(summary.byModel.map((group) => [group.key, group.costNanoDollars])).toEqual([
      ['anthropic:claude-x', 2_500_000],
      ['openai:gpt-6-luna', 1_500_000],
      ['gemini:gemini-flash', 0],
    ]);
    expect(summary.byProvider.map((group) => group.key)).toEqual(['anthropic', 'openai', 'gemini']);
    expect(summary.byTemplate.map((group) => group.key)).toEqual(['t2', 't1', '(none)']);
    expect(summary.byTag.map((group) => group.key)).toEqual(['report', 'invoice', '(none)']);
  });

  it('breaks cost ties by key in code-unit order', () => {
    const rows = [
      row({ requestId: 'a', userId: 'zed', costNanoDollars: 5 }),
      row({ requestId: 'b', userId: 'amy', costNanoDollars: 5 }),
      row({ requestId: 'c', userId: 'mia', costNanoDollars: 9 }),
      row({ requestId: 'd', userId: 'Zoe', costNanoDollars: 5 }),
    ];
    const byUser = summariseUsage(rows, { from: '2026-03-01', to: '2026-03-01' }).byUser;
    expect(byUser.map((group) => group.key)).toEqual(['mia', 'Zoe', 'amy', 'zed']);
  });

  it('gives zeros, never NaN, for no rows', () => {
    const empty = summariseUsage([], { from: '2026-03-01', to: '2026-03-02' });
    expect(empty.totals).toEqual(zeroTotals);
    expect(empty.byDay).toEqual([
      { key: '2026-03-01', ...zeroTotals },
      { key: '2026-03-02', ...zeroTotals },
    ]);
    expect([empty.byUser, empty.byModel, empty.byProvider, empty.byTemplate, empty.byTag]).toEqual([[], [], [], [], []]);
    // toEqual treats NaN as equal to NaN, so check finiteness directly.
    for (const totals of [empty.totals, ...empty.byDay]) {
      for (const value of Object.values(totals)) if (typeof value === 'number') expect(Number.isFinite(value)).toBe(true);
    }
  });

  it('ignores rows dated outside the range, so the days add up to the totals', () => {
    const rows = [row({ requestId: 'before', day: '2026-02-28', costNanoDollars: 7 }), row({ requestId: 'inside', costNanoDollars: 3 })];
    const totals = summariseUsage(rows, { from: '2026-03-01', to: '2026-03-01' }).totals;
    expect(totals).toMatchObject({ requests: 1, costNanoDollars: 3 });
  });

  it('refuses a malformed or backwards range', () => {
    expect(() => summariseUsage([], { from: '2026-3-1', to: '2026-03-02' })).toThrow(RangeError);
    expect(() => summariseUsage([], { from: '2026-02-30', to: '2026-03-02' })).toThrow(RangeError);
    expect(() => summariseUsage([], { from: '2026-03-02', to: '2026-03-01' })).toThrow(RangeError);
  });

  it('summarises 100,000 streamed rows', () => {
    const days = ['2026-04-01', '2026-04-02', '2026-04-03', '2026-04-04', '2026-04-05', '2026-04-06', '2026-04-07'];
    // 40,000 requests retried once (error then success), 10,000 cache hits, 10,000 single-error failures.
    function* generate(): Generator<UsageRow> {
      for (let index = 0; index < 60_000; index += 1) {
        const common = { requestId: `r${index}`, userId: `user-${index % 50}`, day: days[index % days.length] ?? '' };
        if (index < 40_000) {
          yield row({ ...common, attempt: 1, status: 'error', latencyMs: 100 });
          yield row({
            ...common,
            attempt: 2,
            latencyMs: 200,
            inputTokens: 10,
            cachedInputTokens: 2,
            outputTokens: 5,
            costNanoDollars: 1000,
          });
        } else if (index < 50_000) {
          yield row({ ...common, attempt: 0, cached: true, status: 'cached', inputTokens: 10, outputTokens: 5 });
        } else {
          yield row({ ...common, status: 'error', latencyMs: 100 });
        }
      }
    }
    const large = summariseUsage(generate(), { from: '2026-04-01', to: '2026-04-07' });
    expect(large.totals).toEqual({
      requests: 60_000,
      attempts: 90_000,
      cachedRequests: 10_000,
      errorAttempts: 50_000,
      failedRequests: 10_000,
      inputTokens: 400_000,
      cachedInputTokens: 80_000,
      outputTokens: 200_000,
      costUsd: 0.04,
      costNanoDollars: 40_000_000,
      cacheHitRate: 1 / 6,
      errorRate: 5 / 9,
      averageLatencyMs: 13_000_000 / 90_000,
      p95LatencyMs: 200,
    });
    expect(large.byUser).toHaveLength(50);
    expect(large.byDay.reduce((sum, day) => sum + day.requests, 0)).toBe(60_000);
    expect(large.byUser.reduce((sum, user) => sum + user.costNanoDollars, 0)).toBe(40_000_000);
  });
});

import { defaultRetryPolicy, retryDelayMs, type RetryPolicy } from '../../../../backend/src/ai/execution/retry-policy';

const policy: RetryPolicy = { ...defaultRetryPolicy, baseDelayMs: 500, maxDelayMs: 8000, maxRetryAfterMs: 60_000 };
const always = (value: number) => () => value;

describe('retryDelayMs', () => {
  it("honours the provider's Retry-After up to 60 s, whatever the jitter", () => {
    expect(retryDelayMs(policy, 1, 2_500, always(0))).toBe(2_500);
    expect(retryDelayMs(policy, 4, 60_000, always(1))).toBe(60_000);
    expect(retryDelayMs(policy, 1, 0, always(1))).toBe(0);
  });

  it('refuses to wait for a Retry-After above the limit', () => {
    expect(retryDelayMs(policy, 1, 60_001, always(0.5))).toBeUndefined();
    expect(retryDelayMs(defaultRetryPolicy, 1, 3_600_000)).toBeUndefined();
  });

  it('grows the backoff ceiling exponentially and caps it at maxDelayMs', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map((retry) => retryDelayMs(policy, retry, undefined, always(1)))).toEqual([
      500, 1000, 2000, 4000, 8000, 8000, 8000,
    ]);
  });

  it('applies full jitter: anywhere from zero to the ceiling', () => {
    expect([1, 2, 3, 8].map((retry) => retryDelayMs(policy, retry, undefined, always(0)))).toEqual([0, 0, 0, 0]);
    expect([1, 2, 3, 8].map((retry) => retryDelayMs(policy, retry, undefined, always(0.5)))).toEqual([250, 500, 1000, 4000]);
  });

  it('stays within bounds with Math.random', () => {
    for (let retry = 1; retry <= 12; retry += 1) {
      const delay = retryDelayMs(defaultRetryPolicy, retry, undefined) as number;
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(Math.min(defaultRetryPolicy.maxDelayMs, defaultRetryPolicy.baseDelayMs * 2 ** (retry - 1)));
      expect(Number.isInteger(delay)).toBe(true);
    }
  });
});

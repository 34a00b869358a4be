import { HubSpotCallError, hubSpotCallErrorOf, rateLimitWaitMs } from '../../../backend/src/hubspot/hubspot-call-error';
import { callHubSpot } from '../../../backend/src/hubspot/hubspot-retry';

/** The official client's ApiException, as it throws one: status as `code`, the parsed body, the response headers. */
function apiException(code: number, message: string, headers: Record<string, string> = {}): Error {
  return Object.assign(new Error(`HTTP-Code: ${code}`), { code, body: { message, category: 'X' }, headers });
}

describe('how long a HubSpot 429 says to wait', () => {
  it.each([
    ['Retry-After in seconds', { 'retry-after': '2' }, 'You have reached your ten_secondly_rolling limit.', 2000],
    [
      'the window once none remain',
      { 'x-hubspot-ratelimit-interval-milliseconds': '10000', 'x-hubspot-ratelimit-remaining': '0' },
      '',
      10_000,
    ],
    [
      'nothing while some remain',
      { 'x-hubspot-ratelimit-interval-milliseconds': '10000', 'x-hubspot-ratelimit-remaining': '5' },
      '',
      undefined,
    ],
    ["the search API's secondly limit", {}, 'You have reached your secondly limit.', 1000],
  ])('%s', (_case, headers, message, expected) => {
    expect(rateLimitWaitMs(headers as Record<string, string>, message)).toBe(expected);
  });

  it('reads the daily limit as final', () => {
    const error = hubSpotCallErrorOf(
      apiException(429, 'You have reached your daily limit.', { 'x-hubspot-ratelimit-daily-remaining': '0' }),
    );
    expect([error.code, error.retryable]).toEqual(['daily_limit', false]);
  });
});

describe('the HubSpot retry layer', () => {
  const clock = () => {
    let now = 1_000_000;
    return { now: () => now, sleep: async (ms: number) => void (now += ms) };
  };

  it('retries a 429 after the wait its headers give, then answers', async () => {
    const time = clock();
    const waits: number[] = [];
    let calls = 0;
    const answer = await callHubSpot(
      async () => {
        calls += 1;
        if (calls === 1)
          throw apiException(429, '', { 'x-hubspot-ratelimit-interval-milliseconds': '700', 'x-hubspot-ratelimit-remaining': '0' });
        return 'ok';
      },
      { deadlineAt: time.now() + 10_000, attemptTimeoutMs: 1000, now: time.now, sleep: async (ms) => (waits.push(ms), time.sleep(ms)) },
    );
    expect([answer, calls, waits]).toEqual(['ok', 2, [700]]);
  });

  it('does not wait past its deadline: the 429 is the answer', async () => {
    const time = clock();
    let calls = 0;
    const failing = callHubSpot(
      async () => {
        calls += 1;
        throw apiException(429, '', { 'retry-after': '5' });
      },
      { deadlineAt: time.now() + 3000, attemptTimeoutMs: 1000, now: time.now, sleep: time.sleep },
    );
    await expect(failing).rejects.toMatchObject({ code: 'rate_limited', retryAfterMs: 5000 });
    expect(calls).toBe(1);
  });

  it('stops at the attempt cap, and never retries a refused token', async () => {
    const time = clock();
    let calls = 0;
    await expect(
      callHubSpot(
        async () => {
          calls += 1;
          throw apiException(503, 'down');
        },
        { deadlineAt: time.now() + 600_000, attemptTimeoutMs: 1000, now: time.now, sleep: time.sleep, random: () => 0.5 },
      ),
    ).rejects.toBeInstanceOf(HubSpotCallError);
    expect(calls).toBe(4);
    calls = 0;
    await expect(
      callHubSpot(
        async () => {
          calls += 1;
          throw apiException(401, 'Authentication credentials not found.');
        },
        { deadlineAt: time.now() + 600_000, attemptTimeoutMs: 1000, now: time.now, sleep: time.sleep },
      ),
    ).rejects.toMatchObject({ code: 'authentication' });
    expect(calls).toBe(1);
  });
});

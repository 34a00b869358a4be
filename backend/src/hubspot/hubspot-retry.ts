import { hasTimeForAttempt, hasTimeToWait } from '../ai/execution/deadline';
import { retryDelayMs, type RetryPolicy } from '../ai/execution/retry-policy';
import { HubSpotCallError, hubSpotCallErrorOf } from './hubspot-call-error';

/**
 * The AI core's retry discipline for HubSpot: a cap on attempts, one deadline for them all, the wait HubSpot's
 * headers ask for (never longer than `maxRetryAfterMs`, never past the deadline), else exponential backoff
 * with full jitter. Only rate limits, server errors and unreachable/timeouts are retried.
 */
export const hubSpotRetryPolicy: RetryPolicy = {
  maxAttempts: 4,
  maxAttemptsPerModel: 4,
  baseDelayMs: 500,
  maxDelayMs: 8000,
  maxRetryAfterMs: 30_000,
};

export interface HubSpotRetryOptions {
  policy?: RetryPolicy;
  /** When the last attempt must have answered. */
  deadlineAt: number;
  /** Longest one call may take; the deadline may cut it shorter. */
  attemptTimeoutMs: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Told of each retry, for the log. */
  onRetry?: (error: HubSpotCallError, delayMs: number, attempt: number) => void;
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new HubSpotCallError({ code: 'timeout', message: 'HubSpot did not answer in time.', retryable: true })),
      ms,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export async function callHubSpot<T>(operation: () => Promise<T>, options: HubSpotRetryOptions): Promise<T> {
  const policy = options.policy ?? hubSpotRetryPolicy;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let lastError: HubSpotCallError | undefined;
  for (let attempt = 1; attempt <= policy.maxAttempts; attempt += 1) {
    if (!hasTimeForAttempt(options.deadlineAt, now()))
      throw lastError ?? new HubSpotCallError({ code: 'timeout', message: 'There was no time left to call HubSpot.' });
    try {
      return await withTimeout(operation(), Math.min(options.attemptTimeoutMs, options.deadlineAt - now()));
    } catch (error) {
      lastError = hubSpotCallErrorOf(error);
    }
    if (!lastError.retryable || attempt === policy.maxAttempts) break;
    const delay = retryDelayMs(policy, attempt, lastError.retryAfterMs, options.random);
    if (delay === undefined || !hasTimeToWait(options.deadlineAt, now(), delay)) break;
    options.onRetry?.(lastError, delay, attempt);
    await sleep(delay);
  }
  throw lastError;
}

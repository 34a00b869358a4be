export interface RetryPolicy {
  /** Provider calls for one askAI request, fallbacks included. */
  maxAttempts: number;
  /** Calls to one model before moving to the next fallback. */
  maxAttemptsPerModel: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A longer Retry-After is not waited for: the next fallback model is tried instead. */
  maxRetryAfterMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 5,
  maxAttemptsPerModel: 3,
  baseDelayMs: 500,
  maxDelayMs: 8000,
  maxRetryAfterMs: 60_000,
};

/**
 * Wait before retry number `retry` (1 for the first retry): the provider's Retry-After when it sent one,
 * else exponential backoff with full jitter so retrying clients do not move in lockstep. undefined means
 * "do not wait for this model".
 */
export function retryDelayMs(
  policy: RetryPolicy,
  retry: number,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number | undefined {
  if (retryAfterMs !== undefined) return retryAfterMs <= policy.maxRetryAfterMs ? retryAfterMs : undefined;
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(random() * ceiling);
}

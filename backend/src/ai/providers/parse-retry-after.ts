/** How long a provider asks us to wait, in milliseconds: `retry-after-ms`, else `retry-after` (seconds or an HTTP date). */
export function parseRetryAfter(headers: Headers | undefined, now: () => number = Date.now): number | undefined {
  if (!headers) return undefined;
  const milliseconds = Number(headers.get('retry-after-ms'));
  if (Number.isFinite(milliseconds) && milliseconds > 0) return milliseconds;
  const value = headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  if (Number.isFinite(date)) return Math.max(0, date - now());
  return undefined;
}

const limitKinds = ['requests', 'tokens', 'input-tokens', 'output-tokens'];

/**
 * For a 429 without Retry-After: when the rate limit that ran out resets — OpenAI's
 * `x-ratelimit-reset-requests` / `-tokens` ("1s", "6m0s", "20ms") and Anthropic's
 * `anthropic-ratelimit-*-reset` (RFC 3339 instants), for limits whose remaining count is 0. undefined when no
 * limit says it ran out: then the backoff decides.
 */
export function rateLimitResetMs(headers: Headers | undefined, now: () => number = Date.now): number | undefined {
  if (!headers) return undefined;
  const resets: { ms: number; exhausted: boolean }[] = [];
  // Every limit that ran out must have reset before a retry can pass.
  for (const kind of limitKinds) {
    for (const [remainingName, resetName, parse] of [
      [`x-ratelimit-remaining-${kind}`, `x-ratelimit-reset-${kind}`, parseDuration],
      [`anthropic-ratelimit-${kind}-remaining`, `anthropic-ratelimit-${kind}-reset`, (text: string) => parseInstant(text, now)],
    ] as const) {
      const reset = headers.get(resetName);
      const ms = reset === null ? undefined : parse(reset);
      if (ms !== undefined) resets.push({ ms, exhausted: headers.get(remainingName)?.trim() === '0' });
    }
  }
  const exhausted = resets.filter((reset) => reset.exhausted);
  return exhausted.length === 0 ? undefined : Math.max(...exhausted.map((reset) => reset.ms));
}

/** OpenAI's durations, in its reset headers and its messages: "1s", "6m0s", "1h2m3.5s", "20ms". */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^(\d+(\.\d+)?(h|ms|m|s))+$/.test(trimmed)) return undefined;
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  let total = 0;
  for (const match of trimmed.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s)/g)) total += Number(match[1]) * (units[match[2] as string] as number);
  return Math.ceil(total);
}

function parseInstant(text: string, now: () => number): number | undefined {
  const instant = Date.parse(text);
  return Number.isFinite(instant) ? Math.max(0, instant - now()) : undefined;
}

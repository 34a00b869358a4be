import { redactText } from '../platform/redact-secrets';

export type HubSpotFailureCode =
  'authentication' | 'permission' | 'not_found' | 'bad_request' | 'rate_limited' | 'daily_limit' | 'server' | 'unreachable' | 'timeout';

/** A failed HubSpot call, in words an admin can act on; never carries the token. */
export class HubSpotCallError extends Error {
  override readonly name = 'HubSpotCallError';
  readonly code: HubSpotFailureCode;
  readonly status: number | undefined;
  readonly retryable: boolean;
  /** How long HubSpot's headers say to wait before the next call, when they say. */
  readonly retryAfterMs: number | undefined;
  constructor(options: { code: HubSpotFailureCode; message: string; status?: number; retryable?: boolean; retryAfterMs?: number }) {
    super(redactText(options.message));
    this.code = options.code;
    this.status = options.status;
    this.retryable = options.retryable ?? false;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** The shape of the official client's ApiException: status as `code`, the parsed error body and the response headers. */
interface ApiExceptionLike {
  code: number;
  body?: { message?: unknown; category?: unknown } | string;
  headers?: Record<string, string>;
}

function isApiException(error: unknown): error is ApiExceptionLike {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'number';
}

const header = (headers: Record<string, string> | undefined, name: string): string | undefined => {
  if (!headers) return undefined;
  const found = Object.entries(headers).find(([key]) => key.toLowerCase() === name);
  return found?.[1];
};

/**
 * How long a 429 asks us to wait: Retry-After (seconds) when sent; else, once the window's remaining count is
 * 0, the rolling window itself (X-HubSpot-RateLimit-Interval-Milliseconds, 10 000 for the ten-secondly
 * limit); the search API's secondly limit, which sends neither, one second. Header names and meanings:
 * developers.hubspot.com/docs/developer-tooling/platform/usage-guidelines.
 */
export function rateLimitWaitMs(headers: Record<string, string> | undefined, message: string): number | undefined {
  const retryAfter = header(headers, 'retry-after');
  if (retryAfter !== undefined && /^\d+(\.\d+)?$/.test(retryAfter.trim())) return Math.round(Number(retryAfter) * 1000);
  const interval = Number(header(headers, 'x-hubspot-ratelimit-interval-milliseconds'));
  const remaining = header(headers, 'x-hubspot-ratelimit-remaining');
  if (Number.isFinite(interval) && interval > 0 && (remaining === undefined || Number(remaining) <= 0)) return interval;
  if (/secondly limit/i.test(message)) return 1000;
  return undefined;
}

function messageOf(body: ApiExceptionLike['body']): string {
  if (typeof body === 'string') return body.slice(0, 300);
  return typeof body?.message === 'string' ? body.message.slice(0, 300) : '';
}

/** Turns whatever the client threw into a HubSpotCallError with a message an admin can act on. */
export function hubSpotCallErrorOf(error: unknown): HubSpotCallError {
  if (error instanceof HubSpotCallError) return error;
  if (!isApiException(error)) {
    const name = (error as { name?: unknown } | null)?.name;
    if (name === 'AbortError' || name === 'TimeoutError')
      return new HubSpotCallError({ code: 'timeout', message: 'HubSpot did not answer in time.', retryable: true });
    return new HubSpotCallError({ code: 'unreachable', message: 'HubSpot could not be reached.', retryable: true });
  }
  const status = error.code;
  const hubSpotMessage = messageOf(error.body);
  if (status === 401)
    return new HubSpotCallError({
      code: 'authentication',
      status,
      message:
        "HubSpot did not accept the access token. Copy the private app's token again (Settings → Integrations → Private apps → Auth).",
    });
  if (status === 403)
    return new HubSpotCallError({
      code: 'permission',
      status,
      message: `The private app lacks a scope this needs (${hubSpotMessage || 'missing scopes'}). Give it crm.objects.contacts/companies/deals read and write.`,
    });
  if (status === 404) return new HubSpotCallError({ code: 'not_found', status, message: 'HubSpot has no such record.' });
  if (status === 429) {
    const daily = /daily/i.test(hubSpotMessage) || header(error.headers, 'x-hubspot-ratelimit-daily-remaining') === '0';
    if (daily)
      return new HubSpotCallError({
        code: 'daily_limit',
        status,
        message: "HubSpot's daily API limit for this account is used up; it resets at midnight in the account's time zone.",
      });
    return new HubSpotCallError({
      code: 'rate_limited',
      status,
      retryable: true,
      retryAfterMs: rateLimitWaitMs(error.headers, hubSpotMessage),
      message: 'HubSpot is rate limiting this account; try again shortly.',
    });
  }
  if (status >= 500) return new HubSpotCallError({ code: 'server', status, retryable: true, message: 'HubSpot had a server error.' });
  return new HubSpotCallError({
    code: 'bad_request',
    status,
    message: `HubSpot refused the request: ${hubSpotMessage || `status ${status}`}`,
  });
}

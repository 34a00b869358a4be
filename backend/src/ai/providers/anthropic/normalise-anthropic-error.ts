import type { ProviderError } from '../provider-errors';
import { errorForHttpFailure, normaliseThrown, stainlessTransportError, type NormaliseContext } from '../normalise-provider-error';
import { parseRetryAfter, rateLimitResetMs } from '../parse-retry-after';

/** The fields of the SDK's APIError we read, typed loosely because instanceof fails when the SDK loads twice. */
interface ApiErrorShape {
  status: number;
  headers?: Headers | undefined;
  message?: string;
  /** `error.message` from the body (SDK 1.x); `message` also carries the status and JSON. */
  apiMessage?: string | null;
  /** `error.type` from the body, e.g. `billing_error`, `overloaded_error`. */
  type?: string | null;
  /** `error.details.error_code` from the body, when Anthropic sends one. */
  errorCode?: string | null;
}

/** Out-of-credit and spend-limit codes: retrying will not help until someone pays or raises the limit. */
const quotaErrorCodes = new Set([
  'contract_spend_limit_reached',
  'enforced_spend_limit_reached',
  'linked_organization_spend_limit_reached',
  'linked_organization_billing_unavailable',
]);

function isQuotaExhausted(status: number, error: ApiErrorShape, text: string): boolean {
  if (status === 402 || error.type === 'billing_error') return true;
  if (error.errorCode && quotaErrorCodes.has(error.errorCode)) return true;
  // Anthropic reports an empty balance as 400 invalid_request_error "Your credit balance is too low…".
  return /credit balance|billing/i.test(text);
}

/**
 * Maps whatever the Anthropic SDK threw onto the AI core's error classes. Provider messages are only
 * matched, never copied: they can echo parts of the key.
 */
export function normaliseAnthropicError(error: unknown, context: NormaliseContext): ProviderError {
  return normaliseThrown(error, context, (shape, base) => {
    const status = shape.status;
    if (status === undefined) return stainlessTransportError(shape, base);
    const apiError = error as ApiErrorShape;
    const text = `${apiError.apiMessage ?? ''} ${apiError.message ?? ''}`;
    return errorForHttpFailure(
      {
        status,
        quotaExhausted: isQuotaExhausted(status, apiError, text),
        // A disabled organisation is a 400, but only an admin can fix it, so the fill must stop like a 403.
        permissionDenied: apiError.errorCode === 'organization_on_hold',
        contextTooLong: /prompt is too long|too many tokens|context/i.test(text),
        // 500 api_error, 503, 529 overloaded_error and any other 5xx are transient on Anthropic's side.
        retryAfterMs: parseRetryAfter(apiError.headers) ?? (status === 429 ? rateLimitResetMs(apiError.headers) : undefined),
      },
      base,
    );
  });
}

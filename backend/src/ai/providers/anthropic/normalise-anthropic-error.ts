import {
  AuthenticationError,
  BadRequestError,
  ContextTooLongError,
  MalformedResponseError,
  ModelNotFoundError,
  PermissionError,
  ProviderError,
  ProviderTimeoutError,
  QuotaExhaustedError,
  RateLimitedError,
  ServerError,
  UnavailableError,
} from '../provider-errors';
import { parseRetryAfter } from '../parse-retry-after';
import { thrownShape } from '../thrown-shape';

interface Context {
  provider: string;
  model: string;
  /** Our own deadline signal fired: whatever the SDK threw, the cause is the timeout. */
  timedOut: boolean;
}

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
 * matched, never copied: they can echo parts of the key. Checks go by status and name because SDK
 * classes loaded twice (as under jest) fail instanceof.
 */
export function normaliseAnthropicError(error: unknown, context: Context): ProviderError {
  if (error instanceof ProviderError) return error;
  const base = { provider: context.provider, model: context.model, cause: error };
  if (context.timedOut) return new ProviderTimeoutError({ ...base, message: 'The provider did not answer in time.' });
  const shape = thrownShape(error);
  const status = shape.status;
  if (typeof status === 'number') {
    const apiError = error as ApiErrorShape;
    const text = `${apiError.apiMessage ?? ''} ${apiError.message ?? ''}`;
    const withStatus = { ...base, status };
    if (status === 401) return new AuthenticationError({ ...withStatus, message: 'The provider rejected the API key.' });
    if (isQuotaExhausted(status, apiError, text)) {
      return new QuotaExhaustedError({ ...withStatus, message: 'The provider account has run out of quota or credit.' });
    }
    if (status === 403) return new PermissionError({ ...withStatus, message: 'The API key is not allowed to use this model or endpoint.' });
    // A disabled organisation is a 400, but only an admin can fix it, so the fill must stop like a 403.
    if (apiError.errorCode === 'organization_on_hold') {
      return new PermissionError({ ...withStatus, message: 'The provider has put the organisation on hold.' });
    }
    if (status === 404) return new ModelNotFoundError({ ...withStatus, message: `The provider does not know the model "${context.model}".` });
    if (status === 429) {
      return new RateLimitedError({ ...withStatus, retryAfterMs: parseRetryAfter(apiError.headers), message: 'The provider is rate limiting requests.' });
    }
    if ((status === 400 || status === 413) && /prompt is too long|too many tokens|context/i.test(text)) {
      return new ContextTooLongError({ ...withStatus, message: 'The prompt is longer than the model accepts.' });
    }
    if (status >= 400 && status < 500) {
      return new BadRequestError({ ...withStatus, message: `The provider refused the request (HTTP ${status}).` });
    }
    // 500 api_error, 503, 529 overloaded_error and any other 5xx: transient on Anthropic's side.
    return new ServerError({ ...withStatus, retryAfterMs: parseRetryAfter(apiError.headers), message: `The provider failed (HTTP ${status}).` });
  }
  const name = shape.className || shape.name;
  if (name === 'APIConnectionTimeoutError') return new ProviderTimeoutError({ ...base, message: 'The provider did not answer in time.' });
  if (name === 'APIConnectionError') return new UnavailableError({ ...base, message: 'The provider could not be reached.' });
  // A 2xx body that is not JSON: the provider did the work, so the attempt counts as billed.
  if (shape.name === 'SyntaxError' || /JSON/i.test(shape.message)) {
    return new MalformedResponseError({ ...base, billed: true, message: 'The provider sent a response that is not valid JSON.' });
  }
  return new MalformedResponseError({ ...base, message: 'The provider call failed unexpectedly.' });
}

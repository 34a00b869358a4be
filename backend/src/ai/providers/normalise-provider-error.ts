import {
  AuthenticationError,
  BadRequestError,
  ContentFilteredError,
  ContextTooLongError,
  MalformedResponseError,
  ModelNotFoundError,
  PermissionError,
  ProviderError,
  ProviderTimeoutError,
  QuotaExhaustedError,
  RateLimitedError,
  RegionUnsupportedError,
  RequestTooLargeError,
  ServerError,
  UnavailableError,
} from './provider-errors';
import { thrownShape, type ThrownShape } from './thrown-shape';

export interface NormaliseContext {
  provider: string;
  model: string;
  /** Our own deadline signal fired: whatever the SDK threw, the cause is the timeout. */
  timedOut: boolean;
}

/** The common options of every error built for one failed call. */
export interface FailureBase {
  provider: string;
  model: string;
  cause: unknown;
}

/**
 * What an HTTP error answer means, read by each adapter from its provider's own codes, types and messages
 * (which are matched, never copied: they can echo parts of the key). The mapping onto error classes is the
 * same for every provider.
 */
export interface HttpFailure {
  status: number;
  /** The key is refused by something other than a 401 (Gemini's 400 API_KEY_INVALID). */
  invalidKey?: boolean;
  /** Out of credit or quota: retrying will not help until someone pays or raises a limit. */
  quotaExhausted?: boolean;
  /** Only an admin can fix it, though the status is not 403 (Anthropic's organisation on hold). */
  permissionDenied?: boolean;
  /** Read on a 400 or 413 only. */
  contextTooLong?: boolean;
  /** Bigger than the account's whole per-minute token limit (OpenAI's 429 "Request too large"). A 413 is too big for one call. */
  requestTooLarge?: boolean;
  /** The provider does not serve the caller's region (Gemini's 400 FAILED_PRECONDITION). */
  regionUnsupported?: boolean;
  contentFiltered?: boolean;
  retryAfterMs?: number | undefined;
}

export function errorForHttpFailure(failure: HttpFailure, base: FailureBase): ProviderError {
  const { status } = failure;
  const withStatus = { ...base, status };
  if (status === 401 || failure.invalidKey)
    return new AuthenticationError({ ...withStatus, message: 'The provider rejected the API key.' });
  if (failure.quotaExhausted)
    return new QuotaExhaustedError({ ...withStatus, message: 'The provider account has run out of quota or credit.' });
  if (status === 403 || failure.permissionDenied) {
    return new PermissionError({
      ...withStatus,
      message:
        failure.permissionDenied && status !== 403
          ? 'The provider has put the organisation on hold.'
          : 'The API key is not allowed to use this model or endpoint.',
    });
  }
  if (failure.regionUnsupported) {
    return new RegionUnsupportedError({
      ...withStatus,
      message:
        'The provider does not serve the region this backend runs in. Ask an admin to use another provider or to run the backend in a region the provider supports.',
    });
  }
  if ((status === 400 || status === 413) && failure.contextTooLong) {
    return new ContextTooLongError({
      ...withStatus,
      message:
        'The prompt is longer than the model accepts. Shorten the prompt or the document text it uses, or choose a model with a larger context window.',
    });
  }
  if (failure.requestTooLarge) {
    return new RequestTooLargeError({
      ...withStatus,
      message:
        "The request is larger than the provider account allows per minute. Shorten the prompt or the document text it uses, lower the tag's max output tokens, or ask an admin to raise the account's limit.",
    });
  }
  if (status === 413) {
    return new RequestTooLargeError({
      ...withStatus,
      message: 'The request is larger than the provider accepts in one call. Shorten the prompt or the document text it uses.',
    });
  }
  if (status === 404) return new ModelNotFoundError({ ...withStatus, message: `The provider does not know the model "${base.model}".` });
  if (status === 429)
    return new RateLimitedError({ ...withStatus, retryAfterMs: failure.retryAfterMs, message: 'The provider is rate limiting requests.' });
  if (failure.contentFiltered)
    return new ContentFilteredError({ ...withStatus, message: 'The provider refused the prompt under its content policy.' });
  if (status >= 400 && status < 500)
    return new BadRequestError({ ...withStatus, message: `The provider refused the request (HTTP ${status}).` });
  return new ServerError({ ...withStatus, retryAfterMs: failure.retryAfterMs, message: `The provider failed (HTTP ${status}).` });
}

/**
 * The steps every adapter shares around its own reading: an error already normalised passes through, our
 * deadline explains whatever the SDK threw when it fired, and anything else is read from its shape (no
 * instanceof: SDK classes loaded twice, as under jest, fail it).
 */
export function normaliseThrown(
  error: unknown,
  context: NormaliseContext,
  read: (shape: ThrownShape, base: FailureBase) => ProviderError,
): ProviderError {
  if (error instanceof ProviderError) return error;
  const base: FailureBase = { provider: context.provider, model: context.model, cause: error };
  if (context.timedOut) return new ProviderTimeoutError({ ...base, message: 'The provider did not answer in time.' });
  return read(thrownShape(error), base);
}

/**
 * Failures without an HTTP status from the OpenAI and Anthropic SDKs (both generated by Stainless, with the
 * same error classes). Their classes keep name "Error"; the class name tells them apart (the timeout
 * error extends the connection error).
 */
export function stainlessTransportError(shape: ThrownShape, base: FailureBase): ProviderError {
  const name = shape.className || shape.name;
  if (name === 'APIConnectionTimeoutError') return new ProviderTimeoutError({ ...base, message: 'The provider did not answer in time.' });
  if (name === 'APIConnectionError') return new UnavailableError({ ...base, message: 'The provider could not be reached.' });
  // A 2xx body that is not JSON: the provider did the work, so the attempt counts as billed.
  if (shape.name === 'SyntaxError' || /JSON/i.test(shape.message)) {
    return new MalformedResponseError({ ...base, billed: true, message: 'The provider sent a response that is not valid JSON.' });
  }
  return new MalformedResponseError({ ...base, message: 'The provider call failed unexpectedly.' });
}

import type { TokenUsage } from './provider-adapter';

export type ProviderErrorCode =
  | 'authentication'
  | 'permission'
  | 'quota_exhausted'
  | 'rate_limited'
  | 'timeout'
  | 'server'
  | 'unavailable'
  | 'bad_request'
  | 'model_not_found'
  | 'context_too_long'
  | 'content_filtered'
  | 'refused'
  | 'output_limit_reached'
  | 'request_too_large'
  | 'region_unsupported'
  | 'malformed_response';

export interface ProviderErrorOptions {
  provider: string;
  model: string;
  /** Safe to show: built by the adapter, never copied from a provider body that could echo the key. */
  message: string;
  status?: number | undefined;
  retryAfterMs?: number | undefined;
  /** Whether the provider billed the attempt: it answered 2xx with content we could not use. */
  billed?: boolean;
  /** Token usage of a billed attempt when the provider reported it. */
  usage?: TokenUsage | undefined;
  cause?: unknown;
}

/** A provider failure, normalised so the retry layer and the fill decide on `code` and `retryable` only. */
export abstract class ProviderError extends Error {
  abstract readonly code: ProviderErrorCode;
  abstract readonly retryable: boolean;
  /** Whole fill stops and nothing is written (SPEC.md section 5): the user or an admin must act first. */
  readonly abortsFill: boolean = false;
  /** The answer is what the model will say again: neither retried nor handed to a fallback model. */
  readonly final: boolean = false;
  readonly provider: string;
  readonly model: string;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly billed: boolean;
  readonly usage: TokenUsage | undefined;

  constructor(options: ProviderErrorOptions) {
    super(options.message, { cause: options.cause });
    this.name = new.target.name;
    this.provider = options.provider;
    this.model = options.model;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.billed = options.billed ?? false;
    this.usage = options.usage;
  }
}

export class AuthenticationError extends ProviderError {
  readonly code = 'authentication';
  readonly retryable = false;
  override readonly abortsFill = true;
}

export class PermissionError extends ProviderError {
  readonly code = 'permission';
  readonly retryable = false;
  override readonly abortsFill = true;
}

export class QuotaExhaustedError extends ProviderError {
  readonly code = 'quota_exhausted';
  readonly retryable = false;
  override readonly abortsFill = true;
}

export class RateLimitedError extends ProviderError {
  readonly code = 'rate_limited';
  readonly retryable = true;
}

export class ProviderTimeoutError extends ProviderError {
  readonly code = 'timeout';
  readonly retryable = true;
}

export class ServerError extends ProviderError {
  readonly code = 'server';
  readonly retryable = true;
}

/** The provider could not be reached at all (connection refused, DNS, reset). */
export class UnavailableError extends ProviderError {
  readonly code = 'unavailable';
  readonly retryable = true;
}

export class BadRequestError extends ProviderError {
  readonly code = 'bad_request';
  readonly retryable = false;
}

export class ModelNotFoundError extends ProviderError {
  readonly code = 'model_not_found';
  readonly retryable = false;
}

export class ContextTooLongError extends ProviderError {
  readonly code = 'context_too_long';
  readonly retryable = false;
}

export class ContentFilteredError extends ProviderError {
  readonly code = 'content_filtered';
  readonly retryable = false;
  override readonly final = true;
}

/** The model declined to answer (OpenAI `message.refusal`, Anthropic `stop_reason: "refusal"`). */
export class RefusedError extends ProviderError {
  readonly code = 'refused';
  readonly retryable = false;
  override readonly final = true;
}

/** The output limit ran out before any text (a thinking model spent it all thinking): the same call would do it again. */
export class OutputLimitReachedError extends ProviderError {
  readonly code = 'output_limit_reached';
  readonly retryable = false;
}

/** Larger than the account's per-minute token limit: waiting cannot help, only a smaller request or a higher limit. */
export class RequestTooLargeError extends ProviderError {
  readonly code = 'request_too_large';
  readonly retryable = false;
}

/** The provider does not serve the region the backend calls from (Gemini FAILED_PRECONDITION): no tag can succeed. */
export class RegionUnsupportedError extends ProviderError {
  readonly code = 'region_unsupported';
  readonly retryable = false;
  override readonly abortsFill = true;
}

export class MalformedResponseError extends ProviderError {
  readonly code = 'malformed_response';
  readonly retryable = true;
}

export interface AiCoreErrorOptions {
  /** Safe to show to the user: says what to do. */
  message: string;
  cause?: unknown;
}

/** askAI refused a request before or instead of reaching a model. Messages never hold secrets. */
export abstract class AiCoreError extends Error {
  abstract readonly code: string;
  /** Whole fill stops and nothing is written (SPEC.md section 5): an admin or the user must act first. */
  readonly abortsFill: boolean = false;
  constructor(options: AiCoreErrorOptions) {
    super(options.message, { cause: options.cause });
    this.name = new.target.name;
  }
}

/** canCallAI answered without a model: the tag gets its fallback text. */
export class CannotCallAiError extends AiCoreError {
  readonly code = 'cannot_call_ai';
}

/** No provider connection is available for the organisation: nothing can be generated until one is added. */
export class NoProviderConnectionError extends AiCoreError {
  readonly code = 'provider_not_configured';
  override readonly abortsFill = true;
}

export class BudgetExhaustedError extends AiCoreError {
  readonly code = 'budget_exhausted';
  override readonly abortsFill = true;
}

/** The worst case of this one request is above the organisation's per-request ceiling. */
export class RequestOverCeilingError extends AiCoreError {
  readonly code = 'request_over_ceiling';
}

export class ModelNotAllowedError extends AiCoreError {
  readonly code = 'model_not_allowed';
}

/** A model without a known price is never treated as free. */
export class UnpricedModelError extends AiCoreError {
  readonly code = 'model_not_priced';
}

/** The provider no longer serves the model: a template still set to it must choose the replacement. */
export class RetiredModelError extends AiCoreError {
  readonly code = 'model_retired';
  override readonly abortsFill = true;
}

/** The server is shutting down and stopped waiting for this answer: the fill is recorded as interrupted. */
export class InterruptedError extends AiCoreError {
  readonly code = 'interrupted';
  override readonly abortsFill = true;
}

/**
 * The connection is at the requests or tokens per minute its admin set, and no fallback could take the request:
 * refused before any provider call, so nothing is charged. The tag fails; the fill goes on.
 */
export class ConnectionRateLimitedError extends AiCoreError {
  readonly code = 'connection_rate_limited';
}

/** Every allowed model is cooling down after repeated failures. */
export class NoModelAvailableError extends AiCoreError {
  readonly code = 'no_model_available';
}

export class TokenLimitJustificationError extends AiCoreError {
  readonly code = 'token_limit_justification';
}

/** askAI refused before reaching a model; `reason` says why in words a user can act on. */
export class CannotCallAiError extends Error {
  readonly code = 'cannot_call_ai';
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'CannotCallAiError';
  }
}

/** No provider connection is available for the organisation: nothing can be generated until one is added. */
export class NoProviderConnectionError extends Error {
  readonly code = 'provider_not_configured';
  readonly abortsFill = true;
  constructor(message: string) {
    super(message);
    this.name = 'NoProviderConnectionError';
  }
}

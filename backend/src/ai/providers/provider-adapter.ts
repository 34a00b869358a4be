export type ProviderId = 'openai' | 'anthropic' | 'gemini' | 'openai-compatible';

export const providerIds: readonly ProviderId[] = ['openai', 'anthropic', 'gemini', 'openai-compatible'];

/** Where and with what key to reach a provider. The key is never logged, stored in clear or returned. */
export interface ProviderConnection {
  /** Stable id of the key record ("key used" on usage records, cooldown scope); not secret. */
  id: string;
  apiKey: string;
  /** For OpenAI-compatible endpoints (Azure OpenAI, Ollama, vLLM, OpenRouter) and for local test servers. */
  baseUrl?: string | undefined;
}

export interface GenerationRequest {
  model: string;
  system?: string | undefined;
  prompt: string;
  temperature?: number | undefined;
  maxOutputTokens: number;
  /** Hard deadline for this one attempt; the adapter aborts the HTTP request when it passes. */
  timeoutMs: number;
}

export type FinishReason = 'stop' | 'length' | 'content_filter' | 'other';

export interface TokenUsage {
  /** Every prompt token, cached ones included. */
  inputTokens: number;
  /** The part of inputTokens the provider served from its prompt cache (billed at the cached-input price). */
  cachedInputTokens: number;
  /** Generated tokens, reasoning tokens included. */
  outputTokens: number;
}

export interface GenerationResult {
  text: string;
  finishReason: FinishReason;
  /** The provider's own value, kept for diagnosis. */
  rawFinishReason: string | null;
  usage: TokenUsage;
  /** The model the provider says served the request (may be a dated snapshot of the requested one). */
  servedModel: string;
}

/** What every provider adapter implements; results and errors come back normalised. */
export interface ProviderAdapter {
  readonly id: ProviderId;
  /** Rejects only with a ProviderError. SDK retries are off: the AI core's execute step is the one retry layer. */
  generate(connection: ProviderConnection, request: GenerationRequest): Promise<GenerationResult>;
  /** The cheapest real call that proves the key works; rejects with a ProviderError. */
  testConnection(connection: ProviderConnection, options: { model: string; timeoutMs: number }): Promise<void>;
}

export type ProviderId = 'openai' | 'openai-compatible';

/** Where and with what key to reach a provider. Never logged, never returned. */
export interface ProviderConnection {
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

export interface GenerationResult {
  text: string;
  finishReason: FinishReason;
  /** The provider's own value, kept for diagnosis. */
  rawFinishReason: string | null;
  usage: { inputTokens: number; outputTokens: number };
  /** The model the provider says served the request (may be a dated snapshot of the requested one). */
  servedModel: string;
}

/** What every provider adapter implements; results and errors come back normalised. */
export interface ProviderAdapter {
  readonly id: ProviderId;
  generate(connection: ProviderConnection, request: GenerationRequest): Promise<GenerationResult>;
  /** The cheapest real call that proves the key works; rejects with a ProviderError. */
  testConnection(connection: ProviderConnection, timeoutMs: number): Promise<void>;
}

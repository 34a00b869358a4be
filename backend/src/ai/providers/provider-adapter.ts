import { providerDescriptors, type ProviderId } from './registry';

export type { ProviderId };

/** The ids of every registered provider (registry.ts), as a tuple zod enums take. */
export const providerIds = providerDescriptors.map((descriptor) => descriptor.id) as [ProviderId, ...ProviderId[]];

/** Where and with what key to reach a provider. The key is never logged, stored in clear or returned. */
export interface ProviderConnection {
  /** Stable id of the key record ("key used" on usage records, cooldown scope); not secret. */
  id: string;
  apiKey: string;
  /** For OpenAI-compatible endpoints (Azure OpenAI, Ollama, vLLM, OpenRouter) and for local test servers. */
  baseUrl?: string | undefined;
  /** The admin's limits on this connection, which the router respects before the provider answers 429. */
  rateLimits?: ConnectionRateLimits | undefined;
}

export interface ConnectionRateLimits {
  /** The stored connection's id (without the key's fingerprint): its windows outlive a key rotation. */
  connectionId: string;
  /** The admin's label, for the message a tag shows when the limit stops it. */
  connectionName: string;
  requestsPerMinute?: number | undefined;
  tokensPerMinute?: number | undefined;
}

/** How a reasoning model is asked to think, fitted to its family by the catalog (see fit-request.ts). */
export interface ReasoningSettings {
  /** OpenAI `reasoning_effort`. */
  effort?: string | undefined;
  /** Gemini 2.5 `thinkingConfig.thinkingBudget` (0 turns thinking off where the model allows it). */
  budgetTokens?: number | undefined;
  /** Gemini 3 `thinkingConfig.thinkingLevel`. */
  level?: string | undefined;
}

export interface GenerationRequest {
  model: string;
  system?: string | undefined;
  prompt: string;
  /** Already fitted to the model: clamped to its range, or left out for models that refuse it. */
  temperature?: number | undefined;
  /** Every generated token the model may bill, reasoning included (the answer's limit plus thinking room). */
  maxOutputTokens: number;
  /** The name of the token-limit parameter on OpenAI's wire format; `max_tokens` when unset. */
  outputLimitParameter?: 'max_tokens' | 'max_completion_tokens' | undefined;
  reasoning?: ReasoningSettings | undefined;
  /** Hard deadline for this one attempt; the adapter aborts the HTTP request when it passes. */
  timeoutMs: number;
  /** Aborted when the answer is no longer wanted (the server is shutting down): the adapter stops the HTTP request. */
  signal?: AbortSignal | undefined;
}

/** `refusal`: the model itself declined (OpenAI `refusal`, Anthropic `stop_reason: "refusal"`). */
export type FinishReason = 'stop' | 'length' | 'content_filter' | 'refusal' | 'other';

export interface TokenUsage {
  /** Every prompt token, cached ones included. */
  inputTokens: number;
  /** The part of inputTokens the provider served from its prompt cache (billed at the cached-input price). */
  cachedInputTokens: number;
  /** The part of inputTokens written to the provider's prompt cache (billed at the cache-write price). */
  cacheWriteInputTokens?: number | undefined;
  /** Generated tokens, reasoning tokens included. */
  outputTokens: number;
  /** The part of outputTokens the model spent reasoning or thinking. */
  reasoningTokens?: number | undefined;
}

export interface GenerationResult {
  text: string;
  finishReason: FinishReason;
  /** The provider's own value, kept for diagnosis. */
  rawFinishReason: string | null;
  /** undefined when the provider reported none: the AI core estimates it (never $0). */
  usage: TokenUsage | undefined;
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

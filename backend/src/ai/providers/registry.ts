import { createAnthropicAdapter } from './anthropic/anthropic-adapter';
import { createGeminiAdapter } from './gemini/gemini-adapter';
import { createOpenAiAdapter } from './openai/openai-adapter';
import type { ProviderAdapter, ProviderId } from './provider-adapter';

/** Adding a provider is one folder under providers/ and one line here. */
export function createProviderRegistry(): ReadonlyMap<ProviderId, ProviderAdapter> {
  const adapters: ProviderAdapter[] = [
    createOpenAiAdapter('openai'),
    createOpenAiAdapter('openai-compatible'),
    createAnthropicAdapter(),
    createGeminiAdapter(),
  ];
  return new Map(adapters.map((adapter) => [adapter.id, adapter]));
}

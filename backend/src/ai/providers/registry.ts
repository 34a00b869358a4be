import { createAnthropicAdapter } from './anthropic/anthropic-adapter';
import { createGeminiAdapter } from './gemini/gemini-adapter';
import { createOpenAiAdapter } from './openai/openai-adapter';
import type { Logger } from '../../platform/logger';
import type { ProviderAdapter, ProviderId } from './provider-adapter';

/** Adding a provider is one folder under providers/ and one line here. SDK warnings go to `logger`. */
export function createProviderRegistry(options: { logger?: Logger | undefined } = {}): ReadonlyMap<ProviderId, ProviderAdapter> {
  const adapters: ProviderAdapter[] = [
    createOpenAiAdapter('openai', options.logger),
    createOpenAiAdapter('openai-compatible', options.logger),
    createAnthropicAdapter(options.logger),
    createGeminiAdapter(),
  ];
  return new Map(adapters.map((adapter) => [adapter.id, adapter]));
}

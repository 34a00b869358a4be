import { createAnthropicAdapter } from './anthropic/anthropic-adapter';
import { createGeminiAdapter } from './gemini/gemini-adapter';
import { createOpenAiAdapter } from './openai/openai-adapter';
import type { Logger } from '../../platform/logger';
import type { OutboundGuard } from '../../platform/outbound/outbound-guard';
import type { ProviderAdapter, ProviderId } from './provider-adapter';

export interface ProviderAdapterOptions {
  /** SDK warnings go here. */
  logger?: Logger | undefined;
  /** Every provider call goes through its fetch (the server always gives one; tests of an adapter alone may not). */
  outbound?: OutboundGuard | undefined;
}

/** Adding a provider is one folder under providers/ and one line here. */
export function createProviderRegistry(options: ProviderAdapterOptions = {}): ReadonlyMap<ProviderId, ProviderAdapter> {
  const adapters: ProviderAdapter[] = [
    createOpenAiAdapter('openai', options),
    createOpenAiAdapter('openai-compatible', options),
    createAnthropicAdapter(options),
    createGeminiAdapter(options),
  ];
  return new Map(adapters.map((adapter) => [adapter.id, adapter]));
}

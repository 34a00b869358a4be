import { defineProvider, type ProviderDescriptor } from '../provider-descriptor';
import { createOpenAiAdapter } from './openai-adapter';

/**
 * Any endpoint speaking OpenAI's chat completions (Azure OpenAI, Ollama, vLLM, OpenRouter): the OpenAI adapter
 * with the connection's own base URL. Its server-wide connection is OPENAI_BASE_URL (see openai-provider.ts).
 */
export const openAiCompatibleProvider: ProviderDescriptor<'openai-compatible'> = defineProvider({
  id: 'openai-compatible',
  displayName: 'OpenAI-compatible',
  createAdapter: (options) => createOpenAiAdapter('openai-compatible', options),
  environment: {},
  serverConnection: () => undefined,
  // Each endpoint serves its own models: a connection names the one it uses.
  defaultModel: undefined,
  // Keys of any shape (or none, for Ollama): the generic patterns of redact-secrets.ts still apply.
  keyPattern: undefined,
  baseUrl: 'required',
  keyHint: 'The key the endpoint expects (for one that needs none, such as Ollama, any 8 characters).',
  // Whatever model it serves; an OpenAI model id is still counted exactly (count-tokens.ts).
  exactTokenCounts: false,
  temperatureRange: { min: 0, max: 2 },
  // An OpenAI model id served through a compatible endpoint (Azure OpenAI, a proxy) bills like OpenAI.
  billsLike: 'openai',
});

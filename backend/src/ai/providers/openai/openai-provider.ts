import { apiKeyVariable, baseUrlVariable, modelPricesVariable, modelVariable } from '../environment-variables';
import { defineProvider, type ProviderDescriptor } from '../provider-descriptor';
import { createOpenAiAdapter } from './openai-adapter';

export const openAiProvider: ProviderDescriptor<'openai'> = defineProvider({
  id: 'openai',
  displayName: 'OpenAI',
  createAdapter: (options) => createOpenAiAdapter('openai', options),
  environment: {
    OPENAI_API_KEY: apiKeyVariable,
    /** An OpenAI-compatible endpoint instead of OpenAI's own (Ollama, vLLM, a proxy, the stand-in servers). */
    OPENAI_BASE_URL: baseUrlVariable,
    OPENAI_DEFAULT_MODEL: modelVariable('gpt-6-luna'),
    /**
     * "input,cachedInput,output" dollars per million tokens for OPENAI_DEFAULT_MODEL when the catalog does
     * not price it (a local Ollama model: "0,0,0"). Unpriced models are refused, never treated as free.
     */
    OPENAI_DEFAULT_MODEL_PRICES: modelPricesVariable.optional(),
  },
  serverConnection: (variables) => ({
    // With a base URL the server-wide key is for an OpenAI-compatible endpoint, billed as such.
    provider: variables.OPENAI_BASE_URL ? 'openai-compatible' : 'openai',
    apiKey: variables.OPENAI_API_KEY,
    baseUrl: variables.OPENAI_BASE_URL,
    defaultModel: variables.OPENAI_DEFAULT_MODEL,
    defaultModelPrices: variables.OPENAI_DEFAULT_MODEL_PRICES,
  }),
  serverSetupHint:
    'OPENAI_API_KEY=<your key>, or OPENAI_BASE_URL=<an OpenAI-compatible endpoint, e.g. http://127.0.0.1:11434/v1 for Ollama> and OPENAI_DEFAULT_MODEL=<model>',
  defaultModel: 'gpt-6-luna',
  // Project, service-account and admin keys too; also catches keys quoted masked ("sk-proj-abcd****wxyz").
  keyPattern: /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_*-]{8,}/,
  baseUrl: 'optional',
  keyHint: 'Starts with sk- (platform.openai.com → API keys).',
  exactTokenCounts: true,
  temperatureRange: { min: 0, max: 2 },
});

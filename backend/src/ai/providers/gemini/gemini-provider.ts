import { apiKeyVariable, baseUrlVariable, modelVariable } from '../environment-variables';
import { defineProvider, type ProviderDescriptor } from '../provider-descriptor';
import { createGeminiAdapter } from './gemini-adapter';

export const geminiProvider: ProviderDescriptor<'gemini'> = defineProvider({
  id: 'gemini',
  displayName: 'Gemini',
  createAdapter: (options) => createGeminiAdapter(options),
  environment: {
    GEMINI_API_KEY: apiKeyVariable,
    GEMINI_BASE_URL: baseUrlVariable,
    GEMINI_DEFAULT_MODEL: modelVariable('gemini-3.5-flash-lite'),
  },
  serverConnection: (variables) => ({
    provider: 'gemini',
    apiKey: variables.GEMINI_API_KEY,
    baseUrl: variables.GEMINI_BASE_URL,
    defaultModel: variables.GEMINI_DEFAULT_MODEL,
  }),
  serverSetupHint: 'GEMINI_API_KEY=<your key>',
  defaultModel: 'gemini-3.5-flash-lite',
  keyPattern: /\bAIza[0-9A-Za-z_-]{20,}/,
  baseUrl: 'optional',
  keyHint: 'Starts with AIza (aistudio.google.com → Get API key).',
  exactTokenCounts: false,
  temperatureRange: { min: 0, max: 2 },
});

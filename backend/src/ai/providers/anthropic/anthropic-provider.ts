import { apiKeyVariable, baseUrlVariable, modelVariable } from '../environment-variables';
import { defineProvider, type ProviderDescriptor } from '../provider-descriptor';
import { createAnthropicAdapter } from './anthropic-adapter';

export const anthropicProvider: ProviderDescriptor<'anthropic'> = defineProvider({
  id: 'anthropic',
  displayName: 'Anthropic',
  createAdapter: (options) => createAnthropicAdapter(options),
  environment: {
    ANTHROPIC_API_KEY: apiKeyVariable,
    ANTHROPIC_BASE_URL: baseUrlVariable,
    ANTHROPIC_DEFAULT_MODEL: modelVariable('claude-haiku-5-5'),
  },
  serverConnection: (variables) => ({
    provider: 'anthropic',
    apiKey: variables.ANTHROPIC_API_KEY,
    baseUrl: variables.ANTHROPIC_BASE_URL,
    defaultModel: variables.ANTHROPIC_DEFAULT_MODEL,
  }),
  serverSetupHint: 'ANTHROPIC_API_KEY=<your key>',
  defaultModel: 'claude-haiku-5-5',
  keyPattern: /\bsk-ant-[A-Za-z0-9_*-]{8,}/,
  baseUrl: 'optional',
  keyHint: 'Starts with sk-ant- (console.anthropic.com → API keys).',
  exactTokenCounts: false,
  temperatureRange: { min: 0, max: 1 },
});

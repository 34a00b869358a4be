import { apiKeyVariable, baseUrlVariable, modelVariable } from '../../../../../backend/src/ai/providers/environment-variables';
import { createOpenAiAdapter } from '../../../../../backend/src/ai/providers/openai/openai-adapter';
import type { ProviderId } from '../../../../../backend/src/ai/providers/provider-adapter';
import { defineProvider, type ProviderDescriptor } from '../../../../../backend/src/ai/providers/provider-descriptor';

/** The id is not one the registry's type knows: this provider is registered by the test, not by registry.ts. */
const id = 'test-provider' as ProviderId;

/**
 * A provider that exists only in the tests: the "one folder" of adding a provider. It speaks OpenAI's wire
 * format (so the stand-in OpenAI server answers it) but has its own id, variables, key shape and default model.
 */
export const testProvider: ProviderDescriptor<'test-provider'> = defineProvider({
  id: 'test-provider',
  displayName: 'Test Provider',
  createAdapter: (options) => createOpenAiAdapter(id, options),
  environment: {
    TEST_PROVIDER_API_KEY: apiKeyVariable,
    TEST_PROVIDER_BASE_URL: baseUrlVariable,
    TEST_PROVIDER_DEFAULT_MODEL: modelVariable('tiny-model'),
  },
  serverConnection: (variables) =>
    variables.TEST_PROVIDER_BASE_URL === undefined
      ? undefined
      : {
          provider: id,
          apiKey: variables.TEST_PROVIDER_API_KEY,
          baseUrl: variables.TEST_PROVIDER_BASE_URL,
          defaultModel: variables.TEST_PROVIDER_DEFAULT_MODEL,
        },
  serverSetupHint: 'TEST_PROVIDER_BASE_URL=<its endpoint> and TEST_PROVIDER_API_KEY=<your key>',
  defaultModel: 'tiny-model',
  keyPattern: /\btpk-[A-Za-z0-9]{16,}/,
  baseUrl: 'required',
  keyHint: 'Starts with tpk-.',
  exactTokenCounts: false,
  temperatureRange: { min: 0, max: 1.5 },
});

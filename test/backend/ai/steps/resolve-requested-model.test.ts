import { RetiredModelError, UnpricedModelError } from '../../../../backend/src/ai/ai-errors';
import type { AskAiRequest } from '../../../../backend/src/ai/ask-ai-types';
import type { ConnectionResolver } from '../../../../backend/src/ai/connections/connection-resolver';
import { builtInModels, type CatalogModel } from '../../../../backend/src/ai/models/model-catalog';
import { aiSettingsSchema, type AiSettings } from '../../../../backend/src/ai/settings/ai-settings';
import type { AskAiDependencies, AskAiRun } from '../../../../backend/src/ai/steps/ask-ai-run';
import { catalogCache, resolveRequestedModel } from '../../../../backend/src/ai/steps/resolve-requested-model';

const retiredLocal: CatalogModel = {
  provider: 'openai',
  id: 'gpt-retired-local',
  displayName: 'Retired local',
  shutsDownOn: '2026-01-01',
  replacement: 'gpt-6-luna',
  contextWindow: 8000,
  maxOutputTokens: 1000,
  prices: { input: 1, cachedInput: 0.5, output: 2 },
  capabilities: [],
  complexity: 'simple',
};

const connections: ConnectionResolver = {
  resolve: async () => ({ id: 'key-openai', apiKey: 'sk-test' }),
  defaultModel: async () => ({ provider: 'openai', model: 'gpt-6-luna' }),
  resolveChosen: async () => undefined,
  availability: async () => ({ providers: new Set(['openai' as const]), defaultModel: undefined, setupHint: 'hint', connections: [] }),
  setupHint: 'hint',
};

function run(request: Partial<AskAiRequest>, settings: AiSettings, startedAt = Date.parse('2026-06-01T00:00:00Z')): AskAiRun {
  const dependencies = { settings: { get: async () => settings }, connections } as unknown as AskAiDependencies;
  return {
    request: { organisationId: 'org', userId: 'user', requestId: 'fill:tag', instruction: 'Write it.', origin: {}, ...request },
    dependencies,
    now: () => startedAt,
    startedAt,
    catalogFor: catalogCache(builtInModels),
  };
}

describe('resolveRequestedModel', () => {
  const settings = aiSettingsSchema.parse({ customModels: [retiredLocal], defaultModels: { simple: 'openai:gpt-5.6-luna' } });

  it("takes the tag's model, else the organisation's default for the complexity, priced from its catalog", async () => {
    const tagged = await resolveRequestedModel(run({ model: 'gpt-6-luna' }, settings));
    expect(tagged.requested).toEqual({ provider: 'openai', model: 'gpt-6-luna' });
    expect(tagged.requestedModel.prices).toBeDefined();
    const byComplexity = await resolveRequestedModel(run({ complexity: 'simple' }, settings));
    expect(byComplexity.requested).toEqual({ provider: 'openai', model: 'gpt-5.6-luna' });
  });

  it('refuses a model retired on the day of the request, naming the replacement', async () => {
    const refusal = resolveRequestedModel(run({ model: 'openai:gpt-retired-local' }, settings));
    await expect(refusal).rejects.toBeInstanceOf(RetiredModelError);
    await expect(refusal).rejects.toThrow(/gpt-6-luna instead/);
    const before = await resolveRequestedModel(run({ model: 'openai:gpt-retired-local' }, settings, Date.parse('2025-12-31T12:00:00Z')));
    expect(before.requested.model).toBe('gpt-retired-local');
  });

  it('refuses a model without a price', async () => {
    await expect(resolveRequestedModel(run({ model: 'openai:gpt-nobody-priced' }, settings))).rejects.toBeInstanceOf(UnpricedModelError);
  });

  it('builds the catalog once per settings version', () => {
    const catalogFor = catalogCache(builtInModels);
    expect(catalogFor(settings)).toBe(catalogFor(settings));
    expect(catalogFor(aiSettingsSchema.parse({}))).not.toBe(catalogFor(settings));
  });
});

import type { AskAiRequest } from '../../../../backend/src/ai/ask-ai-types';
import { createMemoryResponseCache } from '../../../../backend/src/ai/cache/response-cache';
import type { ExecutionSuccess } from '../../../../backend/src/ai/execution/execution-outcome';
import { builtInModels, createModelCatalog, type ModelReference } from '../../../../backend/src/ai/models/model-catalog';
import { pricedModel } from '../../../../backend/src/ai/models/priced-model';
import { defaultAiSettings } from '../../../../backend/src/ai/settings/ai-settings';
import { lookupCache, storeInCache } from '../../../../backend/src/ai/steps/cache';

const catalog = createModelCatalog(builtInModels);
const luna: ModelReference = { provider: 'openai', model: 'gpt-6-luna' };
const claude: ModelReference = { provider: 'anthropic', model: 'claude-haiku-4-5' };

function cacheRun(overrides: Partial<AskAiRequest> = {}, settings = defaultAiSettings) {
  const request: AskAiRequest = {
    organisationId: 'domain:cache-step.example',
    userId: 'user-1',
    requestId: 'fill:tag',
    instruction: 'Write it.',
    origin: {},
    ...overrides,
  };
  return {
    request,
    settings,
    dependencies: { cache: createMemoryResponseCache() },
    now: () => 1_000_000,
    requested: luna,
    requestedPrompt: { prompt: 'Write it.', warnings: [], tokens: () => 10 },
    requestedLimit: { maxOutputTokens: 2048, warnings: [] },
  };
}

function servedBy(reference: ModelReference, prompt = 'Write it.'): ExecutionSuccess {
  return {
    candidate: { reference, model: pricedModel(catalog, reference), connection: { id: 'key', apiKey: 'sk-test' } },
    result: {
      text: `Written by ${reference.model}.`,
      finishReason: 'stop',
      rawFinishReason: 'stop',
      usage: { inputTokens: 10, cachedInputTokens: 0, outputTokens: 5 },
      servedModel: reference.model,
    },
    usageEstimated: false,
    warnings: [],
    prompt: { prompt, warnings: [], tokens: () => 10 },
  };
}

describe('cache', () => {
  it("finds what the requested model wrote to the same prompt at the same limit, the organisation's only", () => {
    const run = cacheRun();
    expect(lookupCache(run)).toBeUndefined();
    storeInCache({ ...run, success: servedBy(luna), limit: { maxOutputTokens: 2048, warnings: [] } });
    expect(lookupCache(run)).toMatchObject({ text: 'Written by gpt-6-luna.', provider: 'openai', model: 'gpt-6-luna' });
    const otherTenant = { ...run, request: { ...run.request, organisationId: 'domain:other.example' } };
    expect(lookupCache(otherTenant)).toBeUndefined();
  });

  it("files a fallback's answer, or one sent a different prompt or limit, under what produced it", () => {
    const run = cacheRun();
    const limit = { maxOutputTokens: 2048, warnings: [] };
    storeInCache({ ...run, success: servedBy(claude), limit });
    storeInCache({ ...run, success: servedBy(luna, 'Write it, shortened.'), limit });
    storeInCache({ ...run, success: servedBy(luna), limit: { maxOutputTokens: 1024, warnings: [] } });
    expect(lookupCache(run)).toBeUndefined();
    expect(lookupCache({ ...run, requested: claude })).toMatchObject({ text: 'Written by claude-haiku-4-5.' });
  });

  it('regenerate skips the lookup but still keeps the new answer; a TTL of 0 keeps nothing', () => {
    const run = cacheRun({ bypassCache: true });
    storeInCache({ ...run, success: servedBy(luna), limit: { maxOutputTokens: 2048, warnings: [] } });
    expect(lookupCache(run)).toBeUndefined();
    expect(lookupCache({ ...run, request: { ...run.request, bypassCache: false } })).toBeDefined();

    const uncached = cacheRun({}, { ...defaultAiSettings, cacheTtlSeconds: 0 });
    storeInCache({ ...uncached, success: servedBy(luna), limit: { maxOutputTokens: 2048, warnings: [] } });
    expect(lookupCache({ ...uncached, settings: defaultAiSettings })).toBeUndefined();
  });
});

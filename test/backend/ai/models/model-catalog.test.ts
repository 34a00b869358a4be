import {
  builtInModels,
  createModelCatalog,
  customiseCatalog,
  parseModelKey,
  type CatalogModel,
} from '../../../../backend/src/ai/models/model-catalog';
import { isRetired, lifecycleOf, replacementKey } from '../../../../backend/src/ai/models/model-lifecycle';
import { providerDefaultModels } from '../../../../backend/src/ai/models/provider-default-models';

const catalog = createModelCatalog(builtInModels);

describe('built-in model catalog', () => {
  const today = '2026-12-06';
  const current = (provider: string) =>
    builtInModels.filter((model) => model.provider === provider && lifecycleOf(model, today) === 'current');

  it.each(['openai', 'anthropic', 'gemini'])(
    'lists current %s models (at least three), each priced for every token class it bills',
    (provider) => {
      expect(current(provider).length).toBeGreaterThanOrEqual(3);
      for (const model of current(provider)) {
        expect(model.contextWindow).toBeGreaterThan(0);
        expect(model.maxOutputTokens).toBeGreaterThan(0);
        expect(model.prices!.input).toBeGreaterThan(0);
        expect(model.prices!.output).toBeGreaterThan(0);
        expect(model.prices!.cachedInput).toBeLessThanOrEqual(model.prices!.input);
        // Anthropic bills cache writes apart (1.25x input for the 5-minute cache).
        if (provider === 'anthropic') expect(model.prices!.cacheWrite).toBeGreaterThan(model.prices!.input);
      }
    },
  );

  it('cites, for every entry, the page its facts were read from and when', () => {
    for (const model of builtInModels) {
      expect(model.source?.url).toMatch(/^https:\/\//);
      expect(model.source?.readOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('names a replacement in the catalog for every model with a shutdown date', () => {
    for (const model of builtInModels.filter((entry) => entry.shutsDownOn !== undefined)) {
      const replacement = parseModelKey(replacementKey(model) ?? '');
      expect(replacement && catalog.find(replacement)).toBeDefined();
      expect(isRetired(catalog.find(replacement!)!, model.shutsDownOn!)).toBe(false);
    }
  });

  it('knows the shutdowns users meet: Gemini 2.5 Flash and Pro on 2026-12-01, GPT-5 on 2026-12-11', () => {
    expect(lifecycleOf(catalog.find({ provider: 'gemini', model: 'gemini-2.5-flash' })!, today)).toBe('retired');
    expect(lifecycleOf(catalog.find({ provider: 'gemini', model: 'gemini-2.5-pro' })!, today)).toBe('retired');
    expect(lifecycleOf(catalog.find({ provider: 'openai', model: 'gpt-5' })!, today)).toBe('deprecated');
    expect(lifecycleOf(catalog.find({ provider: 'openai', model: 'gpt-5' })!, '2026-12-11')).toBe('retired');
    expect(lifecycleOf(catalog.find({ provider: 'openai', model: 'gpt-3.5-turbo' })!, today)).toBe('retired');
  });

  it('fits reasoning models: OpenAI reasoning models take max_completion_tokens; Gemini thinking has a budget or a level, never both', () => {
    for (const model of builtInModels.filter((entry) => entry.provider === 'openai'))
      expect(model.outputLimitParameter).toBe('max_completion_tokens');
    for (const model of builtInModels.filter((entry) => entry.provider === 'gemini' && entry.reasoning))
      expect(['gemini-budget', 'gemini-level']).toContain(model.reasoning!.style);
  });

  it('defaults each provider to a current model with no shutdown announced', () => {
    expect(providerDefaultModels().size).toBeGreaterThanOrEqual(3);
    for (const [provider, model] of providerDefaultModels()) {
      const entry = catalog.find({ provider, model });
      expect(entry?.prices).toBeTruthy();
      expect(entry?.shutsDownOn).toBeUndefined();
      expect(entry?.deprecatedOn).toBeUndefined();
    }
  });

  it('finds a model by its dated alias', () => {
    expect(catalog.find({ provider: 'anthropic', model: 'claude-sonnet-4-5-20250929' })?.id).toBe('claude-sonnet-4-5');
    expect(catalog.find({ provider: 'openai', model: 'gpt-5-2025-08-07' })?.id).toBe('gpt-5');
    expect(catalog.providerOf('claude-haiku-4-5-20251001')).toBe('anthropic');
  });

  it('resolves dated snapshots to the model they belong to, not to a longer-named sibling', () => {
    expect(catalog.find({ provider: 'openai', model: 'gpt-4o-2024-08-06' })?.id).toBe('gpt-4o');
    expect(catalog.find({ provider: 'openai', model: 'gpt-4o-mini-2024-07-18' })?.id).toBe('gpt-4o-mini');
    expect(catalog.find({ provider: 'openai', model: 'gpt-4o-mini' })?.id).toBe('gpt-4o-mini');
  });

  it('does not resolve unrelated ids that merely start with a catalog id', () => {
    expect(catalog.find({ provider: 'openai', model: 'gpt-4o-audio' })).toBeUndefined();
    expect(catalog.find({ provider: 'anthropic', model: 'gpt-4o' })).toBeUndefined();
  });

  it("bills an OpenAI model id on an OpenAI-compatible endpoint at OpenAI's price", () => {
    const model = catalog.find({ provider: 'openai-compatible', model: 'gpt-4o-mini-2024-07-18' });
    expect(model?.provider).toBe('openai-compatible');
    expect(model?.prices).toEqual(catalog.find({ provider: 'openai', model: 'gpt-4o-mini' })?.prices);
    expect(catalog.find({ provider: 'openai-compatible', model: 'llama3.1:8b' })).toBeUndefined();
  });

  it('names the provider of a bare model id', () => {
    expect(catalog.providerOf('gpt-4o')).toBe('openai');
    expect(catalog.providerOf('gemini-3.8-flash')).toBe('gemini');
    expect(catalog.providerOf('unknown-model')).toBeUndefined();
  });
});

describe('customiseCatalog', () => {
  const prices = { input: 1, cachedInput: 0.5, output: 2 };

  it("replaces a model's price, including for its dated snapshots, and leaves others untouched", () => {
    const custom = customiseCatalog(builtInModels, { priceOverrides: { 'openai:gpt-4o': prices } });
    expect(custom.find({ provider: 'openai', model: 'gpt-4o' })?.prices).toEqual(prices);
    expect(custom.find({ provider: 'openai', model: 'gpt-4o-2024-08-06' })?.prices).toEqual(prices);
    expect(custom.find({ provider: 'openai', model: 'gpt-4o-mini' })?.prices).toEqual(
      catalog.find({ provider: 'openai', model: 'gpt-4o-mini' })?.prices,
    );
    // The built-in catalog is not modified.
    expect(catalog.find({ provider: 'openai', model: 'gpt-4o' })?.prices?.input).toBe(2.5);
  });

  it('prices an OpenAI model on an OpenAI-compatible endpoint without changing OpenAI itself', () => {
    const custom = customiseCatalog(builtInModels, { priceOverrides: { 'openai-compatible:gpt-4o': prices } });
    expect(custom.find({ provider: 'openai-compatible', model: 'gpt-4o' })?.prices).toEqual(prices);
    expect(custom.find({ provider: 'openai', model: 'gpt-4o' })?.prices?.input).toBe(2.5);
  });

  it('adds a custom model and lets a price override price it', () => {
    const local: CatalogModel = {
      provider: 'openai-compatible',
      id: 'llama3.1:8b',
      displayName: 'Llama 3.1 8B',
      contextWindow: 128_000,
      maxOutputTokens: 4096,
      prices: null,
      capabilities: [],
      complexity: 'simple',
    };
    const unpriced = customiseCatalog(builtInModels, { customModels: [local] });
    expect(unpriced.find({ provider: 'openai-compatible', model: 'llama3.1:8b' })?.displayName).toBe('Llama 3.1 8B');
    expect(unpriced.find({ provider: 'openai-compatible', model: 'llama3.1:8b' })?.prices).toBeNull();

    const priced = customiseCatalog(builtInModels, { customModels: [local], priceOverrides: { 'openai-compatible:llama3.1:8b': prices } });
    expect(priced.find({ provider: 'openai-compatible', model: 'llama3.1:8b' })?.prices).toEqual(prices);
  });
});

describe('parseModelKey', () => {
  it('splits at the first colon so model ids may contain colons', () => {
    expect(parseModelKey('openai-compatible:llama3.1:8b')).toEqual({ provider: 'openai-compatible', model: 'llama3.1:8b' });
    expect(parseModelKey('openai:gpt-4o-mini')).toEqual({ provider: 'openai', model: 'gpt-4o-mini' });
  });

  it('rejects unknown providers and malformed keys', () => {
    expect(parseModelKey('nope:x')).toBeUndefined();
    expect(parseModelKey('gpt-4o')).toBeUndefined();
    expect(parseModelKey(':gpt-4o')).toBeUndefined();
    expect(parseModelKey('openai:')).toBeUndefined();
  });
});

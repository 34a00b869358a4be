import {
  builtInModels,
  createModelCatalog,
  customiseCatalog,
  parseModelKey,
  type CatalogModel,
} from '../../../../backend/src/ai/models/model-catalog';

const catalog = createModelCatalog(builtInModels);

describe('built-in model catalog', () => {
  const required: Array<[string, RegExp]> = [
    ['openai', /^gpt-4o$/],
    ['openai', /^gpt-4o-mini$/],
    ['openai', /^gpt-4-turbo$/],
    ['openai', /^gpt-3\.5-turbo$/],
    ['anthropic', /^claude-3-opus/],
    ['anthropic', /^claude-3-sonnet/],
    ['anthropic', /^claude-3-haiku/],
    ['anthropic', /^claude-3-5-sonnet/],
    ['anthropic', /^claude-3-5-haiku/],
    ['gemini', /^gemini-1\.5-pro$/],
    ['gemini', /^gemini-1\.5-flash$/],
  ];

  it.each(required)('lists %s %s with a context window and every price', (provider, id) => {
    const model = builtInModels.find((entry) => entry.provider === provider && id.test(entry.id));
    expect(model).toBeDefined();
    expect(model!.contextWindow).toBeGreaterThan(0);
    expect(model!.maxOutputTokens).toBeGreaterThan(0);
    expect(model!.prices).not.toBeNull();
    expect(model!.prices!.input).toBeGreaterThan(0);
    expect(model!.prices!.cachedInput).toBeGreaterThan(0);
    expect(model!.prices!.output).toBeGreaterThan(0);
    expect(model!.prices!.cachedInput).toBeLessThanOrEqual(model!.prices!.input);
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
    expect(catalog.providerOf('gemini-1.5-flash')).toBe('gemini');
    expect(catalog.providerOf('unknown-model')).toBeUndefined();
  });
});

describe('customiseCatalog', () => {
  const prices = { input: 1, cachedInput: 0.5, output: 2 };

  it("replaces a model's price, including for its dated snapshots, and leaves others untouched", () => {
    const custom = customiseCatalog(builtInModels, { priceOverrides: { 'openai:gpt-4o': prices } });
    expect(custom.find({ provider: 'openai', model: 'gpt-4o' })?.prices).toEqual(prices);
    expect(custom.find({ provider: 'openai', model: 'gpt-4o-2024-08-06' })?.prices).toEqual(prices);
    expect(custom.find({ provider: 'openai', model: 'gpt-4o-mini' })?.prices).toEqual(catalog.find({ provider: 'openai', model: 'gpt-4o-mini' })?.prices);
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

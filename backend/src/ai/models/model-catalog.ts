import { z } from 'zod';
import { providerIds, type ProviderId } from '../providers/provider-adapter';
import builtInCatalog from './model-catalog.json';

export const complexities = ['simple', 'medium', 'rare'] as const;
export type Complexity = (typeof complexities)[number];

/** US dollars per million tokens, per token class. */
export const modelPricesSchema = z.strictObject({
  input: z.number().min(0).max(10_000),
  cachedInput: z.number().min(0).max(10_000),
  output: z.number().min(0).max(10_000),
});
export type ModelPrices = z.infer<typeof modelPricesSchema>;

export const catalogModelSchema = z.strictObject({
  provider: z.enum(providerIds as [ProviderId, ...ProviderId[]]),
  id: z.string().min(1).max(200),
  displayName: z.string().min(1).max(200),
  contextWindow: z.number().int().positive(),
  maxOutputTokens: z.number().int().positive(),
  /** null: nobody has priced it yet, so it cannot be called (a model is never treated as free). */
  prices: modelPricesSchema.nullable(),
  capabilities: z.array(z.string()).default([]),
  complexity: z.enum(complexities),
});
export type CatalogModel = z.infer<typeof catalogModelSchema>;

export interface ModelReference {
  provider: ProviderId;
  model: string;
}

export function modelKey(reference: ModelReference): string {
  return `${reference.provider}:${reference.model}`;
}

/** "provider:model"; the model part may itself contain colons (Ollama's "llama3.1:8b"). */
export function parseModelKey(key: string): ModelReference | undefined {
  const separator = key.indexOf(':');
  if (separator <= 0) return undefined;
  const provider = key.slice(0, separator) as ProviderId;
  const model = key.slice(separator + 1);
  return providerIds.includes(provider) && model.length > 0 ? { provider, model } : undefined;
}

export interface ModelCatalog {
  all(): readonly CatalogModel[];
  /** Exact id, else the catalog model a dated snapshot belongs to ("gpt-4o-2024-08-06" → gpt-4o). */
  find(reference: ModelReference): CatalogModel | undefined;
  /** The provider of a bare model id, when exactly one catalog provider lists it. */
  providerOf(model: string): ProviderId | undefined;
}

const snapshotSuffix = /^-(\d{4}-?\d{2}-?\d{2}|\d{4}|latest|preview[\w.-]*|\d{3})$/;

export function createModelCatalog(models: readonly CatalogModel[]): ModelCatalog {
  const byKey = new Map(models.map((model) => [modelKey({ provider: model.provider, model: model.id }), model]));
  const lookup = (provider: ProviderId, id: string): CatalogModel | undefined => {
    const exact = byKey.get(`${provider}:${id}`);
    if (exact) return exact;
    let best: CatalogModel | undefined;
    for (const model of models) {
      if (model.provider !== provider || !id.startsWith(model.id)) continue;
      if (!snapshotSuffix.test(id.slice(model.id.length))) continue;
      if (!best || model.id.length > best.id.length) best = model;
    }
    return best;
  };
  return {
    all: () => models,
    find(reference) {
      const own = lookup(reference.provider, reference.model);
      if (own || reference.provider !== 'openai-compatible') return own;
      // An OpenAI-compatible endpoint serving an OpenAI model id (Azure OpenAI, a proxy) bills like OpenAI.
      const openAi = lookup('openai', reference.model);
      return openAi && { ...openAi, provider: 'openai-compatible' };
    },
    providerOf(model) {
      const providers = new Set(models.filter((entry) => entry.id === model).map((entry) => entry.provider));
      return providers.size === 1 ? [...providers][0] : undefined;
    },
  };
}

export const builtInModels: readonly CatalogModel[] = z.array(catalogModelSchema).parse(builtInCatalog.models);

export interface CatalogCustomisation {
  /** Models an organisation adds, typically for OpenAI-compatible endpoints. */
  customModels?: readonly CatalogModel[];
  /** "provider:model" → prices that replace the catalog's. */
  priceOverrides?: Readonly<Record<string, ModelPrices>>;
}

/** The built-in catalog with an organisation's own models and prices laid over it. */
export function customiseCatalog(base: readonly CatalogModel[], customisation: CatalogCustomisation): ModelCatalog {
  const merged = new Map(base.map((model) => [modelKey({ provider: model.provider, model: model.id }), model]));
  for (const model of customisation.customModels ?? []) merged.set(modelKey({ provider: model.provider, model: model.id }), model);
  for (const [key, prices] of Object.entries(customisation.priceOverrides ?? {})) {
    const reference = parseModelKey(key);
    if (!reference) continue;
    const existing = merged.get(key) ?? createModelCatalog([...merged.values()]).find(reference);
    if (existing) merged.set(key, { ...existing, provider: reference.provider, id: reference.model, prices });
  }
  return createModelCatalog([...merged.values()]);
}

import { z } from 'zod';
import { providerIds, type ProviderId } from '../providers/provider-adapter';
import { providerDescriptor } from '../providers/provider-lookup';
import { typedName } from '../../platform/http/common-schemas';
import builtInCatalog from './model-catalog.json';
import { modelPricesSchema, type ModelPrices } from './model-prices';

export { modelPricesSchema, type ModelPrices } from './model-prices';

export const complexities = ['simple', 'medium', 'rare'] as const;
export type Complexity = (typeof complexities)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is written YYYY-MM-DD');

/** How a model is asked to reason; absent for models that do not. */
const reasoningSchema = z.discriminatedUnion('style', [
  /** OpenAI's `reasoning_effort`: the lowest effort the model takes is used (a document section needs little). */
  z.strictObject({
    style: z.literal('openai-effort'),
    effort: z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max']),
    headroomTokens: z.number().int().min(0),
  }),
  /**
   * Anthropic: extended thinking is opt-in and left off; models whose adaptive thinking is always on get the
   * lowest `output_config.effort` and room for it within max_tokens.
   */
  z.strictObject({
    style: z.literal('anthropic-thinking'),
    effort: z.enum(['low', 'medium', 'high', 'xhigh', 'max']).optional(),
    headroomTokens: z.number().int().min(0).default(0),
  }),
  /** Gemini 2.5: `thinkingBudget`, 0 turns thinking off where the model allows it. */
  z.strictObject({ style: z.literal('gemini-budget'), budgetTokens: z.number().int().min(0), headroomTokens: z.number().int().min(0) }),
  /** Gemini 3: `thinkingLevel`; thinking cannot be turned off and shares maxOutputTokens with the answer. */
  z.strictObject({
    style: z.literal('gemini-level'),
    level: z.enum(['minimal', 'low', 'medium', 'high']),
    headroomTokens: z.number().int().min(0),
  }),
]);

export const catalogModelSchema = z.strictObject({
  provider: z.enum(providerIds as [ProviderId, ...ProviderId[]]),
  id: z.string().min(1).max(200),
  /** Other ids the provider accepts for the same model (dated snapshots, "-latest" pointers). */
  aliases: z.array(z.string().min(1).max(200)).max(20).optional(),
  displayName: typedName(200),
  released: isoDate.optional(),
  /** The provider announced its retirement: still served, shown with its shutdown date. */
  deprecatedOn: isoDate.optional(),
  /** From this day the provider no longer serves it: never offered, never called. */
  shutsDownOn: isoDate.optional(),
  /** "provider:model" or a model id of the same provider to use instead. */
  replacement: z.string().min(1).max(250).optional(),
  contextWindow: z.number().int().positive(),
  maxOutputTokens: z.number().int().positive(),
  /** null: nobody has priced it yet, so it cannot be called (a model is never treated as free). */
  prices: modelPricesSchema.nullable(),
  /** Labels shown to admins ("vision", "json", "reasoning", "structured-output"). */
  capabilities: z.array(z.string().max(40)).max(20).default([]),
  /** The temperature range the model takes; null: it refuses any but its default, so none is sent. Unset: 0..2. */
  temperature: z
    .strictObject({ min: z.number().min(0), max: z.number().max(2) })
    .refine((range) => range.min <= range.max, 'the temperature range runs from min to max')
    .nullable()
    .optional(),
  reasoning: reasoningSchema.optional(),
  /** OpenAI's newer models take `max_completion_tokens` and refuse `max_tokens`. */
  outputLimitParameter: z.enum(['max_tokens', 'max_completion_tokens']).optional(),
  complexity: z.enum(complexities),
  /** Where the entry's facts were read, and when. */
  source: z.strictObject({ url: z.string().url(), readOn: isoDate }).optional(),
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
  const byKey = new Map<string, CatalogModel>();
  // Aliases first, so an entry's own id wins over another entry's alias.
  for (const model of models) for (const alias of model.aliases ?? []) byKey.set(`${model.provider}:${alias}`, model);
  for (const model of models) byKey.set(modelKey({ provider: model.provider, model: model.id }), model);
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
      // An OpenAI-compatible endpoint serving an OpenAI model id (Azure OpenAI, a proxy) bills like OpenAI.
      const billsLike = providerDescriptor(reference.provider)?.billsLike;
      if (own || !billsLike) return own;
      const borrowed = lookup(billsLike, reference.model);
      return borrowed && { ...borrowed, provider: reference.provider };
    },
    providerOf(model) {
      const providers = new Set(
        models.filter((entry) => entry.id === model || (entry.aliases ?? []).includes(model)).map((entry) => entry.provider),
      );
      return providers.size === 1 ? [...providers][0] : undefined;
    },
  };
}

export const catalogFileSchema = z.object({ models: z.array(catalogModelSchema) });

export const builtInModels: readonly CatalogModel[] = catalogFileSchema.parse(builtInCatalog).models;

/**
 * The built-in catalog with an operator's newer catalog file laid over it (MODEL_CATALOG_FILE): an entry
 * replaces the built-in one of the same provider and id, new entries are added.
 */
export function mergeCatalogs(base: readonly CatalogModel[], newer: readonly CatalogModel[]): CatalogModel[] {
  const merged = new Map(base.map((model) => [modelKey({ provider: model.provider, model: model.id }), model]));
  for (const model of newer) merged.set(modelKey({ provider: model.provider, model: model.id }), model);
  return [...merged.values()];
}

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

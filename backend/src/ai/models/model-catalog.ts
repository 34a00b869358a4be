import { z } from 'zod';
import { providerIds, type ProviderId } from '../providers/provider-adapter';
import { providerDescriptor } from '../providers/provider-lookup';
import { customModel } from '../../../../contracts/settings';
import builtInCatalog from './model-catalog.json';
import type { ModelPrices } from './model-prices';

export { modelPricesSchema, type ModelPrices } from './model-prices';

export const complexities = ['simple', 'medium', 'rare'] as const;
export type Complexity = (typeof complexities)[number];

/** A catalog model, built in or an organisation's own: defined once, in the settings contract. */
export const catalogModelSchema = customModel;
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

const customisedCatalogs = new WeakMap<readonly CatalogModel[], WeakMap<CatalogCustomisation, ModelCatalog>>();

/**
 * customiseCatalog, kept per base and customisation object: the settings repository hands out one settings object
 * per version, so a fill's pre-run check and every askAI of the same version share one catalog (issue 18).
 */
export function customisedCatalogOf(base: readonly CatalogModel[], customisation: CatalogCustomisation): ModelCatalog {
  let byCustomisation = customisedCatalogs.get(base);
  if (!byCustomisation) customisedCatalogs.set(base, (byCustomisation = new WeakMap()));
  let catalog = byCustomisation.get(customisation);
  if (!catalog) byCustomisation.set(customisation, (catalog = customiseCatalog(base, customisation)));
  return catalog;
}

import { modelKey, parseModelKey, type CatalogModel } from './model-catalog';

export type Lifecycle = 'current' | 'deprecated' | 'retired';

/** The UTC day of an instant, as the catalog writes dates. */
export function dayOf(instant: number): string {
  return new Date(instant).toISOString().slice(0, 10);
}

/** Retired from its shutdown day on (the provider no longer serves it); deprecated once announced. */
export function lifecycleOf(model: Pick<CatalogModel, 'deprecatedOn' | 'shutsDownOn'>, today: string): Lifecycle {
  if (model.shutsDownOn !== undefined && model.shutsDownOn <= today) return 'retired';
  if (model.deprecatedOn !== undefined && model.deprecatedOn <= today) return 'deprecated';
  return 'current';
}

export function isRetired(model: Pick<CatalogModel, 'deprecatedOn' | 'shutsDownOn'>, today: string): boolean {
  return lifecycleOf(model, today) === 'retired';
}

/** Whole days from today to the shutdown day; undefined when none is announced. */
export function daysUntilShutdown(model: Pick<CatalogModel, 'shutsDownOn'>, today: string): number | undefined {
  if (model.shutsDownOn === undefined) return undefined;
  return Math.round((Date.parse(`${model.shutsDownOn}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

/** The replacement as "provider:model" (the catalog may name it by id within the same provider). */
export function replacementKey(model: Pick<CatalogModel, 'provider' | 'replacement'>): string | undefined {
  if (!model.replacement) return undefined;
  return parseModelKey(model.replacement) ? model.replacement : modelKey({ provider: model.provider, model: model.replacement });
}

/** What a person reads when a template still names a retired model. */
export function retiredModelMessage(model: Pick<CatalogModel, 'provider' | 'id' | 'displayName' | 'shutsDownOn' | 'replacement'>): string {
  const replacement = replacementKey(model);
  const instead = replacement ? ` Choose ${replacement} instead.` : ' Choose a current model.';
  return `${model.displayName} (${modelKey({ provider: model.provider, model: model.id })}) was shut down by its provider on ${model.shutsDownOn ?? 'an earlier date'} and can no longer be called.${instead}`;
}

import { RetiredModelError } from '../ai-errors';
import { customisedCatalogOf, type CatalogModel, type ModelCatalog } from '../models/model-catalog';
import { dayOf, isRetired, retiredModelMessage } from '../models/model-lifecycle';
import { pricedModel } from '../models/priced-model';
import { requestedModel } from '../models/requested-model';
import type { AskAiRun, ResolvedRun, RunSettings } from './ask-ai-run';

/** The organisation's catalog per settings version: the settings repository hands out one object per version. */
export function catalogCache(models: readonly CatalogModel[]): (settings: RunSettings) => ModelCatalog {
  return (settings) => customisedCatalogOf(models, settings);
}

/**
 * The first half of selectModel, which summarizing and the cache need: the organisation's settings and the
 * model the request asks for (the tag's model, else the organisation's default for its complexity), priced.
 */
export async function resolveRequestedModel<Run extends AskAiRun>(run: Run): Promise<Run & Omit<ResolvedRun, keyof AskAiRun>> {
  const { request, dependencies } = run;
  const settings = await dependencies.settings.get(request.organisationId);
  const catalog = run.catalogFor(settings);
  const requested = await requestedModel(request, settings, catalog, dependencies.connections);
  const requestedEntry = pricedModel(catalog, requested);
  // Before the cache: a template still set to a retired model is told so, not served an old answer.
  if (isRetired(requestedEntry, dayOf(run.startedAt))) throw new RetiredModelError({ message: retiredModelMessage(requestedEntry) });
  return { ...run, settings, catalog, requested, requestedModel: requestedEntry };
}

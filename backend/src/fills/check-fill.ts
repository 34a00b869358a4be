import { referencedFields } from '../ai/prompt/render-prompt';
import type { ConnectionChoice } from '../ai/connections/connection-resolver';
import { modelKey, type ModelCatalog, type ModelReference } from '../ai/models/model-catalog';
import { tagModelReference } from '../ai/models/tag-model-reference';
import { isRetired, retiredModelMessage } from '../ai/models/model-lifecycle';
import { isModelAllowed, type AiSettings } from '../ai/settings/ai-settings';
import { knownProviderId, unknownProviderMessage } from '../ai/providers/provider-lookup';
import type { TemplateContent } from '../templates/template-configuration';
import type { FillRequest, TagToFill } from './fill-request';

export interface FillProblem {
  /** The tag concerned, or `*` for the whole fill. */
  tag: string;
  code:
    | 'duplicate_tag'
    | 'unconfigured_tag'
    | 'provider_unknown'
    | 'missing_field'
    | 'model_not_allowed'
    | 'model_retired'
    | 'model_unpriced'
    | 'connection_missing'
    | 'budget_exhausted';
  message: string;
}

export interface CheckedFill {
  tags: TagToFill[];
  problems: FillProblem[];
}

/**
 * Every problem that would stop the fill, listed at once before any model is called (SPEC.md section 5),
 * and the configuration each tag is filled with: the edit sent with the request, else the stored one.
 */
export function checkFill(
  request: FillRequest,
  template: TemplateContent | undefined,
  settings: AiSettings,
  catalog: Pick<ModelCatalog, 'providerOf' | 'find'>,
  /** The UTC day (YYYY-MM-DD): a tag set to a model shut down by then cannot be filled. */
  today: string,
  /** The model of the organisation's default connection, for tags with no model and no default in the settings. */
  connectionDefault?: ModelReference | undefined,
  /** The organisation's usable connections, which a tag's chosen connection must be one of. */
  connections: readonly ConnectionChoice[] = [],
): CheckedFill {
  const problems: FillProblem[] = [];
  const tags: TagToFill[] = [];
  const seen = new Set<string>();
  for (const tag of request.tags) {
    if (seen.has(tag.name)) {
      problems.push({ tag: tag.name, code: 'duplicate_tag', message: `The tag ai:${tag.name} is sent twice; send each tag once.` });
      continue;
    }
    seen.add(tag.name);
    const configuration = tag.configuration ?? template?.tags[tag.name];
    // An edit sent with a blank prompt is the add-on's sidebar before anyone wrote the prompt.
    if (!configuration || configuration.prompt === '') {
      problems.push({
        tag: tag.name,
        code: 'unconfigured_tag',
        message: `The tag ai:${tag.name} has no prompt yet; open it in the sidebar and write one.`,
      });
      continue;
    }
    for (const field of referencedFields(configuration.prompt)) {
      const value = request.fieldValues[field];
      if (value === undefined || value.trim() === '') {
        problems.push({
          tag: tag.name,
          code: 'missing_field',
          message: `The prompt of ai:${tag.name} uses {{${field}}}, which has no value; fill it in.`,
        });
      }
    }
    const provider = knownProviderId(configuration.provider);
    if (configuration.provider !== undefined && provider === undefined) {
      problems.push({
        tag: tag.name,
        code: 'provider_unknown',
        message: `ai:${tag.name}: ${unknownProviderMessage(configuration.provider)}`,
      });
      continue;
    }
    const reference = tagModelReference({ ...configuration, provider }, settings, catalog, connectionDefault);
    if (configuration.model) {
      if (reference && !isModelAllowed(settings, reference)) {
        problems.push({
          tag: tag.name,
          code: 'model_not_allowed',
          message: `ai:${tag.name} uses ${configuration.model}, which your organisation does not allow; choose another model.`,
        });
      }
    }
    const chosen = configuration.connectionId;
    if (
      chosen !== undefined &&
      !connections.some((connection) => connection.id === chosen && connection.provider === reference?.provider)
    ) {
      problems.push({
        tag: tag.name,
        code: 'connection_missing',
        message:
          `ai:${tag.name} uses the connection ${chosen}, which is not one of your organisation's ${reference?.provider ?? ''} connections (deleted, turned off or of another provider); ` +
          'choose another connection for the tag in the sidebar, or ask an admin to add it again.',
      });
    }
    const model = reference && catalog.find(reference);
    if (model && isRetired(model, today)) {
      const which = configuration.model ? 'a model' : "the organisation's default model, which is";
      problems.push({
        tag: tag.name,
        code: 'model_retired',
        message: `ai:${tag.name} uses ${which} no longer served: ${retiredModelMessage(model)}`,
      });
    }
    if (reference && !model?.prices && !problems.some((problem) => problem.tag === tag.name && problem.code === 'model_not_allowed')) {
      // askAI would refuse it for every tag after the fill started: a model is never used as if it were free.
      const which = configuration.model ? `the model ${modelKey(reference)}` : `the organisation's default model ${modelKey(reference)}`;
      problems.push({
        tag: tag.name,
        code: 'model_unpriced',
        message:
          `ai:${tag.name} uses ${which}, which has no price, and a model is never used as if it were free. ` +
          (model
            ? `An admin gives it one in Admin settings → Models & policy → Price overrides ` +
              `(${modelKey(reference)} = input, cached input, output, in dollars per million tokens), or picks a priced model.`
            : `An admin describes it in Admin settings → Models & policy → Custom models ` +
              `(${modelKey(reference)} | display name | complexity | context window | max output tokens | input, cached input, output prices), ` +
              `or picks a listed model.`),
      });
    }
    // A tag without a cache lifetime of its own takes its template's default (the organisation's when neither sets one).
    const cacheTtlSeconds = configuration.cacheTtlSeconds ?? template?.cacheTtlSeconds;
    tags.push({ ...configuration, cacheTtlSeconds, name: tag.name, regenerate: tag.regenerate ?? false });
  }
  return { tags, problems };
}

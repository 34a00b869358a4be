import type { ConnectionChoice } from '../ai/connections/connection-resolver';
import { customiseCatalog, type CatalogModel, type ModelReference } from '../ai/models/model-catalog';
import { tagModelReference } from '../ai/models/tag-model-reference';
import { knownProviderId } from '../ai/providers/provider-lookup';
import type { AiSettings } from '../ai/settings/ai-settings';
import type { TemplateContent } from './template-configuration';

export interface TagConnectionContext {
  settings: AiSettings;
  models: readonly CatalogModel[];
  /** The organisation's usable connections. */
  connections: readonly ConnectionChoice[];
  /** The organisation's default connection model, for tags with no model and no default in the settings. */
  connectionDefault: ModelReference | undefined;
}

/**
 * What is wrong with the connections a template's tags chose: each must be one of the organisation's
 * connections to the provider the tag's model is sent to. Each message names the tag and the choices.
 */
export function tagConnectionProblems(content: TemplateContent, context: TagConnectionContext): string[] {
  const problems: string[] = [];
  const catalog = customiseCatalog(context.models, context.settings);
  for (const [name, tag] of Object.entries(content.tags)) {
    if (tag.connectionId === undefined) continue;
    const reference = tagModelReference(
      { ...tag, provider: knownProviderId(tag.provider) },
      context.settings,
      catalog,
      context.connectionDefault,
    );
    if (!reference) {
      problems.push(`ai:${name}: choose the tag's model (with its provider) before choosing a connection for it.`);
      continue;
    }
    const choices = context.connections.filter((connection) => connection.provider === reference.provider);
    if (choices.some((connection) => connection.id === tag.connectionId)) continue;
    const listed = choices.map((connection) => `"${connection.name}" (${connection.id})`).join(', ');
    problems.push(
      `ai:${name}: the connection ${tag.connectionId} is not one of your organisation's ${reference.provider} connections; ` +
        (listed
          ? `choose one of ${listed}, or leave it out for the first one.`
          : `there is none: leave the connection out, or ask an admin to add one.`),
    );
  }
  return problems;
}

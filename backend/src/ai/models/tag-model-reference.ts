import { parseModelKey, type ModelCatalog, type ModelReference } from './model-catalog';
import type { ProviderId } from '../providers/provider-adapter';
import type { AiSettings } from '../settings/ai-settings';
import type { Complexity } from './model-catalog';

export interface TagModelChoice {
  provider?: ProviderId | undefined;
  model?: string | undefined;
  complexity?: Complexity | undefined;
}

/**
 * The model a tag is sent to, read as askAI reads it: an explicit provider, a "provider:model" key, or the
 * provider that lists the id; no model: the organisation's default for the tag's complexity, else its default
 * connection's. undefined when nothing names one.
 */
export function tagModelReference(
  tag: TagModelChoice,
  settings: Pick<AiSettings, 'defaultModels'>,
  catalog: Pick<ModelCatalog, 'providerOf'>,
  connectionDefault: ModelReference | undefined,
): ModelReference | undefined {
  if (tag.model) {
    // A bare id no provider lists goes to the default connection, as askAI sends it (a local or compatible model).
    const unlistedProvider = catalog.providerOf(tag.model) ?? connectionDefault?.provider;
    if (tag.provider) return { provider: tag.provider, model: tag.model };
    return parseModelKey(tag.model) ?? (unlistedProvider ? { provider: unlistedProvider, model: tag.model } : undefined);
  }
  const configured = settings.defaultModels[tag.complexity ?? 'medium'];
  return (configured ? parseModelKey(configured) : undefined) ?? connectionDefault;
}

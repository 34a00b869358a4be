import { fieldsReferencedBy } from '../../shared/tag-names';
import type { ConnectionChoice, ModelChoice, TagConfiguration } from '../../shared/sidebar-contract';

/** A tag nobody has configured yet: what the editor starts from. */
export function emptyConfiguration(): TagConfiguration {
  return { prompt: '', fields: [], outputFormat: 'plain', useDocumentText: false };
}

/** The configuration as it is sent and compared: fields derived from the prompt, blank optional values dropped. */
export function normalizeConfiguration(config: TagConfiguration): TagConfiguration {
  const normalized: TagConfiguration = {
    prompt: config.prompt,
    fields: fieldsReferencedBy(config.prompt),
    outputFormat: config.outputFormat === 'markdown' ? 'markdown' : 'plain',
    useDocumentText: Boolean(config.useDocumentText),
  };
  if (config.model) {
    // A model saved through the API may name no provider ("openai:gpt-4o" or a bare id): kept as it is.
    if (config.provider) normalized.provider = config.provider;
    normalized.model = config.model;
  }
  if (config.connectionId) normalized.connectionId = config.connectionId;
  if (config.complexity) normalized.complexity = config.complexity;
  if (typeof config.temperature === 'number' && Number.isFinite(config.temperature)) normalized.temperature = config.temperature;
  if (typeof config.maxOutputTokens === 'number' && Number.isFinite(config.maxOutputTokens))
    normalized.maxOutputTokens = config.maxOutputTokens;
  if (config.tokenLimitJustification) normalized.tokenLimitJustification = config.tokenLimitJustification;
  if (config.fallbackText) normalized.fallbackText = config.fallbackText;
  if (typeof config.cacheTtlSeconds === 'number' && Number.isInteger(config.cacheTtlSeconds))
    normalized.cacheTtlSeconds = config.cacheTtlSeconds;
  return normalized;
}

/** Whether two configurations would generate and be kept the same way (the fields follow from the prompt). */
export function sameConfiguration(a: TagConfiguration, b: TagConfiguration): boolean {
  const left = normalizeConfiguration(a);
  const right = normalizeConfiguration(b);
  return (
    left.prompt === right.prompt &&
    left.provider === right.provider &&
    left.model === right.model &&
    left.connectionId === right.connectionId &&
    left.complexity === right.complexity &&
    left.temperature === right.temperature &&
    left.maxOutputTokens === right.maxOutputTokens &&
    left.tokenLimitJustification === right.tokenLimitJustification &&
    left.outputFormat === right.outputFormat &&
    (left.fallbackText ?? '') === (right.fallbackText ?? '') &&
    left.useDocumentText === right.useDocumentText &&
    left.cacheTtlSeconds === right.cacheTtlSeconds
  );
}

export function isConfigured(config: TagConfiguration | undefined): boolean {
  return Boolean(config && config.prompt.trim() !== '');
}

export interface ModelOption {
  /** '' is the organisation default. */
  value: string;
  label: string;
  provider?: string;
  model?: string;
}

function modelValue(provider: string, model: string): string {
  return JSON.stringify([provider, model]);
}

/** The model select's options: the organisation default, the allowed models, and the tag's own model if no longer listed. */
export function modelOptions(models: ModelChoice[], current: TagConfiguration): ModelOption[] {
  const options: ModelOption[] = [{ value: '', label: 'Organisation default' }];
  for (const choice of models) {
    options.push({
      value: modelValue(choice.provider, choice.model),
      label: `${choice.displayName} (${choice.provider})`,
      provider: choice.provider,
      model: choice.model,
    });
  }
  if (
    current.provider &&
    current.model &&
    !models.some((choice) => choice.provider === current.provider && choice.model === current.model)
  ) {
    options.push({
      value: modelValue(current.provider, current.model),
      label: `${current.model} (${current.provider}, not allowed)`,
      provider: current.provider,
      model: current.model,
    });
  }
  if (!current.provider && current.model)
    options.push({ value: modelValue('', current.model), label: `${current.model} (as saved)`, model: current.model });
  return options;
}

export function selectedModelValue(config: TagConfiguration): string {
  return config.model ? modelValue(config.provider ?? '', config.model) : '';
}

export function modelFromValue(value: string): Pick<TagConfiguration, 'provider' | 'model'> {
  if (!value) return {};
  try {
    // The options' values are written from the models the backend listed (modelOptions).
    const [provider, model] = JSON.parse(value) as [TagConfiguration['provider'], string];
    return provider ? { provider, model } : { model };
  } catch {
    return {};
  }
}

/**
 * The provider a tag's model goes to: its own, the prefix of a "provider:model" key, else the organisation
 * default's ("provider:model"). undefined when nothing says.
 */
export function tagProvider(config: TagConfiguration, defaultModel: string | undefined): string | undefined {
  if (config.model) return config.provider ?? (config.model.includes(':') ? config.model.split(':')[0] : undefined);
  return defaultModel?.includes(':') ? defaultModel.split(':')[0] : undefined;
}

/**
 * The connections a tag may choose between: its provider's, only when there are several (with one, there is
 * nothing to choose). A choice no longer listed stays shown so the author sees it and picks another.
 */
export function connectionChoicesFor(
  connections: readonly ConnectionChoice[],
  config: TagConfiguration,
  defaultModel: string | undefined,
): ConnectionChoice[] {
  const provider = tagProvider(config, defaultModel);
  const ofProvider = connections.filter((connection) => connection.provider === provider);
  if (config.connectionId && !ofProvider.some((connection) => connection.id === config.connectionId))
    return [...ofProvider, { id: config.connectionId, provider: provider ?? '', name: `${config.connectionId} (no longer available)` }];
  return ofProvider.length > 1 ? ofProvider : [];
}

/** A number box's value: undefined when blank or out of range (the organisation default applies). */
export function parseBoundedNumber(text: string, min: number, max: number, integer = false): { value?: number; valid: boolean } {
  const trimmed = text.trim();
  if (trimmed === '') return { valid: true };
  const value = Number(trimmed);
  if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) return { valid: false };
  return { value, valid: true };
}

/** Inserts `{{name}}` in place of the selection, returning the new text and where the cursor goes. */
export function insertFieldReference(
  text: string,
  selectionStart: number,
  selectionEnd: number,
  name: string,
): { text: string; cursor: number } {
  const start = Math.max(0, Math.min(selectionStart, text.length));
  const end = Math.max(start, Math.min(selectionEnd, text.length));
  const reference = `{{${name}}}`;
  return { text: text.slice(0, start) + reference + text.slice(end), cursor: start + reference.length };
}

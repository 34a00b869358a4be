import type { TagConfiguration, TemplateView } from '../../shared/sidebar-contract';
import { fieldsReferencedBy } from '../../shared/tag-names';
import type { BackendTagConfiguration, BackendTemplate } from '../backend/backend-client';

/** The configuration as the backend's schema takes it: no undefined members, the fields derived from the prompt. */
export function toBackendConfiguration(configuration: TagConfiguration): BackendTagConfiguration {
  const prompt = configuration.prompt.trim();
  const fields = configuration.fields.length > 0 ? configuration.fields : fieldsReferencedBy(prompt);
  const backend: BackendTagConfiguration = {
    prompt,
    fields,
    outputFormat: configuration.outputFormat,
    useDocumentText: configuration.useDocumentText,
  };
  if (configuration.provider) backend.provider = configuration.provider;
  if (configuration.model) backend.model = configuration.model;
  if (configuration.complexity) backend.complexity = configuration.complexity;
  if (configuration.temperature !== undefined) backend.temperature = configuration.temperature;
  if (configuration.maxOutputTokens !== undefined) backend.maxOutputTokens = configuration.maxOutputTokens;
  if (configuration.tokenLimitJustification) backend.tokenLimitJustification = configuration.tokenLimitJustification;
  if (configuration.fallbackText) backend.fallbackText = configuration.fallbackText;
  return backend;
}

/** Every member the backend stores comes back, so saving from the sidebar never drops a setting made elsewhere. */
export function fromBackendConfiguration(configuration: BackendTagConfiguration): TagConfiguration {
  const view: TagConfiguration = {
    prompt: configuration.prompt,
    fields: configuration.fields ?? [],
    outputFormat: configuration.outputFormat ?? 'plain',
    useDocumentText: configuration.useDocumentText ?? false,
  };
  if (configuration.provider) view.provider = configuration.provider;
  if (configuration.model) view.model = configuration.model;
  if (configuration.complexity) view.complexity = configuration.complexity;
  if (configuration.temperature !== undefined) view.temperature = configuration.temperature;
  if (configuration.maxOutputTokens !== undefined) view.maxOutputTokens = configuration.maxOutputTokens;
  if (configuration.tokenLimitJustification) view.tokenLimitJustification = configuration.tokenLimitJustification;
  if (configuration.fallbackText !== undefined) view.fallbackText = configuration.fallbackText;
  return view;
}

export const neverSavedTemplate: TemplateView = { version: 0, tags: {} };

export function toTemplateView(template: BackendTemplate): TemplateView {
  const view: TemplateView = {
    version: template.version,
    tags: Object.fromEntries(Object.entries(template.tags).map(([name, configuration]) => [name, fromBackendConfiguration(configuration)])),
  };
  if (template.inherited) view.inheritedFrom = template.templateId;
  if (template.updatedAt) view.updatedAt = template.updatedAt;
  if (template.updatedBy) view.updatedBy = template.updatedBy;
  return view;
}

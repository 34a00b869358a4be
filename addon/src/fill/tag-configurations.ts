import type { TagConfiguration, TemplateView } from '../../shared/sidebar-contract';
import { fieldsReferencedBy } from '../../shared/tag-names';
import type { BackendTagConfiguration, BackendTemplate } from '../backend/backend-client';

/**
 * The configuration the sidebar edits, as the backend's strict schema takes it (the same contract type):
 * blank choices left out rather than sent empty, unknown members a page might carry dropped, and the fields
 * derived from the prompt when the author listed none.
 */
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
  if (configuration.connectionId) backend.connectionId = configuration.connectionId;
  if (configuration.complexity) backend.complexity = configuration.complexity;
  if (configuration.temperature !== undefined) backend.temperature = configuration.temperature;
  if (configuration.maxOutputTokens !== undefined) backend.maxOutputTokens = configuration.maxOutputTokens;
  if (configuration.tokenLimitJustification) backend.tokenLimitJustification = configuration.tokenLimitJustification;
  if (configuration.fallbackText) backend.fallbackText = configuration.fallbackText;
  if (configuration.cacheTtlSeconds !== undefined) backend.cacheTtlSeconds = configuration.cacheTtlSeconds;
  return backend;
}

export const neverSavedTemplate: TemplateView = { version: 0, tags: {} };

export function toTemplateView(template: BackendTemplate): TemplateView {
  const view: TemplateView = {
    version: template.version,
    // The backend answers every member it stores (the contract's output type): the sidebar edits them as they are.
    tags: Object.fromEntries(Object.entries(template.tags).map(([name, configuration]) => [name, { ...configuration }])),
  };
  if (template.cacheTtlSeconds !== undefined) view.cacheTtlSeconds = template.cacheTtlSeconds;
  if (template.inherited) view.inheritedFrom = template.templateId;
  if (template.updatedAt) view.updatedAt = template.updatedAt;
  if (template.updatedBy) view.updatedBy = template.updatedBy;
  return view;
}

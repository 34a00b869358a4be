import type { FillRequestInput, TagConfiguration } from '../../shared/sidebar-contract';
import { isValidTagName } from '../../shared/tag-names';
import type { BackendClient, BackendFillRequest } from '../backend/backend-client';
import { loadTemplate } from './load-template';
import { toBackendConfiguration } from './tag-configurations';

/** The largest document text the backend accepts as context. */
/** The backend's limit (backend/src/fills/fill-request.ts): more would be refused. */
const maximumDocumentText = 200_000;

export interface PreparedFill {
  request: BackendFillRequest;
}

/**
 * The backend request for a fill. The saved configuration is read only when some tag has no edited one: the
 * add-on needs it to know whether the document's text goes along (each tag's output format comes back with its result).
 */
export function prepareFill(input: FillRequestInput, document: GoogleAppsScript.Document.Document, backend: BackendClient): PreparedFill {
  const documentId = document.getId();
  const needsSaved = input.tags.some((tag) => !input.configurations[tag]);
  const saved: Record<string, TagConfiguration> = needsSaved ? loadTemplate(backend, documentId).tags : {};
  const effective = (tag: string): TagConfiguration | undefined => input.configurations[tag] ?? saved[tag];
  const usesDocumentText = input.tags.some((tag) => effective(tag)?.useDocumentText === true);
  const request: BackendFillRequest = {
    fillId: input.fillId,
    documentId,
    documentName: document.getName(),
    // Only well-formed names with a value: anything else could not be referenced by a prompt anyway.
    fieldValues: Object.fromEntries(Object.entries(input.fieldValues).filter(([name, value]) => isValidTagName(name) && value !== '')),
    tags: input.tags.map((name) => {
      const edited = input.configurations[name];
      return {
        name,
        ...(edited ? { configuration: toBackendConfiguration(edited) } : {}),
        ...(input.regenerate ? { regenerate: true } : {}),
      };
    }),
  };
  if (usesDocumentText) request.documentText = document.getBody().getText().slice(0, maximumDocumentText);
  if (input.regenerateOf) request.regenerateOf = input.regenerateOf;
  if (input.resumeOf) request.resumeOf = input.resumeOf;
  return { request };
}

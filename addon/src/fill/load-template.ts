import type { TemplateView } from '../../shared/sidebar-contract';
import { BackendProblem, type BackendClient, type BackendTemplate } from '../backend/backend-client';
import { neverSavedTemplate, toTemplateView } from './tag-configurations';

/** The configuration `read` answers; a document nobody configured yet (404) has version 0 and no tags. */
export function templateViewOf(read: () => BackendTemplate): TemplateView {
  try {
    return toTemplateView(read());
  } catch (error) {
    if (error instanceof BackendProblem && error.status === 404) return neverSavedTemplate;
    throw error;
  }
}

/** The document's saved configuration. */
export function loadTemplate(backend: BackendClient, documentId: string): TemplateView {
  return templateViewOf(() => backend.getTemplate(documentId));
}

import type { TemplateView } from '../../shared/sidebar-contract';
import { BackendProblem, type BackendClient } from '../backend/backend-client';
import { neverSavedTemplate, toTemplateView } from './tag-configurations';

/** The document's saved configuration; a document nobody configured yet has version 0 and no tags. */
export function loadTemplate(backend: BackendClient, documentId: string): TemplateView {
  try {
    return toTemplateView(backend.getTemplate(documentId));
  } catch (error) {
    if (error instanceof BackendProblem && error.status === 404) return neverSavedTemplate;
    throw error;
  }
}

import type { BackendStatus, SidebarState } from '../../shared/sidebar-contract';
import { BackendProblem, type BackendClient } from '../backend/backend-client';
import { scanDocument } from '../document/scan-document';

export interface SidebarStateDependencies {
  document: GoogleAppsScript.Document.Document;
  backend: () => BackendClient;
  prompts: Record<string, string>;
  fieldValues: Record<string, string>;
}

/** Everything the sidebar shows when it opens: the document's tags, saved drafts and whether a fill can run. */
export function sidebarState(dependencies: SidebarStateDependencies): SidebarState {
  const { document } = dependencies;
  return {
    documentName: document.getName(),
    scan: scanDocument(document),
    backend: backendStatus(dependencies.backend),
    prompts: dependencies.prompts,
    fieldValues: dependencies.fieldValues,
  };
}

function backendStatus(backend: () => BackendClient): BackendStatus {
  try {
    const session = backend().getSession();
    return session.provider.configured
      ? { reachable: true, email: session.email, providerConfigured: true, defaultModel: session.provider.defaultModel }
      : { reachable: true, email: session.email, providerConfigured: false, setupHint: session.provider.setupHint };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { reachable: !(error instanceof BackendProblem) ? false : true, providerConfigured: false, error: message };
  }
}

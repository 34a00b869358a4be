import type { SaveTemplateInput, SaveTemplateOutcome } from '../../shared/sidebar-contract';
import { BackendProblem, type BackendClient } from '../backend/backend-client';
import { loadTemplate } from './load-template';
import { toBackendConfiguration, toTemplateView } from './tag-configurations';

/**
 * Saves the document's tag configuration as a new version on top of `baseVersion`. If someone saved in
 * between, nothing is overwritten: the answer carries their version for the sidebar to reconcile.
 */
export function saveTemplate(
  input: SaveTemplateInput,
  dependencies: { document: GoogleAppsScript.Document.Document; backend: BackendClient },
): SaveTemplateOutcome {
  const { document, backend } = dependencies;
  const tags = Object.fromEntries(Object.entries(input.tags).map(([name, configuration]) => [name, toBackendConfiguration(configuration)]));
  const empty = Object.entries(tags)
    .filter(([, configuration]) => configuration.prompt === '')
    .map(([name]) => name);
  if (empty.length > 0) return { status: 'invalid', message: `Write a prompt for ${empty.join(', ')} before saving.` };
  try {
    const saved = backend.saveTemplate(document.getId(), {
      baseVersion: input.baseVersion,
      template: {
        name: document.getName().slice(0, 500),
        tags,
        ...(input.cacheTtlSeconds === undefined ? {} : { cacheTtlSeconds: input.cacheTtlSeconds }),
      },
    });
    return { status: 'saved', template: toTemplateView(saved) };
  } catch (error) {
    if (!(error instanceof BackendProblem)) throw error;
    if (error.status === 409) {
      const theirs = loadTemplate(backend, document.getId());
      const who = theirs.updatedBy ? ` by ${theirs.updatedBy}` : '';
      return {
        status: 'conflict',
        message: `Someone saved this template meanwhile (version ${theirs.version}${who}); nothing of yours was saved yet.`,
        template: theirs,
      };
    }
    if (error.status === 400 || error.status === 422) return { status: 'invalid', message: error.detail };
    throw error;
  }
}

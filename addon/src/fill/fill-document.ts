import type { FillInput, FillOutcome } from '../../shared/sidebar-contract';
import type { BackendClient } from '../backend/backend-client';
import { replacePlaceholders } from '../document/replace-placeholders';
import { scanDocument } from '../document/scan-document';
import { checkFillInput } from './check-fill-input';

export interface FillDocumentDependencies {
  document: GoogleAppsScript.Document.Document;
  backend: BackendClient;
}

/**
 * Fills every tag of the document: check first, generate every AI tag through the backend, then write all
 * results in one pass. An aborted fill writes nothing.
 */
export function fillDocument(input: FillInput, dependencies: FillDocumentDependencies): FillOutcome {
  const { document, backend } = dependencies;
  const scan = scanDocument(document);
  const problems = checkFillInput(scan, input);
  if (problems.length > 0) return { status: 'not-ready', problems };

  const replacements = new Map<string, string>();
  const tags: Extract<FillOutcome, { status: 'completed' }>['tags'] = [];
  let durationMs = 0;
  if (scan.aiTags.length > 0) {
    const result = backend.fill({
      documentId: document.getId(),
      documentName: document.getName(),
      fieldValues: input.fieldValues,
      tags: scan.aiTags.map((tag) => ({ name: tag.name, configuration: { prompt: input.prompts[tag.name] ?? '' } })),
    });
    const outcomes = result.results.map((tag) => ({
      tag: tag.tag,
      status: tag.status,
      ...(tag.error ? { message: tag.error.message } : {}),
      ...(tag.model ? { model: tag.model } : {}),
    }));
    if (result.status === 'aborted') {
      return { status: 'aborted', message: result.abort?.message ?? 'The fill was stopped.', tags: outcomes };
    }
    for (const tag of result.results) replacements.set(`<<ai:${tag.tag}>>`, tag.text);
    tags.push(...outcomes);
    durationMs = result.totals.durationMs;
  }
  let fieldsReplaced = 0;
  for (const field of scan.fields) {
    const value = input.fieldValues[field.name];
    if (value !== undefined && value !== '') {
      replacements.set(`<<${field.name}>>`, value);
      fieldsReplaced += field.count;
    }
  }
  replacePlaceholders(document, replacements);
  return { status: 'completed', tags, fieldsReplaced, durationMs };
}

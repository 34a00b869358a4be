import type { CopyReference, WriteInput, WriteOutcome } from '../../shared/sidebar-contract';
import type { BackendClient } from '../backend/backend-client';
import { scanDocument } from '../document/scan-document';
import { writeResults } from '../document/write-results';
import { fieldsToWrite } from './fields-to-write';

type Document = GoogleAppsScript.Document.Document;

export interface WriteFillDependencies {
  document: Document;
  backend: BackendClient;
  copyDocument: (documentId: string, name: string) => { document: Document; reference: CopyReference };
}

/** Writes an accepted preview in one pass, into the document or a new copy of it. */
export function writeFill(input: WriteInput, dependencies: WriteFillDependencies): WriteOutcome {
  const { document } = dependencies;
  const scan = scanDocument(document);
  const present = new Set(scan.aiTags.map((tag) => tag.name));
  const missing = Object.keys(input.results).filter((tag) => !present.has(tag));
  if (missing.length > 0) {
    // Someone edited the document since the preview: writing part of it would leave a half-filled document.
    return { status: 'not-written', message: `The document no longer has ${missing.map((tag) => `<<ai:${tag}>>`).join(', ')}; nothing was written. Rescan and preview again.` };
  }
  const target = input.target === 'copy' ? dependencies.copyDocument(document.getId(), input.copyName?.trim() || `${document.getName()} (filled)`) : undefined;
  if (target) {
    try {
      dependencies.backend.linkCopy(document.getId(), target.reference.id);
    } catch {
      // Only the link to the template's configuration is lost; the copy is written all the same.
    }
  }
  const written = writeResults(target?.document ?? document, {
    aiTags: new Map(Object.entries(input.results).map(([tag, result]) => [tag, { text: result.text, format: result.outputFormat }])),
    fields: fieldsToWrite(scan, input.fieldValues),
  });
  return { status: 'written', aiTagOccurrences: written.aiTagOccurrences, fieldsReplaced: written.fieldOccurrences, ...(target ? { copy: target.reference } : {}) };
}

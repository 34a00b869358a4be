import type { CopyReference, DocumentScanSummary } from '../../shared/sidebar-contract';
import type { BackendClient } from '../backend/backend-client';
import { writeResults, type GeneratedText, type WriteSummary } from '../document/write-results';
import { fieldsToWrite } from './fields-to-write';

type Document = GoogleAppsScript.Document.Document;

export interface WriteTargetDependencies {
  document: Document;
  backend: BackendClient;
  /** Makes and opens a copy of the document. */
  copyDocument: (documentId: string, name: string) => { document: Document; reference: CopyReference };
}

export interface WriteIntoTargetInput {
  /** Where to write: the document itself, or a new copy of it. */
  target: 'document' | 'copy';
  /** The copy's name; blank means "<document name> (filled)". */
  copyName?: string;
  /** The scan of `document`, for the fields it holds. */
  scan: DocumentScanSummary;
  aiTags: ReadonlyMap<string, GeneratedText>;
  fieldValues: Record<string, string>;
}

/** Writes generated texts and field values in one pass, into the document or a new copy of it. */
export function writeIntoTarget(
  input: WriteIntoTargetInput,
  dependencies: WriteTargetDependencies,
): { written: WriteSummary; copy?: CopyReference } {
  const { document, backend } = dependencies;
  const target =
    input.target === 'copy'
      ? dependencies.copyDocument(document.getId(), input.copyName?.trim() || `${document.getName()} (filled)`)
      : undefined;
  if (target) linkCopy(backend, document.getId(), target.reference.id);
  const written = writeResults(target?.document ?? document, {
    aiTags: input.aiTags,
    fields: fieldsToWrite(input.scan, input.fieldValues),
  });
  return { written, ...(target ? { copy: target.reference } : {}) };
}

/** A copy keeps using its template's configuration; failing to record that must not lose the written copy. */
function linkCopy(backend: BackendClient, templateDocumentId: string, copyDocumentId: string): void {
  try {
    backend.linkCopy(templateDocumentId, copyDocumentId);
  } catch {
    // A document never configured has nothing to inherit (404); anything else only costs the link.
  }
}

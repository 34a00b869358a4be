import type { CopyReference } from '../../shared/sidebar-contract';
import { copyContentInto } from '../document/copy-into-new-document';

/**
 * A new document in the user's Drive holding a copy of the template, open for writing. DocumentApp.create
 * needs the documents scope (https://developers.google.com/apps-script/reference/document/document-app#create(String));
 * nothing here touches Drive, so the add-on asks for no Drive scope (see copy-into-new-document.ts for why).
 */
export function copyDocument(documentId: string, name: string): { document: GoogleAppsScript.Document.Document; reference: CopyReference } {
  const source = DocumentApp.getActiveDocument();
  if (source.getId() !== documentId) throw new Error('Only the open document can be filled into a copy.');
  const copy = DocumentApp.create(name);
  copyContentInto(source, copy);
  return { document: copy, reference: { id: copy.getId(), name: copy.getName(), url: copy.getUrl() } };
}

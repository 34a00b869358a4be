import type { CopyReference } from '../../shared/sidebar-contract';

/**
 * A copy of a document in the user's Drive, opened for writing. Needs the drive.file scope (the add-on
 * created the copy) and documents (openById reaches beyond the current document).
 */
export function copyDocument(documentId: string, name: string): { document: GoogleAppsScript.Document.Document; reference: CopyReference } {
  const file = DriveApp.getFileById(documentId).makeCopy(name);
  const document = DocumentApp.openById(file.getId());
  return { document, reference: { id: file.getId(), name: file.getName(), url: document.getUrl() } };
}

/**
 * Copies of a template into a run's output folder, through DriveApp. DriveApp's methods require the drive
 * scope (File.makeCopy(name, destination) and File.setTrashed list only https://www.googleapis.com/auth/drive;
 * getFolderById and getFileById drive.readonly or drive:
 * https://developers.google.com/apps-script/reference/drive/file#makeCopy(String,Folder),
 * https://developers.google.com/apps-script/reference/drive/drive-app#getFolderById(String)). drive.file would
 * reach only files the add-on created or the user picked with it; DriveApp does not accept it, and a folder
 * pasted into the sidebar is neither. So bulk runs are what makes the add-on ask for drive (see
 * docs/publishing-the-add-on.md); single fills still build their copy with DocumentApp alone.
 */

export interface DocumentCopy {
  id: string;
  url: string;
}

/** The folder's name, or throws Drive's error when it does not exist or is not shared with the user. */
export function folderName(folderId: string): string {
  return DriveApp.getFolderById(folderId).getName();
}

export function copyIntoFolder(templateDocumentId: string, folderId: string, name: string): DocumentCopy {
  const folder = DriveApp.getFolderById(folderId);
  const copy = DriveApp.getFileById(templateDocumentId).makeCopy(name, folder);
  return { id: copy.getId(), url: copy.getUrl() };
}

export function trashFile(fileId: string): void {
  DriveApp.getFileById(fileId).setTrashed(true);
}

/** Opens a copy for writing (DocumentApp.openById: documents scope). */
export function openDocument(documentId: string): GoogleAppsScript.Document.Document {
  return DocumentApp.openById(documentId);
}

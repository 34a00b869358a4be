import { randomBytes } from 'node:crypto';
import { appsScriptException } from './apps-script-exception';
import { documentFromSpec, documentToSpec, type FakeDocument } from './document-service';

export interface DriveAppOptions {
  /** Every document the user can reach by id (the open one and copies made earlier). */
  findDocument: (id: string) => FakeDocument | undefined;
  /** Keeps a new copy so later executions (and DocumentApp.openById) find it. */
  addDocument: (document: FakeDocument) => void;
  /** The user's Drive folders, by id; a folder keeps the ids of the files in it. */
  findFolder?: (id: string) => DriveFolderState | undefined;
  /** Checks one File method against the execution's scopes (makeCopy and setTrashed need the drive scope). */
  checkFileCall?: (method: string) => void;
  /** Files moved to the trash, by id. */
  trashed?: Set<string>;
}

/** A Drive folder as the workspace keeps it between executions. */
export interface DriveFolderState {
  id: string;
  name: string;
  fileIds: string[];
}

/** A folder (https://developers.google.com/apps-script/reference/drive/folder): only what the add-on uses. */
export class DriveFolder {
  readonly #folder: DriveFolderState;

  constructor(folder: DriveFolderState) {
    this.#folder = folder;
  }

  getId(): string {
    return this.#folder.id;
  }

  getName(): string {
    return this.#folder.name;
  }

  getUrl(): string {
    return `https://drive.google.com/drive/folders/${this.#folder.id}`;
  }

  toString(): string {
    return this.getName();
  }
}

/** A Drive file holding a Google Doc: only what the add-on uses. */
export class DriveFile {
  readonly #document: FakeDocument;
  readonly #options: DriveAppOptions;

  constructor(document: FakeDocument, options: DriveAppOptions) {
    this.#document = document;
    this.#options = options;
  }

  getId(): string {
    return this.#document.getId();
  }

  getName(): string {
    return this.#document.getName();
  }

  getUrl(): string {
    return this.#document.getUrl();
  }

  getMimeType(): string {
    return 'application/vnd.google-apps.document';
  }

  /**
   * Like Drive: a new file id, the same content, and "Copy of <name>" when no name is given; with a destination
   * folder the copy is put there (File.makeCopy(name, destination), which requires the drive scope:
   * https://developers.google.com/apps-script/reference/drive/file#makeCopy(String,Folder)).
   */
  makeCopy(name?: string, destination?: unknown): DriveFile {
    this.#options.checkFileCall?.('makeCopy');
    let folder: DriveFolderState | undefined;
    if (destination !== undefined) {
      const folderId = (destination as { getId?: () => unknown } | null)?.getId?.();
      folder = typeof folderId === 'string' ? this.#options.findFolder?.(folderId) : undefined;
      if (!folder) throw appsScriptException('Invalid argument: destination');
    }
    const spec = documentToSpec(this.#document);
    // Drive file ids are 44 URL-safe characters.
    const id = randomBytes(33).toString('base64url');
    const copy = documentFromSpec({ ...spec, id, name: name === undefined ? `Copy of ${this.#document.getName()}` : String(name) });
    this.#options.addDocument(copy);
    folder?.fileIds.push(id);
    return new DriveFile(copy, this.#options);
  }

  /** Moves the file to the trash (or out of it); needs the drive scope (File.setTrashed). */
  setTrashed(trashed: unknown): DriveFile {
    this.#options.checkFileCall?.('setTrashed');
    if (typeof trashed !== 'boolean') throw appsScriptException('Invalid argument: trashed');
    if (trashed) this.#options.trashed?.add(this.getId());
    else this.#options.trashed?.delete(this.getId());
    return this;
  }

  isTrashed(): boolean {
    return this.#options.trashed?.has(this.getId()) ?? false;
  }

  toString(): string {
    return this.getName();
  }
}

/** DriveApp, limited to files that are Google Docs of the harness. */
export class DriveApp {
  readonly #options: DriveAppOptions;

  constructor(options: DriveAppOptions) {
    this.#options = options;
  }

  getFileById(id: string): DriveFile {
    const document = this.#options.findDocument(String(id));
    if (!document)
      throw appsScriptException(
        `No item with the given ID could be found. Possibly because you have not edited this item or you do not have permission to access it.`,
      );
    return new DriveFile(document, this.#options);
  }

  /** The folder with this id; Drive's message when there is none (or it is not shared with the user). */
  getFolderById(id: string): DriveFolder {
    const folder = this.#options.findFolder?.(String(id));
    if (!folder)
      throw appsScriptException(
        `No item with the given ID could be found. Possibly because you have not edited this item or you do not have permission to access it.`,
      );
    return new DriveFolder(folder);
  }
}

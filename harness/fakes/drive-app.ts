import { randomBytes } from 'node:crypto';
import { appsScriptException } from './apps-script-exception';
import { documentFromSpec, documentToSpec, type FakeDocument } from './document-service';

export interface DriveAppOptions {
  /** Every document the user can reach by id (the open one and copies made earlier). */
  findDocument: (id: string) => FakeDocument | undefined;
  /** Keeps a new copy so later executions (and DocumentApp.openById) find it. */
  addDocument: (document: FakeDocument) => void;
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

  /** Like Drive: a new file id, the same content, and "Copy of <name>" when no name is given. */
  makeCopy(name?: string): DriveFile {
    const spec = documentToSpec(this.#document);
    // Drive file ids are 44 URL-safe characters.
    const id = randomBytes(33).toString('base64url');
    const copy = documentFromSpec({ ...spec, id, name: name === undefined ? `Copy of ${this.#document.getName()}` : String(name) });
    this.#options.addDocument(copy);
    return new DriveFile(copy, this.#options);
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
}

import { appsScriptException } from '../apps-script-exception';
import { Attribute, ElementType, FontFamily, GlyphType, HorizontalAlignment, ParagraphHeading, TabType } from './enums';
import type { FakeDocument } from './fake-document';
import type { Ui } from './ui';

export interface DocumentAppOptions {
  activeDocument: () => FakeDocument;
  ui: Ui;
  /** Other documents openById may reach; an add-on limited to the current document never needs them. */
  documents?: (id: string) => FakeDocument | undefined;
  /** Makes a new, empty document in the user's Drive (DocumentApp.create); absent: create is refused. */
  createDocument?: (name: string) => FakeDocument;
}

/** The DocumentApp service for one execution. */
export class DocumentApp {
  readonly ElementType = ElementType;
  readonly ParagraphHeading = ParagraphHeading;
  readonly HorizontalAlignment = HorizontalAlignment;
  readonly GlyphType = GlyphType;
  readonly Attribute = Attribute;
  readonly FontFamily = FontFamily;
  readonly TabType = TabType;
  readonly #options: DocumentAppOptions;

  constructor(options: DocumentAppOptions) {
    this.#options = options;
  }

  getActiveDocument(): FakeDocument {
    return this.#options.activeDocument();
  }

  getUi(): Ui {
    return this.#options.ui;
  }

  /** "Creates and returns a new document" with the given name (DocumentApp reference). */
  create(name: string): FakeDocument {
    if (typeof name !== 'string' || name === '') throw appsScriptException('Invalid argument: name');
    if (!this.#options.createDocument) throw appsScriptException('DocumentApp.create is not available here.');
    return this.#options.createDocument(name);
  }

  openById(id: string): FakeDocument {
    const active = this.#options.activeDocument();
    const document = active.getId() === id ? active : this.#options.documents?.(String(id));
    if (!document) throw appsScriptException(`Document ${id} is missing (perhaps it was deleted, or you don't have read access?)`);
    return document;
  }
}

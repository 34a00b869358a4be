import { appsScriptException } from '../apps-script-exception';
import { Body, FooterSection, HeaderSection, type Container } from './containers';
import { Footnote, TextBlock } from './paragraphs';

/** One Google Doc: a body, an optional header and footer, and the footnotes referenced from them. */
export class FakeDocument {
  readonly #id: string;
  #name: string;
  readonly #body = new Body();
  #header: HeaderSection | null = null;
  #footer: FooterSection | null = null;

  constructor(id: string, name: string) {
    this.#id = id;
    this.#name = name;
  }

  getId(): string {
    return this.#id;
  }

  getName(): string {
    return this.#name;
  }

  setName(name: string): this {
    this.#name = String(name);
    return this;
  }

  getUrl(): string {
    return `https://docs.google.com/document/d/${this.#id}/edit`;
  }

  getBody(): Body {
    return this.#body;
  }

  getHeader(): HeaderSection | null {
    return this.#header;
  }

  addHeader(): HeaderSection {
    if (this.#header) throw appsScriptException('Document tab already contains a header.');
    this.#header = new HeaderSection();
    this.#header.appendParagraph('');
    return this.#header;
  }

  getFooter(): FooterSection | null {
    return this.#footer;
  }

  addFooter(): FooterSection {
    if (this.#footer) throw appsScriptException('Document tab already contains a footer.');
    this.#footer = new FooterSection();
    this.#footer.appendParagraph('');
    return this.#footer;
  }

  /** Footnotes in the order their references appear: body first, as Docs numbers them. */
  getFootnotes(): Footnote[] {
    const sections: Container[] = [this.#body];
    return sections.flatMap((section) => section._textBlocks().flatMap((block: TextBlock) => block._footnotes.map((anchored) => anchored.footnote)));
  }

  saveAndClose(): void {}
}

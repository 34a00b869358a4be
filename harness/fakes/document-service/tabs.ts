import { appsScriptException } from '../apps-script-exception';
import { Body, FooterSection, HeaderSection, type Container } from './containers';
import { DocumentElement, checkChildIndex, type ParentElement } from './element';
import { TabType } from './enums';
import type { Footnote, TextBlock } from './paragraphs';

/** Which header or footer of a tab: Docs keeps a default one and, when asked for, first-page and even-page ones. */
export type HeaderFooterVariant = 'default' | 'firstPage' | 'evenPage';

const variants: readonly HeaderFooterVariant[] = ['default', 'firstPage', 'evenPage'];

/**
 * The root of one tab's element tree (ElementType.DOCUMENT, "the root of the document":
 * https://developers.google.com/apps-script/reference/document/element-type). Its children are the body and
 * every header and footer section, the first-page and even-page ones included.
 *
 * The reference documents only the default header and footer (DocumentTab.getHeader/getFooter,
 * https://developers.google.com/apps-script/reference/document/document-tab); the other variants are
 * reachable only as further HEADER_SECTION / FOOTER_SECTION children of this root (body.getParent()), which
 * is how Apps Script scripts reach them in practice. The reference says nothing about the order of those
 * children, so this fake puts the body first and the variants after the default ones, and the add-on must
 * not rely on any order.
 */
export class DocumentRoot extends DocumentElement implements ParentElement {
  readonly _tab: DocumentTab;

  constructor(tab: DocumentTab) {
    super();
    this._tab = tab;
  }

  getType(): string {
    return 'DOCUMENT';
  }

  getText(): string {
    return this._sections()
      .map((section) => section.getText())
      .join('\n');
  }

  getNumChildren(): number {
    return this._sections().length;
  }

  getChild(index: number): Container {
    const sections = this._sections();
    checkChildIndex(index, sections.length);
    return sections[index] as Container;
  }

  getChildIndex(child: DocumentElement): number {
    const index = this._sections().indexOf(child as Container);
    if (index < 0) throw appsScriptException('Element does not contain the specified child element.');
    return index;
  }

  copy(): never {
    throw appsScriptException('The document root cannot be copied.');
  }

  _removeChildElement(): void {
    // Docs has no way to remove a tab's body, header or footer through its parent; strictest is to refuse.
    throw appsScriptException('Sections cannot be removed from the document.');
  }

  _sections(): Container[] {
    const tab = this._tab;
    const headers = variants
      .map((variant) => tab._headers.get(variant))
      .filter((section): section is HeaderSection => section !== undefined);
    const footers = variants
      .map((variant) => tab._footers.get(variant))
      .filter((section): section is FooterSection => section !== undefined);
    return [tab._body, ...headers, ...footers];
  }
}

/**
 * A tab's content (https://developers.google.com/apps-script/reference/document/document-tab): its body,
 * header, footer and footnotes.
 */
export class DocumentTab {
  readonly _root: DocumentRoot;
  readonly _body = new Body();
  readonly _headers = new Map<HeaderFooterVariant, HeaderSection>();
  readonly _footers = new Map<HeaderFooterVariant, FooterSection>();

  constructor() {
    this._root = new DocumentRoot(this);
    this._body._parent = this._root;
  }

  getBody(): Body {
    return this._body;
  }

  /** The default header only, or null (DocumentTab.getHeader: "Retrieves the tab's header section, if one exists"). */
  getHeader(): HeaderSection | null {
    return this._headers.get('default') ?? null;
  }

  getFooter(): FooterSection | null {
    return this._footers.get('default') ?? null;
  }

  addHeader(): HeaderSection {
    if (this._headers.has('default')) throw appsScriptException('Document tab already contains a header.');
    return this._addHeader('default');
  }

  addFooter(): FooterSection {
    if (this._footers.has('default')) throw appsScriptException('Document tab already contains a footer.');
    return this._addFooter('default');
  }

  /** Footnotes referenced from the tab's body, in reading order ("all the Footnote elements in the tab body"). */
  getFootnotes(): Footnote[] {
    return this._body._textBlocks().flatMap((block: TextBlock) => block._footnotes.map((anchored) => anchored.footnote));
  }

  /** Harness only: a header Apps Script cannot add (first-page, even-page), as a person makes one in Docs. */
  _addHeader(variant: HeaderFooterVariant): HeaderSection {
    const header = new HeaderSection();
    header.appendParagraph('');
    header._parent = this._root;
    this._headers.set(variant, header);
    return header;
  }

  _addFooter(variant: HeaderFooterVariant): FooterSection {
    const footer = new FooterSection();
    footer.appendParagraph('');
    footer._parent = this._root;
    this._footers.set(variant, footer);
    return footer;
  }
}

/**
 * One tab of a document (https://developers.google.com/apps-script/reference/document/tab), possibly with
 * child tabs (https://developers.google.com/apps-script/guides/docs/tabs: "To access content in all tabs,
 * traverse the tree of child tabs"). Every tab is a document tab: the only TabType there is.
 */
export class Tab {
  readonly #id: string;
  readonly #title: string;
  readonly _content = new DocumentTab();
  readonly _childTabs: Tab[] = [];
  _parentTab: Tab | null = null;
  _index = 0;

  constructor(id: string, title: string) {
    this.#id = id;
    this.#title = title;
  }

  getId(): string {
    return this.#id;
  }

  getTitle(): string {
    return this.#title;
  }

  getIndex(): number {
    return this._index;
  }

  getType(): string {
    return TabType.DOCUMENT_TAB;
  }

  getChildTabs(): Tab[] {
    return [...this._childTabs];
  }

  asDocumentTab(): DocumentTab {
    return this._content;
  }

  _addChildTab(tab: Tab): Tab {
    tab._parentTab = this;
    tab._index = this._childTabs.length;
    this._childTabs.push(tab);
    return tab;
  }

  /** This tab and its descendants, depth first: the order Docs shows them in. */
  _flatten(): Tab[] {
    return [this, ...this._childTabs.flatMap((child) => child._flatten())];
  }
}

import type { Body, FooterSection, HeaderSection } from './containers';
import type { Footnote } from './paragraphs';
import { Tab, type DocumentTab } from './tabs';

/**
 * One Google Doc: one or more tabs, each with child tabs, a body, headers, footers and footnotes
 * (https://developers.google.com/apps-script/reference/document/document).
 *
 * The methods that read or change content directly on the document "operate on either the active tab (in
 * scripts bound to a particular document) or the first tab (if an active one isn't available)". The harness
 * has no cursor, so no active tab: they act on the first tab, and content in other tabs is reached only
 * through getTabs() (https://developers.google.com/apps-script/guides/docs/tabs).
 */
export class FakeDocument {
  readonly #id: string;
  #name: string;
  readonly #tabs: Tab[] = [];
  #tabCount = 0;

  constructor(id: string, name: string, firstTabTitle = 'Tab 1') {
    this.#id = id;
    this.#name = name;
    this._addTab(firstTabTitle);
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

  /** The first-level tabs only; child tabs hang from their parents (Tab.getChildTabs). */
  getTabs(): Tab[] {
    return [...this.#tabs];
  }

  getTab(tabId: string): Tab | null {
    return this._allTabs().find((tab) => tab.getId() === String(tabId)) ?? null;
  }

  getBody(): Body {
    return this.#first().getBody();
  }

  getHeader(): HeaderSection | null {
    return this.#first().getHeader();
  }

  addHeader(): HeaderSection {
    return this.#first().addHeader();
  }

  getFooter(): FooterSection | null {
    return this.#first().getFooter();
  }

  addFooter(): FooterSection {
    return this.#first().addFooter();
  }

  /** Footnotes of the first tab's body, in the order Docs numbers them. */
  getFootnotes(): Footnote[] {
    return this.#first().getFootnotes();
  }

  saveAndClose(): void {}

  /** Harness only: a new tab, first-level or under `parent`, as a person adds one in Docs. */
  _addTab(title: string, parent?: Tab, id?: string): Tab {
    this.#tabCount += 1;
    const tab = new Tab(id ?? `t.${this.#tabCount}`, title);
    if (parent) return parent._addChildTab(tab);
    tab._index = this.#tabs.length;
    this.#tabs.push(tab);
    return tab;
  }

  /** Every tab, child tabs after their parent, in the order Docs lists them. */
  _allTabs(): Tab[] {
    return this.#tabs.flatMap((tab) => tab._flatten());
  }

  #first(): DocumentTab {
    return (this.#tabs[0] as Tab).asDocumentTab();
  }
}

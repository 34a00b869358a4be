import { defaultPageSetup, FlowContainer, FootnoteSection, Table, type Container, type PageSetup } from './containers';
import { characterAttributes, type CharacterAttribute, type CharacterAttributes } from './enums';
import { FakeDocument } from './fake-document';
import { Footnote, ListItem, Paragraph, type TextBlock } from './paragraphs';
import type { DocumentTab, HeaderFooterVariant, Tab } from './tabs';

/** What one tab holds: its body, and the headers and footers it has (default, first-page, even-page). */
export interface TabContentSpec {
  header?: BlockSpec[];
  firstPageHeader?: BlockSpec[];
  evenPageHeader?: BlockSpec[];
  body: BlockSpec[];
  footer?: BlockSpec[];
  firstPageFooter?: BlockSpec[];
  evenPageFooter?: BlockSpec[];
  /** Tabs nested under this one. */
  childTabs?: TabSpec[];
  /** Page size and margins in points, where they differ from a new document's (Body.getPageWidth …). */
  page?: Partial<PageSetup>;
}

export interface TabSpec extends TabContentSpec {
  title: string;
}

/**
 * A document as plain JSON: how tests and the harness describe templates and compare results. The document's
 * own content is its first tab (titled `tabTitle`, "Tab 1" unless said); `tabs` are the first-level tabs
 * after it.
 */
export interface DocumentSpec extends TabContentSpec {
  id?: string;
  name: string;
  tabTitle?: string;
  tabs?: TabSpec[];
}

const headerKeys: Record<HeaderFooterVariant, 'header' | 'firstPageHeader' | 'evenPageHeader'> = {
  default: 'header',
  firstPage: 'firstPageHeader',
  evenPage: 'evenPageHeader',
};
const footerKeys: Record<HeaderFooterVariant, 'footer' | 'firstPageFooter' | 'evenPageFooter'> = {
  default: 'footer',
  firstPage: 'firstPageFooter',
  evenPage: 'evenPageFooter',
};
const variantsInOrder: readonly HeaderFooterVariant[] = ['default', 'firstPage', 'evenPage'];

export type BlockSpec =
  | { type: 'paragraph'; heading?: string; alignment?: string; runs: RunSpec[] }
  | { type: 'listItem'; nestingLevel?: number; glyphType?: string; listId?: string; runs: RunSpec[] }
  | { type: 'table'; rows: BlockSpec[][][] };

export type TextRunSpec = {
  text: string;
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  strikethrough?: boolean;
  foregroundColor?: string;
  backgroundColor?: string;
  fontFamily?: string;
  fontSize?: number;
  linkUrl?: string;
};

export type RunSpec = TextRunSpec | { footnote: BlockSpec[] };

const specKeys: Record<CharacterAttribute, keyof TextRunSpec> = {
  BOLD: 'bold',
  ITALIC: 'italic',
  UNDERLINE: 'underline',
  STRIKETHROUGH: 'strikethrough',
  FOREGROUND_COLOR: 'foregroundColor',
  BACKGROUND_COLOR: 'backgroundColor',
  FONT_FAMILY: 'fontFamily',
  FONT_SIZE: 'fontSize',
  LINK_URL: 'linkUrl',
};

let documentCount = 0;

export function documentFromSpec(spec: DocumentSpec): FakeDocument {
  documentCount += 1;
  const document = new FakeDocument(spec.id ?? `harness-document-${documentCount}`, spec.name, spec.tabTitle ?? 'Tab 1');
  const first = document.getTabs()[0] as Tab;
  fillTab(document, first, spec);
  for (const tabSpec of spec.tabs ?? []) fillTab(document, document._addTab(tabSpec.title), tabSpec);
  return document;
}

function fillTab(document: FakeDocument, tab: Tab, spec: TabContentSpec): void {
  const content = tab.asDocumentTab();
  fillContainer(content.getBody(), spec.body);
  Object.assign(content.getBody()._page, spec.page ?? {});
  for (const variant of variantsInOrder) {
    const header = spec[headerKeys[variant]];
    if (header) fillContainer(content._addHeader(variant)._empty(), header);
    const footer = spec[footerKeys[variant]];
    if (footer) fillContainer(content._addFooter(variant)._empty(), footer);
  }
  for (const child of spec.childTabs ?? []) fillTab(document, document._addTab(child.title, tab), child);
}

function fillContainer(container: Container, blocks: BlockSpec[]): void {
  const lists = new Map<string, ListItem>();
  for (const block of blocks) {
    if (block.type === 'table') {
      if (!(container instanceof FlowContainer)) throw new Error('Harness: a footnote cannot hold a table in Docs.');
      const table = container.appendTable(new Table());
      for (const row of block.rows) {
        const tableRow = table.appendTableRow();
        for (const cell of row) fillContainer(tableRow.appendTableCell()._empty(), cell);
      }
    } else if (block.type === 'paragraph') {
      const paragraph = container.appendParagraph(new Paragraph());
      if (block.heading) paragraph.setHeading(block.heading);
      if (block.alignment) paragraph.setAlignment(block.alignment);
      fillRuns(paragraph, block.runs);
    } else {
      // Built directly: a footnote may hold list items a person typed, though scripts cannot insert them.
      const item = container._insert(container._children.length, new ListItem());
      const listKey = block.listId ?? 'default';
      const first = lists.get(listKey);
      if (first) item.setListId(first);
      else lists.set(listKey, item);
      if (block.nestingLevel !== undefined) item.setNestingLevel(block.nestingLevel);
      // After joining the list: the glyph is the list's, at this level.
      if (block.glyphType) item.setGlyphType(block.glyphType);
      fillRuns(item, block.runs);
    }
  }
}

function fillRuns(block: TextBlock, runs: RunSpec[]): void {
  for (const run of runs) {
    if ('footnote' in run) {
      const section = new FootnoteSection();
      fillContainer(section, run.footnote);
      block._appendFootnote(new Footnote(section));
      continue;
    }
    const attributes: CharacterAttributes = {};
    for (const name of characterAttributes) {
      const value = run[specKeys[name]];
      if (value !== undefined) attributes[name] = value;
    }
    // An empty run stands for the style of an empty paragraph's end (RichText.markAttributes).
    if (run.text === '') block._text.setMarkAttributes(attributes);
    else block._text.append(run.text, attributes);
  }
}

/** Canonical: equal neighbours merged, unset and false attributes left out, list ids numbered by appearance. */
export function documentToSpec(document: FakeDocument): DocumentSpec {
  const [first, ...others] = document.getTabs() as Tab[];
  const spec: DocumentSpec = { id: document.getId(), name: document.getName(), ...tabContentSpec(first as Tab) };
  if ((first as Tab).getTitle() !== 'Tab 1') spec.tabTitle = (first as Tab).getTitle();
  if (others.length > 0) spec.tabs = others.map(tabSpec);
  return spec;
}

function tabSpec(tab: Tab): TabSpec {
  return { title: tab.getTitle(), ...tabContentSpec(tab) };
}

function tabContentSpec(tab: Tab): TabContentSpec {
  const content: DocumentTab = tab.asDocumentTab();
  const spec: TabContentSpec = { body: containerSpec(content.getBody()) };
  const page = pageSpec(content.getBody()._page);
  if (page) spec.page = page;
  for (const variant of variantsInOrder) {
    const header = content._headers.get(variant);
    if (header) spec[headerKeys[variant]] = containerSpec(header);
    const footer = content._footers.get(variant);
    if (footer) spec[footerKeys[variant]] = containerSpec(footer);
  }
  const children = tab.getChildTabs();
  if (children.length > 0) spec.childTabs = children.map(tabSpec);
  return spec;
}

/** Only what differs from a new document's page setup, so most specs need not mention it. */
function pageSpec(page: PageSetup): Partial<PageSetup> | undefined {
  const changed = (Object.keys(defaultPageSetup) as Array<keyof PageSetup>).filter((name) => page[name] !== defaultPageSetup[name]);
  return changed.length > 0 ? Object.fromEntries(changed.map((name) => [name, page[name]])) : undefined;
}

function containerSpec(container: Container): BlockSpec[] {
  const listNames = new Map<string, string>();
  return container._children.map((child): BlockSpec => {
    if (child instanceof Table) {
      return { type: 'table', rows: child._rows.map((row) => row._cells.map((cell) => containerSpec(cell))) };
    }
    const runs = runsSpec(child);
    if (child instanceof ListItem) {
      if (!listNames.has(child.getListId()))
        listNames.set(child.getListId(), listNames.size === 0 ? 'default' : `list${listNames.size + 1}`);
      const item: BlockSpec = { type: 'listItem', runs };
      if (child.getNestingLevel() !== 0) item.nestingLevel = child.getNestingLevel();
      if (child.getGlyphType() !== 'BULLET') item.glyphType = child.getGlyphType();
      const listName = listNames.get(child.getListId()) as string;
      if (listName !== 'default') item.listId = listName;
      return item;
    }
    const paragraph: BlockSpec = { type: 'paragraph', runs };
    if (child.getHeading() !== 'NORMAL') paragraph.heading = child.getHeading();
    if (child.getAlignment()) paragraph.alignment = child.getAlignment() as string;
    return paragraph;
  });
}

function runsSpec(block: TextBlock): RunSpec[] {
  const runs: RunSpec[] = [];
  // An empty paragraph shows its own style, when it has one, as one empty run.
  const mark = textRun('', block._text.markAttributes);
  if (block._text.length === 0 && Object.keys(mark).length > 1) runs.push(mark);
  const text = block._text.text.split('');
  const footnotesAt = (offset: number) => block._footnotes.filter((anchored) => anchored.offset === offset);
  for (let offset = 0; offset <= text.length; offset += 1) {
    for (const anchored of footnotesAt(offset)) runs.push({ footnote: containerSpec(anchored.footnote.getFootnoteContents()) });
    if (offset === text.length) break;
    const run = textRun(text[offset] as string, block._text.attributesAt(offset));
    const last = runs.at(-1);
    if (last && !('footnote' in last) && sameRunAttributes(last, run)) last.text += run.text;
    else runs.push(run);
  }
  return runs;
}

function textRun(text: string, attributes: CharacterAttributes): TextRunSpec {
  const run: TextRunSpec = { text };
  for (const name of characterAttributes) {
    const value = attributes[name];
    if (value !== undefined && value !== null && value !== false) (run as Record<string, unknown>)[specKeys[name]] = value;
  }
  return run;
}

function sameRunAttributes(left: TextRunSpec, right: TextRunSpec): boolean {
  return Object.values(specKeys).every((key) => key === 'text' || left[key] === right[key]);
}

/**
 * Every tab's headers, body, footers and footnotes as text, one paragraph per line, for assertions and the
 * harness API. Tabs after the first start with their title in brackets.
 */
export function documentPlainText(document: FakeDocument): string {
  return document
    ._allTabs()
    .map((tab, index) => {
      const text = tabPlainText(tab.asDocumentTab());
      return index === 0 ? text : [`[Tab: ${tab.getTitle()}]`, text].filter((part) => part !== '').join('\n');
    })
    .filter((part) => part !== '')
    .join('\n');
}

function tabPlainText(content: DocumentTab): string {
  const parts = [
    ...variantsInOrder.map((variant) => content._headers.get(variant)?.getText()),
    content.getBody().getText(),
    ...variantsInOrder.map((variant) => content._footers.get(variant)?.getText()),
  ];
  content.getFootnotes().forEach((footnote, index) => parts.push(`[${index + 1}] ${footnote.getFootnoteContents().getText()}`));
  return parts.filter((part): part is string => part !== undefined && part !== '').join('\n');
}

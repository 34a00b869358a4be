import { FooterSection, HeaderSection, Table, type Container } from './containers';
import { characterAttributes, type CharacterAttribute, type CharacterAttributes } from './enums';
import { FakeDocument } from './fake-document';
import { Footnote, ListItem, Paragraph, TextBlock } from './paragraphs';
import { FootnoteSection } from './containers';

/** A document as plain JSON: how tests and the harness describe templates and compare results. */
export interface DocumentSpec {
  id?: string;
  name: string;
  header?: BlockSpec[];
  body: BlockSpec[];
  footer?: BlockSpec[];
}

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
  const document = new FakeDocument(spec.id ?? `harness-document-${documentCount}`, spec.name);
  fillContainer(document.getBody(), spec.body);
  if (spec.header) fillContainer(document.addHeader()._empty(), spec.header);
  if (spec.footer) fillContainer(document.addFooter()._empty(), spec.footer);
  return document;
}

function fillContainer(container: Container, blocks: BlockSpec[]): void {
  const lists = new Map<string, ListItem>();
  for (const block of blocks) {
    if (block.type === 'table') {
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
      const item = container.appendListItem(new ListItem());
      if (block.nestingLevel !== undefined) item.setNestingLevel(block.nestingLevel);
      if (block.glyphType) item.setGlyphType(block.glyphType);
      const listKey = block.listId ?? 'default';
      const first = lists.get(listKey);
      if (first) item.setListId(first);
      else lists.set(listKey, item);
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
    block._text.append(run.text, attributes);
  }
}

/** Canonical: equal neighbours merged, unset and false attributes left out, list ids numbered by appearance. */
export function documentToSpec(document: FakeDocument): DocumentSpec {
  const spec: DocumentSpec = { id: document.getId(), name: document.getName(), body: containerSpec(document.getBody()) };
  const header = document.getHeader();
  if (header) spec.header = containerSpec(header);
  const footer = document.getFooter();
  if (footer) spec.footer = containerSpec(footer);
  return spec;
}

function containerSpec(container: Container | HeaderSection | FooterSection): BlockSpec[] {
  const listNames = new Map<string, string>();
  return container._children.map((child): BlockSpec => {
    if (child instanceof Table) {
      return { type: 'table', rows: child._rows.map((row) => row._cells.map((cell) => containerSpec(cell))) };
    }
    const runs = runsSpec(child);
    if (child instanceof ListItem) {
      if (!listNames.has(child.getListId())) listNames.set(child.getListId(), listNames.size === 0 ? 'default' : `list${listNames.size + 1}`);
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

/** Header, body, footer and footnotes as text, one paragraph per line, for assertions and the harness API. */
export function documentPlainText(document: FakeDocument): string {
  const parts = [document.getHeader()?.getText(), document.getBody().getText(), document.getFooter()?.getText()];
  document.getFootnotes().forEach((footnote, index) => parts.push(`[${index + 1}] ${footnote.getFootnoteContents().getText()}`));
  return parts.filter((part): part is string => part !== undefined && part !== '').join('\n');
}

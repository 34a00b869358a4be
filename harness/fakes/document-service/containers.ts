import { appsScriptException } from '../apps-script-exception';
import { DocumentElement, checkChildIndex, type ParentElement } from './element';
import { type Footnote, ListItem, Paragraph, type TextBlock, type RangeElement } from './paragraphs';

type Block = Paragraph | ListItem | Table;

/**
 * Body, header, footer, footnote section and table cell: an ordered list of paragraphs, list items and
 * tables. Elements handed in (a copy) are adopted; one that already has a parent is refused, as in Docs.
 *
 * This base class has only what every one of them has: paragraphs. Inserting list items and tables is on
 * `FlowContainer`, because a FootnoteSection has no such methods
 * (https://developers.google.com/apps-script/reference/document/footnote-section lists appendParagraph and
 * insertParagraph only): calling them on a footnote throws "… is not a function", as Apps Script does.
 */
export abstract class Container extends DocumentElement implements ParentElement {
  _children: Block[] = [];
  /** Body, header, footer and footnote sections always end with a paragraph in Docs. */
  readonly _isSection: boolean = false;

  getNumChildren(): number {
    return this._children.length;
  }

  getChild(index: number): Block {
    checkChildIndex(index, this._children.length);
    return this._children[index] as Block;
  }

  getChildIndex(child: DocumentElement): number {
    const index = this._children.indexOf(child as Block);
    if (index < 0) throw appsScriptException('Element does not contain the specified child element.');
    return index;
  }

  getText(): string {
    return this._children.map((child) => child.getText()).join('\n');
  }

  getParagraphs(): Array<Paragraph | ListItem> {
    return this._textBlocks();
  }

  appendParagraph(paragraph: string | Paragraph): Paragraph {
    return this.insertParagraph(this._children.length, paragraph);
  }

  insertParagraph(index: number, paragraph: string | Paragraph): Paragraph {
    const element = typeof paragraph === 'string' ? textBlock(new Paragraph(), paragraph) : this._adopt(paragraph, Paragraph);
    return this._insert(index, element);
  }

  removeChild(child: DocumentElement): this {
    this._removeChildElement(child);
    return this;
  }

  clear(): this {
    for (const child of this._children) child._parent = null;
    this._children = [];
    // Docs leaves a cleared section with one empty paragraph.
    if (this._isSection) this.appendParagraph('');
    return this;
  }

  /** Harness only (building a document from a spec): empty, without the paragraph Docs keeps. */
  _empty(): this {
    for (const child of this._children) child._parent = null;
    this._children = [];
    return this;
  }

  findText(pattern: string, from?: RangeElement): RangeElement | null {
    return findInBlocks(this._textBlocks(), pattern, from);
  }

  replaceText(pattern: string, replacement: string): this {
    for (const block of this._textBlocks()) block.replaceText(pattern, replacement);
    return this;
  }

  editAsText(): never {
    throw appsScriptException('The fake document supports editAsText on paragraphs and list items only.');
  }

  _removeChildElement(child: DocumentElement): void {
    const index = this.getChildIndex(child);
    if (this._isSection && index === this._children.length - 1 && !(child instanceof Table)) {
      throw appsScriptException("Can't remove the last paragraph in a document section.");
    }
    this._children.splice(index, 1);
    child._parent = null;
  }

  /** Every paragraph and list item inside, tables included, in reading order. */
  _textBlocks(): Array<Paragraph | ListItem> {
    return this._children.flatMap((child) => (child instanceof Table ? child._cells().flatMap((cell) => cell._textBlocks()) : [child]));
  }

  _insert<T extends Block>(index: number, element: T): T {
    checkChildIndex(index, this._children.length, true);
    element._parent = this;
    this._children.splice(index, 0, element);
    return element;
  }

  _adopt<T extends Block>(element: unknown, kind: abstract new (...args: never[]) => T): T {
    if (!(element instanceof kind)) throw appsScriptException(`Invalid argument: expected a ${kind.name}`);
    if (element.getParent()) throw appsScriptException('Element must be detached.');
    return element;
  }

  _copyChildrenInto<T extends Container>(copy: T): T {
    for (const child of this._children) copy._insert(copy._children.length, child.copy());
    return copy;
  }
}

/**
 * A container that also takes list items and tables: body, header, footer and table cell
 * (https://developers.google.com/apps-script/reference/document/body, …/header-section, …/footer-section,
 * …/table-cell all list insertListItem and insertTable).
 */
export abstract class FlowContainer extends Container {
  getListItems(): ListItem[] {
    return this._textBlocks().filter((block): block is ListItem => block instanceof ListItem);
  }

  getTables(): Table[] {
    return this._children.flatMap((child) =>
      child instanceof Table ? [child, ...child._cells().flatMap((cell) => cell.getTables())] : [],
    );
  }

  appendListItem(item: string | ListItem): ListItem {
    return this.insertListItem(this._children.length, item);
  }

  insertListItem(index: number, item: string | ListItem): ListItem {
    if (typeof item !== 'string') return this._insert(index, this._adopt(item, ListItem));
    const element = textBlock(new ListItem(), item);
    // A new item continues the list it follows, as typing Enter in a list does.
    const previous = index > 0 ? this._children[index - 1] : undefined;
    if (previous instanceof ListItem) element.setListId(previous);
    return this._insert(index, element);
  }

  appendTable(table?: string[][] | Table): Table {
    return this.insertTable(this._children.length, table);
  }

  insertTable(index: number, table?: string[][] | Table): Table {
    if (table instanceof Table) return this._insert(index, this._adopt(table, Table));
    const created = new Table();
    for (const row of table ?? [['']]) {
      const tableRow = created.appendTableRow();
      for (const cell of row) tableRow.appendTableCell(String(cell));
    }
    return this._insert(index, created);
  }
}

/** The first match after `from` (or from the start), paragraph by paragraph in reading order. */
function findInBlocks(blocks: TextBlock[], pattern: string, from?: RangeElement): RangeElement | null {
  const fromBlock = from ? blocks.indexOf(from._block()) : -1;
  if (from && fromBlock < 0) return null;
  for (let index = Math.max(fromBlock, 0); index < blocks.length; index += 1) {
    const found = (blocks[index] as TextBlock).findText(pattern, index === fromBlock ? from : undefined);
    if (found) return found;
  }
  return null;
}

function textBlock<T extends TextBlock>(block: T, text: string): T {
  block._text.append(String(text), {});
  return block;
}

/** A body's page size and margins, in points. */
export interface PageSetup {
  pageWidth: number;
  pageHeight: number;
  marginTop: number;
  marginBottom: number;
  marginLeft: number;
  marginRight: number;
}

/**
 * What a new document has. The Body reference gives page size and margins "in points" but no defaults; a new
 * Google Doc is US Letter (8.5 × 11 in = 612 × 792 pt) with 1 in (72 pt) margins unless the user changed
 * their default page setup, so the fake starts there.
 */
export const defaultPageSetup: Readonly<PageSetup> = {
  pageWidth: 612,
  pageHeight: 792,
  marginTop: 72,
  marginBottom: 72,
  marginLeft: 72,
  marginRight: 72,
};

/**
 * A page dimension handed to a setter. The reference (https://developers.google.com/apps-script/reference/document/body,
 * setPageWidth/setPageHeight/setMarginTop/…: "Sets the … in points") documents no range and no error; the
 * stricter behaviour is taken: anything but a finite number is refused, as is a page size of zero or less or a
 * negative margin.
 */
function pagePoints(value: unknown, name: keyof PageSetup): number {
  const allowsZero = name.startsWith('margin');
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!allowsZero && value === 0))
    throw appsScriptException(`Invalid argument: ${name}`);
  return value;
}

export class Body extends FlowContainer {
  override readonly _isSection = true;
  /** Page size and margins (https://developers.google.com/apps-script/reference/document/body: getPageWidth … setMarginRight). */
  readonly _page: PageSetup = { ...defaultPageSetup };

  getType(): string {
    return 'BODY_SECTION';
  }

  getPageWidth(): number {
    return this._page.pageWidth;
  }

  setPageWidth(pageWidth: number): this {
    this._page.pageWidth = pagePoints(pageWidth, 'pageWidth');
    return this;
  }

  getPageHeight(): number {
    return this._page.pageHeight;
  }

  setPageHeight(pageHeight: number): this {
    this._page.pageHeight = pagePoints(pageHeight, 'pageHeight');
    return this;
  }

  getMarginTop(): number {
    return this._page.marginTop;
  }

  setMarginTop(marginTop: number): this {
    this._page.marginTop = pagePoints(marginTop, 'marginTop');
    return this;
  }

  getMarginBottom(): number {
    return this._page.marginBottom;
  }

  setMarginBottom(marginBottom: number): this {
    this._page.marginBottom = pagePoints(marginBottom, 'marginBottom');
    return this;
  }

  getMarginLeft(): number {
    return this._page.marginLeft;
  }

  setMarginLeft(marginLeft: number): this {
    this._page.marginLeft = pagePoints(marginLeft, 'marginLeft');
    return this;
  }

  getMarginRight(): number {
    return this._page.marginRight;
  }

  setMarginRight(marginRight: number): this {
    this._page.marginRight = pagePoints(marginRight, 'marginRight');
    return this;
  }

  copy(): Body {
    return this._copyChildrenInto(new Body());
  }
}

export class HeaderSection extends FlowContainer {
  override readonly _isSection = true;

  getType(): string {
    return 'HEADER_SECTION';
  }

  copy(): HeaderSection {
    return this._copyChildrenInto(new HeaderSection());
  }
}

export class FooterSection extends FlowContainer {
  override readonly _isSection = true;

  getType(): string {
    return 'FOOTER_SECTION';
  }

  copy(): FooterSection {
    return this._copyChildrenInto(new FooterSection());
  }
}

export class FootnoteSection extends Container {
  override readonly _isSection = true;
  _footnote: Footnote | null = null;

  getType(): string {
    return 'FOOTNOTE_SECTION';
  }

  override getParent(): ParentElement | null {
    return null;
  }

  copy(): FootnoteSection {
    return this._copyChildrenInto(new FootnoteSection());
  }
}

export class TableCell extends FlowContainer {
  getType(): string {
    return 'TABLE_CELL';
  }

  getParentRow(): TableRow | null {
    return this._parent as TableRow | null;
  }

  getParentTable(): Table | null {
    return (this._parent?.getParent() as Table | null) ?? null;
  }

  copy(): TableCell {
    return this._copyChildrenInto(new TableCell());
  }
}

export class TableRow extends DocumentElement implements ParentElement {
  _cells: TableCell[] = [];

  getType(): string {
    return 'TABLE_ROW';
  }

  getText(): string {
    return this._cells.map((cell) => cell.getText()).join('\t');
  }

  getNumCells(): number {
    return this._cells.length;
  }

  getCell(index: number): TableCell {
    checkChildIndex(index, this._cells.length);
    return this._cells[index] as TableCell;
  }

  getNumChildren(): number {
    return this._cells.length;
  }

  getChild(index: number): TableCell {
    return this.getCell(index);
  }

  getChildIndex(child: DocumentElement): number {
    const index = this._cells.indexOf(child as TableCell);
    if (index < 0) throw appsScriptException('Element does not contain the specified child element.');
    return index;
  }

  getParentTable(): Table | null {
    return this._parent as Table | null;
  }

  /** A new cell holds one paragraph, as in Docs. */
  appendTableCell(text = ''): TableCell {
    const cell = new TableCell();
    cell.appendParagraph(String(text));
    cell._parent = this;
    this._cells.push(cell);
    return cell;
  }

  _removeChildElement(child: DocumentElement): void {
    this._cells.splice(this.getChildIndex(child), 1);
    child._parent = null;
  }

  copy(): TableRow {
    const copy = new TableRow();
    for (const cell of this._cells) {
      const cellCopy = cell.copy();
      cellCopy._parent = copy;
      copy._cells.push(cellCopy);
    }
    return copy;
  }
}

export class Table extends DocumentElement implements ParentElement {
  _rows: TableRow[] = [];

  getType(): string {
    return 'TABLE';
  }

  getText(): string {
    return this._rows.map((row) => row.getText()).join('\n');
  }

  getNumRows(): number {
    return this._rows.length;
  }

  getRow(index: number): TableRow {
    checkChildIndex(index, this._rows.length);
    return this._rows[index] as TableRow;
  }

  getCell(rowIndex: number, cellIndex: number): TableCell {
    return this.getRow(rowIndex).getCell(cellIndex);
  }

  getNumChildren(): number {
    return this._rows.length;
  }

  getChild(index: number): TableRow {
    return this.getRow(index);
  }

  getChildIndex(child: DocumentElement): number {
    const index = this._rows.indexOf(child as TableRow);
    if (index < 0) throw appsScriptException('Element does not contain the specified child element.');
    return index;
  }

  appendTableRow(): TableRow {
    const row = new TableRow();
    row._parent = this;
    this._rows.push(row);
    return row;
  }

  removeRow(index: number): TableRow {
    const row = this.getRow(index);
    this._removeChildElement(row);
    return row;
  }

  findText(pattern: string, from?: RangeElement): RangeElement | null {
    return findInBlocks(
      this._cells().flatMap((cell) => cell._textBlocks()),
      pattern,
      from,
    );
  }

  replaceText(pattern: string, replacement: string): this {
    for (const cell of this._cells()) cell.replaceText(pattern, replacement);
    return this;
  }

  _cells(): TableCell[] {
    return this._rows.flatMap((row) => row._cells);
  }

  _removeChildElement(child: DocumentElement): void {
    this._rows.splice(this.getChildIndex(child), 1);
    child._parent = null;
  }

  copy(): Table {
    const copy = new Table();
    for (const row of this._rows) {
      const rowCopy = row.copy();
      rowCopy._parent = copy;
      copy._rows.push(rowCopy);
    }
    return copy;
  }
}

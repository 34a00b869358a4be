import { appsScriptException } from '../apps-script-exception';
import { DocumentElement, checkChildIndex, type ParentElement } from './element';
import type { FootnoteSection } from './containers';
import { GlyphType, HorizontalAlignment, ParagraphHeading, type CharacterAttribute } from './enums';
import { RichText, attributeMap, stripCharactersDocsDrops } from './rich-text';
import { expandReplacement, findMatches } from './text-search';

/** A footnote reference inside a paragraph; its text lives in its own footnote section. */
export class Footnote extends DocumentElement {
  readonly _contents: FootnoteSection;

  constructor(contents: FootnoteSection) {
    super();
    this._contents = contents;
    contents._footnote = this;
  }

  getType(): string {
    return 'FOOTNOTE';
  }

  getText(): string {
    return '';
  }

  getFootnoteContents(): FootnoteSection {
    return this._contents;
  }

  copy(): Footnote {
    return new Footnote(this._contents.copy());
  }
}

interface AnchoredFootnote {
  /** The footnote sits before the character at this offset (or at the end). */
  offset: number;
  footnote: Footnote;
}

/** The result of findText: a match inside one Text element. */
export class RangeElement {
  readonly #text: Text;
  readonly #start: number;
  readonly #endInclusive: number;

  constructor(text: Text, start: number, endInclusive: number) {
    this.#text = text;
    this.#start = start;
    this.#endInclusive = endInclusive;
  }

  getElement(): Text {
    return this.#text;
  }

  getStartOffset(): number {
    return this.#start;
  }

  getEndOffsetInclusive(): number {
    return this.#endInclusive;
  }

  isPartial(): boolean {
    return this.#start > 0 || this.#endInclusive < this.#text.getText().length - 1;
  }

  _block(): TextBlock {
    return this.#text._owner;
  }
}

type Setter = [value: unknown] | [start: number, endInclusive: number, value: unknown];

/**
 * The editable text of a paragraph or list item (editAsText, or its Text child). It is a live view: edits
 * change the paragraph.
 */
export class Text extends DocumentElement {
  readonly _owner: TextBlock;

  constructor(owner: TextBlock) {
    super();
    this._owner = owner;
    this._parent = owner;
  }

  getType(): string {
    return 'TEXT';
  }

  override getParent(): ParentElement {
    return this._owner;
  }

  getText(): string {
    return this._owner._text.text;
  }

  setText(text: string): Text {
    this._owner._setText(String(text));
    return this;
  }

  appendText(text: string): Text {
    this._owner._insert(this._owner._text.length, String(text));
    return this;
  }

  insertText(offset: number, text: string): Text {
    this._owner._insert(offset, String(text));
    return this;
  }

  deleteText(start: number, endInclusive: number): Text {
    this._owner._delete(start, endInclusive);
    return this;
  }

  editAsText(): Text {
    return this;
  }

  copy(): Text {
    return (this._owner.copy() as TextBlock).editAsText();
  }

  getTextAttributeIndices(): number[] {
    return this._owner._text.attributeIndices();
  }

  getAttributes(offset?: number): Record<string, unknown> {
    return offset === undefined ? this._owner._uniformAttributes() : attributeMap(this._owner._text.attributesAt(offset));
  }

  setAttributes(...args: [Record<string, unknown>] | [number, number, Record<string, unknown>]): Text {
    const text = this._owner._text;
    if (args.length === 1) {
      // An empty paragraph is only its end: that is what takes the attributes (see RichText.markAttributes).
      if (text.length > 0) text.setAttributes(0, text.length - 1, args[0]);
      else text.setMarkAttributes(args[0]);
    } else text.setAttributes(args[0], args[1], args[2]);
    return this;
  }

  isBold(offset?: number): boolean | null {
    return this._read('BOLD', offset) as boolean | null;
  }

  setBold(...args: Setter): Text {
    return this._write('BOLD', args);
  }

  isItalic(offset?: number): boolean | null {
    return this._read('ITALIC', offset) as boolean | null;
  }

  setItalic(...args: Setter): Text {
    return this._write('ITALIC', args);
  }

  isUnderline(offset?: number): boolean | null {
    return this._read('UNDERLINE', offset) as boolean | null;
  }

  setUnderline(...args: Setter): Text {
    return this._write('UNDERLINE', args);
  }

  isStrikethrough(offset?: number): boolean | null {
    return this._read('STRIKETHROUGH', offset) as boolean | null;
  }

  setStrikethrough(...args: Setter): Text {
    return this._write('STRIKETHROUGH', args);
  }

  getForegroundColor(offset?: number): string | null {
    return this._read('FOREGROUND_COLOR', offset) as string | null;
  }

  setForegroundColor(...args: Setter): Text {
    return this._write('FOREGROUND_COLOR', args);
  }

  getBackgroundColor(offset?: number): string | null {
    return this._read('BACKGROUND_COLOR', offset) as string | null;
  }

  setBackgroundColor(...args: Setter): Text {
    return this._write('BACKGROUND_COLOR', args);
  }

  getFontFamily(offset?: number): string | null {
    return this._read('FONT_FAMILY', offset) as string | null;
  }

  setFontFamily(...args: Setter): Text {
    return this._write('FONT_FAMILY', args);
  }

  getFontSize(offset?: number): number | null {
    return this._read('FONT_SIZE', offset) as number | null;
  }

  setFontSize(...args: Setter): Text {
    return this._write('FONT_SIZE', args);
  }

  getLinkUrl(offset?: number): string | null {
    return this._read('LINK_URL', offset) as string | null;
  }

  setLinkUrl(...args: Setter): Text {
    return this._write('LINK_URL', args);
  }

  findText(pattern: string, from?: RangeElement): RangeElement | null {
    return this._owner.findText(pattern, from);
  }

  replaceText(pattern: string, replacement: string): Text {
    this._owner.replaceText(pattern, replacement);
    return this;
  }

  _read(name: CharacterAttribute, offset?: number): unknown {
    if (offset !== undefined) return this._owner._text.attributesAt(offset)[name] ?? null;
    return this._owner._uniformAttributes()[name] ?? null;
  }

  /** setX(value) styles the whole text; setX(start, endInclusive, value) a range; null removes the attribute. */
  _write(name: CharacterAttribute, args: Setter): Text {
    const text = this._owner._text;
    const [start, endInclusive, value] = args.length === 1 ? [0, text.length - 1, args[0]] : args;
    if (args.length === 1 && text.length === 0) {
      if (value === null || value === undefined) text.clearMarkAttribute(name);
      else text.setMarkAttributes({ [name]: value });
      return this;
    }
    if (value === null || value === undefined) text.clearAttribute(start, endInclusive, name);
    else text.setAttributes(start, endInclusive, { [name]: value });
    return this;
  }
}

/** What Paragraph and ListItem share: rich text with anchored footnotes and paragraph attributes. */
export abstract class TextBlock extends DocumentElement implements ParentElement {
  _text = new RichText();
  _footnotes: AnchoredFootnote[] = [];
  _heading: string = ParagraphHeading.NORMAL;
  _alignment: string | null = null;
  readonly #view = new Text(this);

  getText(): string {
    return this._text.text;
  }

  setText(text: string): this {
    this._setText(String(text));
    // Apps Script's setText on a paragraph drops its other children, footnotes included.
    this._footnotes = [];
    return this;
  }

  appendText(text: string): Text {
    this._insert(this._text.length, String(text));
    return this.#view;
  }

  editAsText(): Text {
    return this.#view;
  }

  clear(): this {
    return this.setText('');
  }

  getHeading(): string {
    return this._heading;
  }

  setHeading(heading: string): this {
    if (!Object.values(ParagraphHeading).includes(String(heading) as never)) throw appsScriptException(`Invalid argument: heading`);
    this._heading = String(heading);
    return this;
  }

  getAlignment(): string | null {
    return this._alignment;
  }

  setAlignment(alignment: string): this {
    if (!Object.values(HorizontalAlignment).includes(String(alignment) as never)) throw appsScriptException(`Invalid argument: alignment`);
    this._alignment = String(alignment);
    return this;
  }

  getAttributes(): Record<string, unknown> {
    return { ...this._uniformAttributes(), HEADING: this._heading, HORIZONTAL_ALIGNMENT: this._alignment };
  }

  setAttributes(attributes: Record<string, unknown>): this {
    if (typeof attributes.HEADING === 'string') this.setHeading(attributes.HEADING);
    if (typeof attributes.HORIZONTAL_ALIGNMENT === 'string') this.setAlignment(attributes.HORIZONTAL_ALIGNMENT);
    if (this._text.length > 0) this._text.setAttributes(0, this._text.length - 1, attributes);
    else this._text.setMarkAttributes(attributes);
    return this;
  }

  /** A Text child when there is text, then the footnote references, in order. */
  _children(): DocumentElement[] {
    const footnotes = this._footnotes.map((anchored) => anchored.footnote);
    return this._text.length > 0 ? [this.#view, ...footnotes] : footnotes;
  }

  getNumChildren(): number {
    return this._children().length;
  }

  getChild(index: number): DocumentElement {
    const children = this._children();
    checkChildIndex(index, children.length);
    return children[index] as DocumentElement;
  }

  getChildIndex(child: DocumentElement): number {
    const index = this._children().indexOf(child);
    if (index < 0) throw appsScriptException('Element does not contain the specified child element.');
    return index;
  }

  _removeChildElement(child: DocumentElement): void {
    if (child === this.#view) this._setText('');
    this._footnotes = this._footnotes.filter((anchored) => anchored.footnote !== child);
    child._parent = null;
  }

  findText(pattern: string, from?: RangeElement): RangeElement | null {
    const after = from && from._block() === this ? from.getEndOffsetInclusive() + 1 : 0;
    const match = findMatches(this._text.text, pattern).find((candidate) => candidate.start >= after);
    return match ? new RangeElement(this.#view, match.start, match.end - 1) : null;
  }

  replaceText(pattern: string, replacement: string): this {
    const matches = findMatches(this._text.text, pattern);
    for (const match of [...matches].reverse()) {
      const attributes = this._text.attributesAt(match.start);
      const value = stripCharactersDocsDrops(expandReplacement(String(replacement), match));
      this._delete(match.start, match.end - 1);
      if (value.length > 0) {
        this._insert(match.start, value);
        // Replaced characters take the formatting of the first matched character, whatever precedes them.
        this._text.assignAttributes(match.start, match.start + value.length - 1, attributes);
      }
    }
    return this;
  }

  _uniformAttributes(): Record<string, unknown> {
    if (this._text.length === 0) return attributeMap(this._text.markAttributes);
    const result: Record<string, unknown> = attributeMap({});
    const first = this._text.attributesAt(0);
    for (const name of Object.keys(result)) {
      const value = first[name as CharacterAttribute];
      let uniform = true;
      for (let offset = 1; offset < this._text.length && uniform; offset += 1)
        uniform = this._text.attributesAt(offset)[name as CharacterAttribute] === value;
      result[name] = uniform ? (value ?? null) : null;
    }
    return result;
  }

  _setText(text: string): void {
    this._text.setText(text);
    for (const anchored of this._footnotes) anchored.offset = Math.min(anchored.offset, this._text.length);
  }

  _insert(offset: number, given: string): void {
    const text = stripCharactersDocsDrops(given);
    this._text.insert(offset, text);
    for (const anchored of this._footnotes) if (anchored.offset > offset) anchored.offset += text.length;
  }

  _delete(start: number, endInclusive: number): void {
    this._text.delete(start, endInclusive);
    const removed = endInclusive - start + 1;
    for (const anchored of this._footnotes) {
      if (anchored.offset > endInclusive) anchored.offset -= removed;
      else if (anchored.offset > start) anchored.offset = start;
    }
  }

  _appendFootnote(footnote: Footnote): void {
    footnote._parent = this;
    this._footnotes.push({ offset: this._text.length, footnote });
  }

  _copyInto<T extends TextBlock>(copy: T): T {
    copy._text = this._text.copy();
    copy._heading = this._heading;
    copy._alignment = this._alignment;
    for (const anchored of this._footnotes) {
      const footnote = anchored.footnote.copy();
      footnote._parent = copy;
      copy._footnotes.push({ offset: anchored.offset, footnote });
    }
    return copy;
  }
}

export class Paragraph extends TextBlock {
  getType(): string {
    return 'PARAGRAPH';
  }

  copy(): Paragraph {
    return this._copyInto(new Paragraph());
  }
}

let nextListId = 1;

export function newListId(): string {
  const id = `kix.list${nextListId}`;
  nextListId += 1;
  return id;
}

/**
 * Glyphs belong to a list's nesting levels, not to its items: in Docs a list has one set of properties per
 * nesting level ("NestingLevel: properties describing the look and feel of a list bullet at a given level of
 * nesting", https://developers.google.com/docs/api/reference/rest/v1/documents#nestinglevel), and a
 * paragraph only names its list and level (https://developers.google.com/docs/api/reference/rest/v1/documents#bullet).
 * So ListItem.setGlyphType changes every item of that list at that level, as it does in Docs.
 */
const listGlyphs = new Map<string, Map<number, string>>();

export class ListItem extends TextBlock {
  _nestingLevel = 0;
  _listId: string = newListId();

  getType(): string {
    return 'LIST_ITEM';
  }

  getNestingLevel(): number {
    return this._nestingLevel;
  }

  setNestingLevel(level: number): this {
    if (!Number.isInteger(level) || level < 0 || level > 8) throw appsScriptException('Invalid argument: nestingLevel');
    this._nestingLevel = level;
    return this;
  }

  /** The glyph of this item's list at its level; a level never given one shows a bullet. */
  getGlyphType(): string {
    return listGlyphs.get(this._listId)?.get(this._nestingLevel) ?? GlyphType.BULLET;
  }

  setGlyphType(glyphType: string): this {
    if (!Object.values(GlyphType).includes(String(glyphType) as never)) throw appsScriptException('Invalid argument: glyphType');
    const levels = listGlyphs.get(this._listId) ?? new Map<number, string>();
    levels.set(this._nestingLevel, String(glyphType));
    listGlyphs.set(this._listId, levels);
    return this;
  }

  getListId(): string {
    return this._listId;
  }

  /** Joins the list of another item, as Apps Script's setListId(listItem) does: it then shows that list's glyphs. */
  setListId(listItem: ListItem): this {
    this._listId = listItem.getListId();
    return this;
  }

  override getAttributes(): Record<string, unknown> {
    return { ...super.getAttributes(), NESTING_LEVEL: this._nestingLevel, GLYPH_TYPE: this.getGlyphType(), LIST_ID: this._listId };
  }

  /** A copy stays in its list (same id), so it shows the list's glyphs. */
  copy(): ListItem {
    const copy = this._copyInto(new ListItem());
    copy._nestingLevel = this._nestingLevel;
    copy._listId = this._listId;
    return copy;
  }
}

import type { TextBlockElement } from './text-blocks';

type Element = GoogleAppsScript.Document.Element;
type Text = GoogleAppsScript.Document.Text;
type Attributes = Record<string, unknown>;

/** The section or table cell a paragraph sits in, as far as writing and restoring it go. */
export interface ParentContainer {
  getChildIndex(child: Element): number;
  insertParagraph(index: number, paragraph: GoogleAppsScript.Document.Paragraph | string): GoogleAppsScript.Document.Paragraph;
  /** Missing on a FootnoteSection (https://developers.google.com/apps-script/reference/document/footnote-section). */
  insertListItem?(index: number, item: GoogleAppsScript.Document.ListItem | string): GoogleAppsScript.Document.ListItem;
}

/** One placeholder replaced inside a paragraph that keeps its place: what to put back. */
export interface InlineEdit {
  element: TextBlockElement;
  start: number;
  /** The placeholder as it was written, and each of its characters' attributes. */
  original: string;
  originalAttributes: Attributes[];
  /** How many characters now stand where it was. */
  valueLength: number;
  /** The paragraph's text before this edit: when it still reads so, the edit never happened. */
  textBefore: string;
}

/** A paragraph rewritten as several (or removed): its untouched copy, and what went in after it. */
interface ParagraphRewrite {
  parent: ParentContainer;
  element: TextBlockElement;
  pristine: TextBlockElement;
  originalIndex: number;
  removed: boolean;
  inserted: Element[];
}

type Entry = { kind: 'inline'; edit: InlineEdit } | { kind: 'rewrite'; rewrite: ParagraphRewrite };

/** The character attributes Text.getAttributes reports, and how to clear each when it was unset. */
const characterAttributes = [
  'BOLD',
  'ITALIC',
  'UNDERLINE',
  'STRIKETHROUGH',
  'FOREGROUND_COLOR',
  'BACKGROUND_COLOR',
  'FONT_FAMILY',
  'FONT_SIZE',
  'LINK_URL',
] as const;
const booleanAttributes = new Set<string>(['BOLD', 'ITALIC', 'UNDERLINE', 'STRIKETHROUGH']);

/**
 * Everything a write changed, in order, so that a write failing midway can put the document back as it
 * was: a stopped fill writes nothing. Entries are recorded before each change, and undone newest first.
 */
export class WriteJournal {
  readonly #entries: Entry[] = [];

  /** Before a placeholder inside a paragraph is replaced. */
  inlineEdit(edit: InlineEdit): void {
    this.#entries.push({ kind: 'inline', edit });
  }

  /** Before a paragraph alone holding its tag is rewritten; returns the record inserts are added to. */
  rewrite(
    parent: ParentContainer,
    element: TextBlockElement,
    pristine: TextBlockElement,
  ): { inserted(element: Element): void; removed(): void; dropped(element: Element): void } {
    const rewrite: ParagraphRewrite = {
      parent,
      element,
      pristine,
      originalIndex: parent.getChildIndex(element),
      removed: false,
      inserted: [],
    };
    this.#entries.push({ kind: 'rewrite', rewrite });
    return {
      inserted: (inserted) => rewrite.inserted.push(inserted),
      removed: () => {
        rewrite.removed = true;
      },
      // A helper paragraph the writer itself took out again.
      dropped: (dropped) => {
        rewrite.inserted = rewrite.inserted.filter((candidate) => candidate !== dropped);
      },
    };
  }

  /** Undoes every recorded change, newest first. Returns the errors of changes it could not undo. */
  rollBack(): unknown[] {
    const failures: unknown[] = [];
    for (const entry of [...this.#entries].reverse()) {
      try {
        if (entry.kind === 'inline') undoInlineEdit(entry.edit);
        else undoRewrite(entry.rewrite);
      } catch (error) {
        failures.push(error);
      }
    }
    this.#entries.length = 0;
    return failures;
  }
}

/**
 * Puts a fresh copy of the untouched paragraph where the rewritten one and its new paragraphs stand, then
 * takes those out. The copy goes in after them first, so none of them is ever the last paragraph of its
 * section when it is removed (Docs refuses to remove that one).
 */
function undoRewrite(rewrite: ParagraphRewrite): void {
  const { parent } = rewrite;
  const standing = [...(rewrite.removed ? [] : [rewrite.element]), ...rewrite.inserted];
  const indices = standing.map((element) => parent.getChildIndex(element));
  const position = indices.length > 0 ? Math.max(...indices) + 1 : rewrite.originalIndex;
  const copy = rewrite.pristine.copy();
  if (String(copy.getType()) === 'LIST_ITEM') {
    if (typeof parent.insertListItem !== 'function') throw new Error('This section cannot take list items back.');
    parent.insertListItem(position, copy as GoogleAppsScript.Document.ListItem);
  } else {
    parent.insertParagraph(position, copy as GoogleAppsScript.Document.Paragraph);
  }
  for (const element of standing) element.removeFromParent();
}

/**
 * Puts the placeholder's characters back where its value stands, with their own attributes. The placeholder
 * goes in after the value before the value goes, so the paragraph never becomes empty on the way.
 */
function undoInlineEdit(edit: InlineEdit): void {
  const text = edit.element.editAsText();
  if (text.getText() === edit.textBefore) return;
  text.insertText(edit.start + edit.valueLength, edit.original);
  if (edit.valueLength > 0) text.deleteText(edit.start, edit.start + edit.valueLength - 1);
  edit.originalAttributes.forEach((attributes, index) => restoreAttributes(text, edit.start + index, attributes));
}

function restoreAttributes(text: Text, offset: number, wanted: Attributes): void {
  const current = text.getAttributes(offset) as Attributes;
  const toSet: Attributes = {};
  for (const name of characterAttributes) {
    const value = wanted[name] ?? null;
    const same = booleanAttributes.has(name) ? !!current[name] === !!value : (current[name] ?? null) === value;
    if (same) continue;
    if (value !== null) toSet[name] = value;
    else clearAttribute(text, offset, name);
  }
  if (Object.keys(toSet).length > 0) text.setAttributes(offset, offset, toSet as never);
}

/** Attribute maps skip null values, so an attribute that was unset is cleared with its own setter. */
function clearAttribute(text: Text, offset: number, name: (typeof characterAttributes)[number]): void {
  if (booleanAttributes.has(name)) {
    text.setAttributes(offset, offset, { [name]: false } as never);
    return;
  }
  const clear: Record<string, (start: number, end: number, value: null) => unknown> = {
    FOREGROUND_COLOR: (start, end) => text.setForegroundColor(start, end, null as never),
    BACKGROUND_COLOR: (start, end) => text.setBackgroundColor(start, end, null as never),
    FONT_FAMILY: (start, end) => text.setFontFamily(start, end, null as never),
    FONT_SIZE: (start, end) => text.setFontSize(start, end, null as never),
    LINK_URL: (start, end) => text.setLinkUrl(start, end, null as never),
  };
  clear[name]?.(offset, offset, null);
}

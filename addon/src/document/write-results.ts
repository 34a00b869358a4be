import { flattenBlocks, markdownToBlocks, monospaceFont, plainTextToBlocks, spansText, type InlineSpan, type OutputBlock } from '../markdown/markdown-blocks';
import { scanText, type FoundPlaceholder } from '../tags/scan-text';
import { collectTextBlocks, type TextBlockElement } from './text-blocks';

export interface GeneratedText {
  text: string;
  format: 'plain' | 'markdown';
}

/** Keys are tag and field NAMES (`intro` for `<<ai:intro>>` and `client` for `<<client>>`). */
export interface WritePlan {
  aiTags: ReadonlyMap<string, GeneratedText>;
  fields: ReadonlyMap<string, string>;
}

export interface WriteSummary {
  aiTagOccurrences: number;
  fieldOccurrences: number;
}

type Text = GoogleAppsScript.Document.Text;
type Element = GoogleAppsScript.Document.Element;
type Attributes = Record<string, unknown>;

interface SectionLike {
  getChildIndex(child: Element): number;
  insertParagraph(index: number, paragraph: GoogleAppsScript.Document.Paragraph): GoogleAppsScript.Document.Paragraph;
  insertListItem(index: number, item: GoogleAppsScript.Document.ListItem | string): GoogleAppsScript.Document.ListItem;
}

/** What one placeholder turns into, worked out before the document is touched. */
interface Rendering {
  /** For a placeholder alone in its paragraph: one entry per paragraph; empty when the text is empty. */
  blocks: OutputBlock[];
  /** For a placeholder that shares its paragraph: the same content on one line. */
  inline: InlineSpan[];
}

/**
 * Writes generated texts and field values into the document in one pass: body, list items, tables (nested
 * too), headers, footers and footnotes.
 *
 * - The inserted text takes the character formatting of the placeholder's first character (font, size,
 *   colour, bold, italic, link…), never a neighbour's.
 * - Field values are plain and single-line: line breaks become spaces.
 * - An AI tag standing alone in its paragraph becomes one paragraph per output paragraph, each a copy of the
 *   tag's paragraph (heading, alignment, indentation, list, nesting and glyph kept, in table cells too).
 *   Markdown headings and lists become native headings and list items (bulleted or numbered, nested).
 * - A tag sharing its paragraph with other text (or holding a footnote, image…) stays on one line: output
 *   paragraphs are joined with a single space, and Markdown keeps only its inline formatting (bold, italic,
 *   links, code). A line break inside the paragraph would look like two paragraphs but behave as one.
 * - Empty output removes the placeholder. A placeholder alone in its paragraph takes the paragraph with it,
 *   except for the last paragraph of its section (body, cell, header…), which Docs cannot remove: it stays,
 *   empty.
 * - Inserted text is never scanned again: a value containing `<<ai:x>>` or `{{x}}` goes in literally.
 *   Placeholders not in the plan, and malformed ones, are left as they are.
 */
export function writeResults(document: GoogleAppsScript.Document.Document, plan: WritePlan): WriteSummary {
  // Everything that could fail on a bad value (Markdown parsing included) happens before the first edit.
  const renderings = prepareRenderings(plan);
  const summary: WriteSummary = { aiTagOccurrences: 0, fieldOccurrences: 0 };
  const work = collectTextBlocks(document)
    .map((block) => ({ element: block.element, matches: scanText(block.element.getText()).placeholders.filter((placeholder) => renderings.has(keyOf(placeholder))) }))
    .filter((entry) => entry.matches.length > 0);
  for (const { element, matches } of work) {
    const content = element.getText();
    const only = matches.length === 1 ? matches[0] : undefined;
    if (only && content.trim() === only.text && onlyTextChildren(element)) {
      writeAlone(element, only, renderings.get(keyOf(only)) as Rendering);
    } else {
      // Right to left, so earlier offsets stay valid while later text changes length.
      for (const match of [...matches].reverse()) replaceInline(element.editAsText(), match.start, match.end, (renderings.get(keyOf(match)) as Rendering).inline);
    }
    for (const match of matches) {
      if (match.kind === 'ai') summary.aiTagOccurrences += 1;
      else summary.fieldOccurrences += 1;
    }
  }
  return summary;
}

function keyOf(placeholder: Pick<FoundPlaceholder, 'kind' | 'name'>): string {
  return `${placeholder.kind}:${placeholder.name}`;
}

function prepareRenderings(plan: WritePlan): Map<string, Rendering> {
  const renderings = new Map<string, Rendering>();
  for (const [name, generated] of plan.aiTags) {
    const text = typeof generated?.text === 'string' ? generated.text : String(generated?.text ?? '');
    const blocks = generated?.format === 'markdown' ? markdownToBlocks(text) : plainTextToBlocks(text);
    renderings.set(keyOf({ kind: 'ai', name }), { blocks, inline: flattenBlocks(blocks) });
  }
  for (const [name, value] of plan.fields) {
    const line = String(value ?? '')
      .replace(/\s*[\r\n]+\s*/g, ' ')
      .trim();
    const spans = line.length > 0 ? [{ text: line }] : [];
    renderings.set(keyOf({ kind: 'field', name }), { blocks: spans.length > 0 ? [{ kind: 'paragraph', spans }] : [], inline: spans });
  }
  return renderings;
}

/** A paragraph whose only content is its text: no footnote, image or other inline element to duplicate. */
function onlyTextChildren(element: TextBlockElement): boolean {
  for (let index = 0; index < element.getNumChildren(); index += 1) {
    if (String(element.getChild(index).getType()) !== 'TEXT') return false;
  }
  return true;
}

/**
 * Replaces the placeholder at [start, end) with the spans. The text goes in just after the placeholder's first
 * character, so it inherits that character's formatting (link included) and never the neighbour's; then the
 * placeholder's own characters on both sides of it are removed.
 */
function replaceInline(text: Text, start: number, end: number, spans: readonly InlineSpan[]): void {
  const value = spansText(spans);
  if (value.length === 0) {
    text.deleteText(start, end - 1);
    return;
  }
  text.insertText(start + 1, value);
  const afterValue = start + 1 + value.length;
  if (end - start > 1) text.deleteText(afterValue, afterValue + (end - start) - 2);
  text.deleteText(start, start);
  applySpans(text, start, spans);
}

/** Markdown formatting on top of the inherited formatting, span by span from `offset`. */
function applySpans(text: Text, offset: number, spans: readonly InlineSpan[]): void {
  let position = offset;
  for (const span of spans) {
    const last = position + span.text.length - 1;
    if (span.text.length > 0) {
      if (span.bold) text.setBold(position, last, true);
      if (span.italic) text.setItalic(position, last, true);
      if (span.strikethrough) text.setStrikethrough(position, last, true);
      if (span.code) text.setFontFamily(position, last, monospaceFont);
      if (span.linkUrl) text.setLinkUrl(position, last, span.linkUrl);
    }
    position += span.text.length;
  }
}

/** The tag is the whole paragraph (spaces aside): the output becomes paragraphs in its place. */
function writeAlone(element: TextBlockElement, placeholder: FoundPlaceholder, rendering: Rendering): void {
  const blocks = rendering.blocks;
  const parent = element.getParent() as unknown as SectionLike;
  const isListItem = String(element.getType()) === 'LIST_ITEM';
  if (blocks.length === 0) {
    removeOrEmpty(element, placeholder);
    return;
  }
  // An untouched copy to clone further paragraphs from, made before the tag's own paragraph changes.
  const pristine = element.copy() as TextBlockElement;
  const attributes = definedAttributes(element.editAsText().getAttributes(placeholder.start) as Attributes);
  const first = blocks[0] as OutputBlock;
  const reuseElement = isListItem || first.kind === 'paragraph';
  let previous: Element = element;
  const lists = new Map<number, GoogleAppsScript.Document.ListItem>();
  blocks.forEach((block, index) => {
    if (index === 0 && reuseElement) return;
    const position = parent.getChildIndex(previous) + 1;
    previous = isListItem || block.kind === 'paragraph' ? insertClone(parent, position, pristine, placeholder, block) : insertNewListItem(parent, position, element, attributes, block, lists);
  });
  if (reuseElement) {
    replaceInline(element.editAsText(), placeholder.start, placeholder.end, first.spans);
    styleClone(element, first, isListItem);
  } else {
    // The first block is a list item: a paragraph cannot become one, so the tag's paragraph goes, now that
    // the list follows it (it is no longer the last paragraph of its section).
    element.removeFromParent();
  }
}

/** A copy of the tag's paragraph (or list item) holding one block, at `position` in the same section. */
function insertClone(parent: SectionLike, position: number, pristine: TextBlockElement, placeholder: FoundPlaceholder, block: OutputBlock): Element {
  const clone = pristine.copy() as TextBlockElement;
  const inserted = (String(clone.getType()) === 'LIST_ITEM' ? parent.insertListItem(position, clone as GoogleAppsScript.Document.ListItem) : parent.insertParagraph(position, clone as GoogleAppsScript.Document.Paragraph)) as TextBlockElement;
  const text = inserted.editAsText();
  // Keep only the placeholder's first character, then put the block's text in its place (see replaceInline).
  const length = text.getText().length;
  if (placeholder.start + 1 < length) text.deleteText(placeholder.start + 1, length - 1);
  if (placeholder.start > 0) text.deleteText(0, placeholder.start - 1);
  replaceInline(text, 0, 1, block.spans);
  styleClone(inserted, block, String(inserted.getType()) === 'LIST_ITEM');
  return inserted;
}

function styleClone(element: TextBlockElement, block: OutputBlock, isListItem: boolean): void {
  if (!isListItem) {
    if (block.kind === 'paragraph' && block.heading) (element as GoogleAppsScript.Document.Paragraph).setHeading(enumValue('ParagraphHeading', `HEADING${block.heading}`) as GoogleAppsScript.Document.ParagraphHeading);
    return;
  }
  // Inside a list, output paragraphs are items of the tag's list at its level; Markdown lists nest below it
  // (glyph from Markdown for the nested levels, the template's own glyph at its level).
  if (block.kind !== 'listItem' || block.depth === 0) return;
  const item = element as GoogleAppsScript.Document.ListItem;
  item.setNestingLevel(Math.min(item.getNestingLevel() + block.depth, 8));
  item.setGlyphType(glyphFor(block.ordered));
}

/** A Markdown list item under a tag that stood in an ordinary paragraph. */
function insertNewListItem(parent: SectionLike, position: number, template: TextBlockElement, attributes: Attributes, block: Extract<OutputBlock, { kind: 'listItem' }>, lists: Map<number, GoogleAppsScript.Document.ListItem>): Element {
  const value = spansText(block.spans);
  const item = parent.insertListItem(position, value);
  const text = item.editAsText();
  text.setAttributes(0, value.length - 1, attributes as never);
  applySpans(text, 0, block.spans);
  const alignment = (template as GoogleAppsScript.Document.Paragraph).getAlignment();
  if (alignment !== null && alignment !== undefined) item.setAlignment(alignment);
  item.setNestingLevel(Math.min(block.depth, 8));
  item.setGlyphType(glyphFor(block.ordered));
  // Items of one Markdown list (nested levels included) form one Docs list.
  const first = lists.get(block.list);
  if (first) item.setListId(first);
  else lists.set(block.list, item);
  return item;
}

/** Empty output for a tag alone in its paragraph: the paragraph goes, unless Docs needs it as the last one. */
function removeOrEmpty(element: TextBlockElement, placeholder: FoundPlaceholder): void {
  if (element.getNextSibling() !== null) {
    element.removeFromParent();
    return;
  }
  element.editAsText().deleteText(placeholder.start, placeholder.end - 1);
}

function glyphFor(ordered: boolean): GoogleAppsScript.Document.GlyphType {
  return enumValue('GlyphType', ordered ? 'NUMBER' : 'BULLET') as GoogleAppsScript.Document.GlyphType;
}

/** Apps Script's enum value when DocumentApp is there, else its name (the test fakes compare by name). */
function enumValue(enumName: 'GlyphType' | 'ParagraphHeading', name: string): unknown {
  const app = (globalThis as unknown as { DocumentApp?: Record<string, Record<string, unknown> | undefined> }).DocumentApp;
  return app?.[enumName]?.[name] ?? name;
}

/** Attribute maps mark "mixed or unset" with null; only real values are carried over. */
function definedAttributes(attributes: Attributes): Attributes {
  return Object.fromEntries(Object.entries(attributes).filter(([, value]) => value !== null && value !== undefined));
}

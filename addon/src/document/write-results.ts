import {
  flattenBlocks,
  markdownToBlocks,
  monospaceFont,
  plainTextToBlocks,
  spansText,
  type InlineSpan,
  type OutputBlock,
} from '../markdown/markdown-blocks';
import { scanText, type FoundPlaceholder } from '../tags/scan-text';
import { normalisedForDocs } from './characters-docs-drops';
import { listsAsParagraphs } from './footnote-blocks';
import { collectTextBlocks, type TextBlockElement } from './text-blocks';
import { WriteJournal, type ParentContainer } from './write-journal';

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

/** A write that failed midway; `restored` says whether everything written before was taken out again. */
export class DocumentWriteError extends Error {
  readonly restored: boolean;

  constructor(cause: unknown, restored: boolean) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      restored
        ? `Writing into the document failed (${reason}); what had been written was taken out again, so the document is as it was.`
        : `Writing into the document failed (${reason}) and not everything could be taken out again: use Edit → Undo in Docs to go back.`,
    );
    this.name = 'DocumentWriteError';
    this.restored = restored;
  }
}

type Text = GoogleAppsScript.Document.Text;
type Element = GoogleAppsScript.Document.Element;
type ListItem = GoogleAppsScript.Document.ListItem;
type Attributes = Record<string, unknown>;

interface ParentWithChildren extends ParentContainer {
  getNumChildren(): number;
  getChild(index: number): Element;
}

/** What one placeholder turns into, worked out before the document is touched. */
interface Rendering {
  /** For a placeholder alone in its paragraph: one entry per paragraph; empty when the text is empty. */
  blocks: OutputBlock[];
  /** For a placeholder that shares its paragraph: the same content on one line. */
  inline: InlineSpan[];
}

/** Placeholders replaced inside a paragraph that stays where it is. */
interface InlineStep {
  kind: 'inline';
  element: TextBlockElement;
  edits: Array<{ placeholder: FoundPlaceholder; spans: InlineSpan[]; originalAttributes: Attributes[] }>;
}

/** A paragraph holding only its tag, rewritten as the output's paragraphs and list items. */
interface AloneStep {
  kind: 'alone';
  element: TextBlockElement;
  placeholder: FoundPlaceholder;
  parent: ParentWithChildren;
  blocks: OutputBlock[];
  isListItem: boolean;
  /** Copied before anything changes: further paragraphs are cloned from it, and a failed write puts it back. */
  pristine: TextBlockElement;
  /** The placeholder's own character formatting, for list items that are not clones. */
  attributes: Attributes;
  /** Nesting levels the template's own items use in the tag's list: their glyphs are the template's. */
  templateLevels: ReadonlySet<number>;
}

type Step = InlineStep | AloneStep;

/**
 * Writes generated texts and field values into the document in one pass: every tab's body, list items,
 * tables (nested too), headers, footers and footnotes.
 *
 * - Every write is planned before the first change, and if a change still fails, everything written so far
 *   is taken out again (DocumentWriteError): a stopped fill leaves the document as it was.
 * - The inserted text takes the character formatting of the placeholder's first character (font, size,
 *   colour, bold, italic, link…), never a neighbour's. Characters Docs would drop are removed first.
 * - Field values are plain and single-line: line breaks become spaces.
 * - An AI tag standing alone in its paragraph becomes one paragraph per output paragraph, each a copy of the
 *   tag's paragraph (heading, alignment, indentation, list, nesting and glyph kept, in table cells too; text
 *   before and after the tag, such as a tab that indents it, is kept in every one). Markdown headings and
 *   lists become native headings and list items (bulleted or numbered, nested, each Markdown list its own
 *   Docs list); glyphs are set only on levels no template item uses.
 * - A footnote cannot take list items: there, list items become paragraphs starting "• " or "1. ", and a tag
 *   alone in a footnote list item gets its output on one line.
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
  const renderings = prepareRenderings(plan);
  const steps = planSteps(document, renderings);
  const journal = new WriteJournal();
  try {
    for (const step of steps) {
      if (step.kind === 'inline') writeInline(step, journal);
      else writeAlone(step, journal);
    }
  } catch (error) {
    throw new DocumentWriteError(error, journal.rollBack().length === 0);
  }
  const summary: WriteSummary = { aiTagOccurrences: 0, fieldOccurrences: 0 };
  for (const step of steps) {
    for (const placeholder of step.kind === 'inline' ? step.edits.map((edit) => edit.placeholder) : [step.placeholder]) {
      if (placeholder.kind === 'ai') summary.aiTagOccurrences += 1;
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
    const text = normalisedForDocs(typeof generated?.text === 'string' ? generated.text : String(generated?.text ?? ''));
    const blocks = generated?.format === 'markdown' ? markdownToBlocks(text) : plainTextToBlocks(text);
    renderings.set(keyOf({ kind: 'ai', name }), { blocks, inline: flattenBlocks(blocks) });
  }
  for (const [name, value] of plan.fields) {
    const line = normalisedForDocs(String(value ?? ''))
      .replace(/\s*\n+\s*/g, ' ')
      .trim();
    const spans = line.length > 0 ? [{ text: line }] : [];
    renderings.set(keyOf({ kind: 'field', name }), { blocks: spans.length > 0 ? [{ kind: 'paragraph', spans }] : [], inline: spans });
  }
  return renderings;
}

/** Reads the document and decides every change; nothing is changed here. */
function planSteps(document: GoogleAppsScript.Document.Document, renderings: ReadonlyMap<string, Rendering>): Step[] {
  const steps: Step[] = [];
  for (const block of collectTextBlocks(document)) {
    const element = block.element;
    const content = element.getText();
    const matches = scanText(content).placeholders.filter((placeholder) => renderings.has(keyOf(placeholder)));
    if (matches.length === 0) continue;
    const parent = element.getParent() as unknown as ParentWithChildren;
    const isListItem = String(element.getType()) === 'LIST_ITEM';
    // Checked on the object as well as by kind: whatever cannot take list items gets none.
    const takesListItems = block.section !== 'footnote' && typeof parent.insertListItem === 'function';
    const only = matches.length === 1 ? matches[0] : undefined;
    if (only && content.trim() === only.text && onlyTextChildren(element)) {
      const rendering = renderings.get(keyOf(only)) as Rendering;
      const rendered = takesListItems ? rendering.blocks : listsAsParagraphs(rendering.blocks);
      // An empty code line in a list would be an empty bullet: inside a list item only lines with text go in.
      const blocks = isListItem ? rendered.filter((block) => block.spans.length > 0) : rendered;
      if (takesListItems || !isListItem) {
        steps.push({
          kind: 'alone',
          element,
          placeholder: only,
          parent,
          blocks,
          isListItem,
          pristine: element.copy() as TextBlockElement,
          attributes: definedAttributes(element.editAsText().getAttributes(only.start) as Attributes),
          templateLevels: isListItem ? templateLevels(parent, element as ListItem) : new Set(),
        });
        continue;
      }
      // A list item in a footnote: no new list item can follow it, so its output goes on its one line.
      steps.push({
        kind: 'inline',
        element,
        edits: [{ placeholder: only, spans: flattenBlocks(blocks), originalAttributes: characterAttributesOf(element.editAsText(), only) }],
      });
      continue;
    }
    const text = element.editAsText();
    steps.push({
      kind: 'inline',
      element,
      edits: matches.map((placeholder) => ({
        placeholder,
        spans: (renderings.get(keyOf(placeholder)) as Rendering).inline,
        originalAttributes: characterAttributesOf(text, placeholder),
      })),
    });
  }
  return steps;
}

/** Each character's attributes across the placeholder, read once per run of equal formatting. */
function characterAttributesOf(text: Text, placeholder: FoundPlaceholder): Attributes[] {
  const runStarts = text.getTextAttributeIndices();
  const byRun = new Map<number, Attributes>();
  const attributes: Attributes[] = [];
  for (let offset = placeholder.start; offset < placeholder.end; offset += 1) {
    const runStart = runStarts.filter((start) => start <= offset).pop() ?? 0;
    let runAttributes = byRun.get(runStart);
    if (!runAttributes) {
      runAttributes = text.getAttributes(Math.max(runStart, placeholder.start)) as Attributes;
      byRun.set(runStart, runAttributes);
    }
    attributes.push(runAttributes);
  }
  return attributes;
}

/** The nesting levels that other items of the tag's own list use in its section or cell. */
function templateLevels(parent: ParentWithChildren, item: ListItem): Set<number> {
  const levels = new Set<number>();
  const listId = item.getListId();
  const own = parent.getChildIndex(item);
  for (let index = 0; index < parent.getNumChildren(); index += 1) {
    if (index === own) continue;
    const child = parent.getChild(index);
    if (String(child.getType()) !== 'LIST_ITEM') continue;
    const other = child.asListItem();
    if (other.getListId() === listId) levels.add(other.getNestingLevel());
  }
  return levels;
}

/** A paragraph whose only content is its text: no footnote, image or other inline element to duplicate. */
function onlyTextChildren(element: TextBlockElement): boolean {
  for (let index = 0; index < element.getNumChildren(); index += 1) {
    if (String(element.getChild(index).getType()) !== 'TEXT') return false;
  }
  return true;
}

/** Right to left, so earlier offsets stay valid while later text changes length. */
function writeInline(step: InlineStep, journal: WriteJournal): void {
  const text = step.element.editAsText();
  for (const edit of [...step.edits].reverse()) {
    journal.inlineEdit({
      element: step.element,
      start: edit.placeholder.start,
      original: edit.placeholder.text,
      originalAttributes: edit.originalAttributes,
      valueLength: spansText(edit.spans).length,
      textBefore: text.getText(),
    });
    replaceInline(text, edit.placeholder.start, edit.placeholder.end, edit.spans);
  }
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

type RewriteRecord = ReturnType<WriteJournal['rewrite']>;

/** The tag is the whole paragraph (spaces aside): the output becomes paragraphs in its place. */
function writeAlone(step: AloneStep, journal: WriteJournal): void {
  const { element, parent, placeholder, blocks, isListItem } = step;
  const record = journal.rewrite(parent, element, step.pristine);
  if (blocks.length === 0) {
    // Empty output: the paragraph goes, unless Docs needs it as the last one of its section.
    if (element.getNextSibling() !== null) {
      record.removed();
      element.removeFromParent();
    } else {
      element.editAsText().deleteText(placeholder.start, placeholder.end - 1);
    }
    return;
  }
  const first = blocks[0] as OutputBlock;
  const reuseElement = isListItem || first.kind === 'paragraph';
  let previous: Element = element;
  let previousBlock: OutputBlock | undefined = reuseElement ? first : undefined;
  const lists = new Map<number, ListItem>();
  blocks.forEach((block, index) => {
    if (index === 0 && reuseElement) return;
    const position = parent.getChildIndex(previous) + 1;
    previous =
      isListItem || block.kind === 'paragraph'
        ? insertClone(step, position, block, record)
        : insertNewListItem(step, position, block, lists, previousBlock, record);
    previousBlock = block;
  });
  if (reuseElement) {
    replaceInline(element.editAsText(), placeholder.start, placeholder.end, first.spans);
    styleClone(element, first, step);
  } else {
    // The first block is a list item: a paragraph cannot become one, so the tag's paragraph goes, now that
    // the list follows it (it is no longer the last paragraph of its section).
    record.removed();
    element.removeFromParent();
  }
}

/**
 * A copy of the tag's paragraph (or list item) holding one block, at `position` in the same section. The
 * text around the placeholder (the tab or spaces that indent it) stays, as in the tag's own paragraph.
 */
function insertClone(step: AloneStep, position: number, block: OutputBlock, record: RewriteRecord): Element {
  const clone = step.pristine.copy() as TextBlockElement;
  const inserted = (
    String(clone.getType()) === 'LIST_ITEM'
      ? insertListItem(step.parent, position, clone as ListItem)
      : step.parent.insertParagraph(position, clone as GoogleAppsScript.Document.Paragraph)
  ) as TextBlockElement;
  record.inserted(inserted);
  replaceInline(inserted.editAsText(), step.placeholder.start, step.placeholder.end, block.spans);
  styleClone(inserted, block, step);
  return inserted;
}

function styleClone(element: TextBlockElement, block: OutputBlock, step: AloneStep): void {
  if (String(element.getType()) !== 'LIST_ITEM') {
    if (block.kind === 'paragraph' && block.heading)
      (element as GoogleAppsScript.Document.Paragraph).setHeading(
        enumValue('ParagraphHeading', `HEADING${block.heading}`) as GoogleAppsScript.Document.ParagraphHeading,
      );
    // A blank code line has no characters to put in the monospace font: the paragraph itself takes it, so it
    // keeps the code's line height and whatever is typed there later is code too. Attribute maps are keyed by
    // the Attribute enum's name (https://developers.google.com/apps-script/reference/document/attribute).
    if (block.kind === 'paragraph' && block.code && block.spans.length === 0) element.setAttributes({ FONT_FAMILY: monospaceFont });
    return;
  }
  // Inside a list, output paragraphs are items of the tag's list at its level; Markdown lists nest below it.
  if (block.kind !== 'listItem' || block.depth === 0) return;
  const item = element as ListItem;
  const level = Math.min(item.getNestingLevel() + block.depth, 8);
  item.setNestingLevel(level);
  // A glyph belongs to the list's level, not to one item: setting it where the template has items of its
  // own (lettered sub-items, say) would re-bullet them. There the template's glyph stays.
  if (!step.templateLevels.has(level)) item.setGlyphType(glyphFor(block.ordered));
}

/**
 * A Markdown list item under a tag that stood in an ordinary paragraph. Each Markdown list is its own Docs
 * list: an item inserted right after another list's item would join that list, so the first item of a list
 * goes in after a helper paragraph that is then taken out.
 */
function insertNewListItem(
  step: AloneStep,
  position: number,
  block: Extract<OutputBlock, { kind: 'listItem' }>,
  lists: Map<number, ListItem>,
  previousBlock: OutputBlock | undefined,
  record: RewriteRecord,
): Element {
  const value = spansText(block.spans);
  const first = lists.get(block.list);
  let item: ListItem;
  if (!first && previousBlock?.kind === 'listItem') {
    const separator = step.parent.insertParagraph(position, '');
    record.inserted(separator);
    item = insertListItem(step.parent, position + 1, value);
    record.inserted(item);
    separator.removeFromParent();
    record.dropped(separator);
  } else {
    item = insertListItem(step.parent, position, value);
    record.inserted(item);
  }
  const text = item.editAsText();
  text.setAttributes(0, value.length - 1, step.attributes as never);
  applySpans(text, 0, block.spans);
  const alignment = (step.element as GoogleAppsScript.Document.Paragraph).getAlignment();
  if (alignment !== null && alignment !== undefined) item.setAlignment(alignment);
  // Items of one Markdown list (nested levels included) form one Docs list, all of them inserted here.
  if (first) item.setListId(first);
  else lists.set(block.list, item);
  item.setNestingLevel(Math.min(block.depth, 8));
  item.setGlyphType(glyphFor(block.ordered));
  return item;
}

function insertListItem(parent: ParentContainer, position: number, item: ListItem | string): ListItem {
  // Planning sends no list item to a section without insertListItem; this is the last guard.
  if (typeof parent.insertListItem !== 'function') throw new TypeError('This section cannot take list items.');
  return parent.insertListItem(position, item);
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

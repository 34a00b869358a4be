import { scanText } from '../tags/scan-text';
import { collectTextBlocks, type TextBlockElement } from './text-blocks';

type Attributes = Record<string, unknown>;

/**
 * Replaces every placeholder found in `replacements` (keyed by the placeholder as written, e.g. `<<ai:intro>>`)
 * in one pass over the document. The inserted text takes the character formatting of the placeholder's first
 * character, so a bold, red `<<ai:intro>>` becomes bold, red text. Text with line breaks becomes separate
 * paragraphs of the same style when the placeholder stands alone in its paragraph.
 * Returns how many placeholders were replaced.
 */
export function replacePlaceholders(document: GoogleAppsScript.Document.Document, replacements: ReadonlyMap<string, string>): number {
  let replaced = 0;
  for (const block of collectTextBlocks(document)) {
    const content = block.element.getText();
    const matches = scanText(content).placeholders.filter((placeholder) => replacements.has(placeholder.text));
    if (matches.length === 0) continue;
    const standsAlone = matches.length === 1 && content.trim() === matches[0]?.text;
    // Right to left, so earlier offsets stay valid while later text changes length.
    for (const match of [...matches].reverse()) {
      const value = replacements.get(match.text) ?? '';
      const paragraphs = splitParagraphs(value);
      if (standsAlone && paragraphs.length > 1) {
        replaceRange(block.element, match.start, match.end, paragraphs[0] as string);
        appendParagraphCopies(block.element, paragraphs.slice(1));
      } else {
        replaceRange(block.element, match.start, match.end, paragraphs.join(' '));
      }
      replaced += 1;
    }
  }
  return replaced;
}

function splitParagraphs(value: string): string[] {
  const paragraphs = value
    .replace(/\r\n?/g, '\n')
    .split(/\n+/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph.length > 0);
  return paragraphs.length > 0 ? paragraphs : [''];
}

function replaceRange(element: TextBlockElement, start: number, end: number, value: string): void {
  const text = element.editAsText();
  if (value.length === 0) {
    text.deleteText(start, end - 1);
    return;
  }
  // Inserted text takes the formatting of the character before it, so the value goes in just after the
  // placeholder's first character: it inherits the placeholder's own formatting (link included), never the
  // neighbour's. Then the placeholder's characters on both sides of it are removed.
  text.insertText(start + 1, value);
  const afterValue = start + 1 + value.length;
  text.deleteText(afterValue, afterValue + (end - start) - 2);
  text.deleteText(start, start);
}

/** Attribute maps mark "mixed or unset" with null; only real values are carried over. */
function definedAttributes(attributes: Attributes): Attributes {
  return Object.fromEntries(Object.entries(attributes).filter(([, value]) => value !== null && value !== undefined));
}

/** Each extra paragraph is a copy of the placeholder's paragraph, so it keeps its style and character formatting. */
function appendParagraphCopies(element: TextBlockElement, paragraphs: string[]): void {
  const parent = element.getParent() as unknown as { insertParagraph(index: number, paragraph: GoogleAppsScript.Document.Paragraph): unknown; insertListItem(index: number, item: GoogleAppsScript.Document.ListItem): unknown; getChildIndex(child: GoogleAppsScript.Document.Element): number };
  let index = parent.getChildIndex(element);
  for (const paragraph of paragraphs) {
    const copy = element.copy();
    const text = copy.editAsText();
    const attributes = definedAttributes(text.getAttributes(0) as Attributes);
    const link = text.getLinkUrl(0);
    text.setText(paragraph);
    text.setAttributes(0, paragraph.length - 1, attributes as never);
    text.setLinkUrl(0, paragraph.length - 1, link);
    index += 1;
    if (String(copy.getType()) === 'LIST_ITEM') parent.insertListItem(index, copy as GoogleAppsScript.Document.ListItem);
    else parent.insertParagraph(index, copy as GoogleAppsScript.Document.Paragraph);
  }
}

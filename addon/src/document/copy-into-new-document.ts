import { documentSections } from './document-sections';

type Document = GoogleAppsScript.Document.Document;
type Element = GoogleAppsScript.Document.Element;

/**
 * "Fill into a copy" builds the copy with DocumentApp instead of copying the Drive file.
 *
 * Copying the file (DriveApp.getFileById(...).makeCopy(), or the Drive API's files.copy) needs read access to
 * the open template through a Drive scope. DriveApp's methods require the drive or drive.readonly scopes,
 * which Google classes as restricted (https://developers.google.com/workspace/drive/api/guides/api-specific-auth);
 * drive.file reaches only files the app created or the user opened or picked with it, and no Google page
 * promises that an Editor add-on's open document is one of them (documents.currentonly does not help either:
 * it works "only within Apps Script Services", never for the Drive API,
 * https://developers.google.com/workspace/add-ons/concepts/editor-scopes). DocumentApp.create and element
 * copies need only the documents scope (sensitive, not restricted): see docs/publishing-the-add-on.md.
 *
 * DocumentApp cannot recreate everything: it has no way to add a tab, a footnote or a first-page/even-page
 * header or footer (https://developers.google.com/apps-script/reference/document/body,
 * https://developers.google.com/apps-script/reference/document/document). A template holding one of these is
 * refused before any model is called, rather than copied with parts missing.
 */
export function partsACopyCannotCarry(document: Document): string[] {
  const sections = documentSections(document);
  const parts: string[] = [];
  if (new Set(sections.map((section) => section.tab)).size > 1) parts.push('more than one tab');
  if (sections.some((section) => section.kind === 'footnote')) parts.push('footnotes');
  // Any such variant, with or without a default one beside it: the copy would lose it either way.
  if (sections.some((section) => section.pageVariant)) parts.push('a first-page or even-page header or footer');
  const body = document.getBody();
  for (const container of [body, document.getHeader(), document.getFooter()]) {
    if (!container) continue;
    for (const type of uncopiableChildTypes(container)) if (!parts.includes(`a ${type}`)) parts.push(`a ${type}`);
  }
  return parts;
}

interface Section {
  getNumChildren(): number;
  getChild(index: number): Element;
  appendParagraph(paragraph: GoogleAppsScript.Document.Paragraph): GoogleAppsScript.Document.Paragraph;
  appendListItem(item: GoogleAppsScript.Document.ListItem): GoogleAppsScript.Document.ListItem;
  appendTable(table: GoogleAppsScript.Document.Table): GoogleAppsScript.Document.Table;
  removeChild(child: Element): unknown;
}

const copiable = new Set(['PARAGRAPH', 'LIST_ITEM', 'TABLE']);

function uncopiableChildTypes(container: { getNumChildren(): number; getChild(index: number): Element }): string[] {
  const types: string[] = [];
  for (let index = 0; index < container.getNumChildren(); index += 1) {
    const type = String(container.getChild(index).getType());
    if (!copiable.has(type)) types.push(type.toLowerCase().replace(/_/g, ' '));
  }
  return types;
}

/** Appends a copy of every child of `from` to `to`, then drops the empty paragraph a new section starts with. */
function copySection(from: Section, to: Section): void {
  const placeholder = to.getNumChildren() === 1 ? to.getChild(0) : undefined;
  for (let index = 0; index < from.getNumChildren(); index += 1) {
    const child = from.getChild(index);
    const type = String(child.getType());
    if (type === 'PARAGRAPH') to.appendParagraph(child.asParagraph().copy());
    else if (type === 'LIST_ITEM') to.appendListItem(child.asListItem().copy());
    else if (type === 'TABLE') to.appendTable(child.asTable().copy());
  }
  // A section must keep one paragraph, so the placeholder goes only once something follows it.
  if (placeholder && to.getNumChildren() > 1 && placeholder.asParagraph().getText() === '') to.removeChild(placeholder);
}

/**
 * Page size and margins, in points (Body.getPageWidth/getPageHeight/getMarginTop/… and their setters,
 * https://developers.google.com/apps-script/reference/document/body). A new document has the user's default
 * page setup, which need not be the template's: without this an A4 template with narrow margins comes out
 * as Letter with one-inch margins, and every line and page breaks elsewhere.
 */
function copyPageSetup(from: GoogleAppsScript.Document.Body, to: GoogleAppsScript.Document.Body): void {
  const setup: Array<[() => number, (points: number) => unknown]> = [
    [() => from.getPageWidth(), (points) => to.setPageWidth(points)],
    [() => from.getPageHeight(), (points) => to.setPageHeight(points)],
    [() => from.getMarginTop(), (points) => to.setMarginTop(points)],
    [() => from.getMarginBottom(), (points) => to.setMarginBottom(points)],
    [() => from.getMarginLeft(), (points) => to.setMarginLeft(points)],
    [() => from.getMarginRight(), (points) => to.setMarginRight(points)],
  ];
  // The reference promises a Number; anything else (a pageless document, say, which it does not describe) is left as the new document has it.
  for (const [read, write] of setup) {
    const points = read();
    if (typeof points === 'number' && Number.isFinite(points)) write(points);
  }
}

/** Writes the template's page setup, body, header and footer into `target`, a document DocumentApp.create just made. */
export function copyContentInto(source: Document, target: Document): void {
  copyPageSetup(source.getBody(), target.getBody());
  copySection(source.getBody() as unknown as Section, target.getBody() as unknown as Section);
  const header = source.getHeader();
  if (header) copySection(header as unknown as Section, target.addHeader() as unknown as Section);
  const footer = source.getFooter();
  if (footer) copySection(footer as unknown as Section, target.addFooter() as unknown as Section);
}

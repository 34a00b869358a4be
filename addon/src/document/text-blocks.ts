type Document = GoogleAppsScript.Document.Document;
type Element = GoogleAppsScript.Document.Element;

interface Container {
  getNumChildren(): number;
  getChild(childIndex: number): Element;
}

/** A paragraph or list item: the smallest element whose text a person edits as one line. */
export type TextBlockElement = GoogleAppsScript.Document.Paragraph | GoogleAppsScript.Document.ListItem;

export interface TextBlock {
  element: TextBlockElement;
  /** Where a person finds it, e.g. "Body, table 1, row 2, cell 1, paragraph 1". */
  where: string;
}

/**
 * Every paragraph and list item a person can type into: body, tables (nested too), headers, footers and
 * footnotes, in reading order. Element types are compared by name so this runs the same on Apps Script's
 * enum objects and on plain strings.
 */
export function collectTextBlocks(document: Document): TextBlock[] {
  const blocks: TextBlock[] = [];
  collectFrom(document.getBody(), 'Body', blocks);
  const header = document.getHeader();
  if (header) collectFrom(header, 'Header', blocks);
  const footer = document.getFooter();
  if (footer) collectFrom(footer, 'Footer', blocks);
  document.getFootnotes().forEach((footnote, index) => {
    const contents = footnote.getFootnoteContents();
    if (contents) collectFrom(contents, `Footnote ${index + 1}`, blocks);
  });
  return blocks;
}

function collectFrom(container: Container, where: string, blocks: TextBlock[]): void {
  const counters = { paragraph: 0, listItem: 0, table: 0 };
  for (let index = 0; index < container.getNumChildren(); index += 1) {
    const child = container.getChild(index);
    const type = String(child.getType());
    if (type === 'PARAGRAPH') {
      counters.paragraph += 1;
      blocks.push({ element: child.asParagraph(), where: `${where}, paragraph ${counters.paragraph}` });
    } else if (type === 'LIST_ITEM') {
      counters.listItem += 1;
      blocks.push({ element: child.asListItem(), where: `${where}, list item ${counters.listItem}` });
    } else if (type === 'TABLE') {
      counters.table += 1;
      collectFromTable(child.asTable(), `${where}, table ${counters.table}`, blocks);
    }
  }
}

function collectFromTable(table: GoogleAppsScript.Document.Table, where: string, blocks: TextBlock[]): void {
  for (let row = 0; row < table.getNumRows(); row += 1) {
    const tableRow = table.getRow(row);
    for (let cell = 0; cell < tableRow.getNumCells(); cell += 1) {
      collectFrom(tableRow.getCell(cell), `${where}, row ${row + 1}, cell ${cell + 1}`, blocks);
    }
  }
}

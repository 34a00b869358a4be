import { documentSections, type SectionContainer, type SectionKind } from './document-sections';

type Document = GoogleAppsScript.Document.Document;

/** A paragraph or list item: the smallest element whose text a person edits as one line. */
export type TextBlockElement = GoogleAppsScript.Document.Paragraph | GoogleAppsScript.Document.ListItem;

export interface TextBlock {
  element: TextBlockElement;
  /** Where a person finds it, e.g. "Body, table 1, row 2, cell 1, paragraph 1" ("Appendix › Body, …" with tabs). */
  where: string;
  /** The title of the tab it is in. */
  tab: string;
  /** The kind of section it is in: footnotes take no list items. */
  section: SectionKind;
}

/**
 * Every paragraph and list item a person can type into, in every tab: body, tables (nested too), headers,
 * footers and footnotes, in reading order. Element types are compared by name so this runs the same on Apps
 * Script's enum objects and on plain strings.
 */
export function collectTextBlocks(document: Document): TextBlock[] {
  const blocks: TextBlock[] = [];
  for (const section of documentSections(document))
    collectFrom(section.container, section.label, { tab: section.tab, section: section.kind }, blocks);
  return blocks;
}

function collectFrom(container: SectionContainer, where: string, origin: Pick<TextBlock, 'tab' | 'section'>, blocks: TextBlock[]): void {
  const counters = { paragraph: 0, listItem: 0, table: 0 };
  for (let index = 0; index < container.getNumChildren(); index += 1) {
    const child = container.getChild(index);
    const type = String(child.getType());
    if (type === 'PARAGRAPH') {
      counters.paragraph += 1;
      blocks.push({ element: child.asParagraph(), where: `${where}, paragraph ${counters.paragraph}`, ...origin });
    } else if (type === 'LIST_ITEM') {
      counters.listItem += 1;
      blocks.push({ element: child.asListItem(), where: `${where}, list item ${counters.listItem}`, ...origin });
    } else if (type === 'TABLE') {
      counters.table += 1;
      collectFromTable(child.asTable(), `${where}, table ${counters.table}`, origin, blocks);
    }
  }
}

function collectFromTable(
  table: GoogleAppsScript.Document.Table,
  where: string,
  origin: Pick<TextBlock, 'tab' | 'section'>,
  blocks: TextBlock[],
): void {
  for (let row = 0; row < table.getNumRows(); row += 1) {
    const tableRow = table.getRow(row);
    for (let cell = 0; cell < tableRow.getNumCells(); cell += 1) {
      collectFrom(tableRow.getCell(cell), `${where}, row ${row + 1}, cell ${cell + 1}`, origin, blocks);
    }
  }
}

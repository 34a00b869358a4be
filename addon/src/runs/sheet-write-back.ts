import { recordKeysOf } from './record-keys';
import { filledRows } from './select-rows';
import { columnIndex, type SheetTable } from './sheet-table';

/** What the add-on keeps of a sheet run beside the backend's run: the header of its link column. */
export interface RunSheetSettings {
  linkColumn: string;
}

/** One sheet, as the run reads and writes it (gas/spreadsheets.ts gives the real one). */
export interface SheetAccess {
  readTable(): SheetTable;
  /** Writes the header after the last column; answers its 1-based column. */
  addHeaderColumn(header: string): number;
  writeCell(row: number, column: number, value: string): void;
}

/** The columns whose values make a row's key: each mapped header once, in a fixed order. */
export function mappedColumns(table: SheetTable, fieldMapping: Record<string, string>): number[] {
  return [...new Set(Object.values(fieldMapping).map((header) => header.trim()))].sort().map((header) => columnIndex(table, header));
}

/** The 1-based column of the link header, added after the last column when the sheet has none yet. */
export function linkColumnOf(sheet: SheetAccess, table: SheetTable, header: string): number {
  const index = columnIndex(table, header);
  return index >= 0 ? index + 1 : sheet.addHeaderColumn(header.trim());
}

/**
 * Writes a job's link (or error) into its row: the row at `sourceReference` when it still holds the record, else
 * wherever the record moved (rows inserted or sorted meanwhile). A record no longer in the sheet gets nothing;
 * the run keeps its link all the same. Answers the row written, or null.
 */
export function writeIntoRecordRow(
  sheet: SheetAccess,
  settings: RunSheetSettings,
  fieldMapping: Record<string, string>,
  record: { recordKey: string; sourceReference: string | null },
  text: string,
): number | null {
  const table = sheet.readTable();
  const linkColumn = linkColumnOf(sheet, table, settings.linkColumn);
  const rows = filledRows(table, linkColumn - 1);
  const keys = recordKeysOf(rows, mappedColumns(table, fieldMapping));
  const expectedRow = Number(record.sourceReference);
  const atReference = rows.findIndex((row, index) => row.rowNumber === expectedRow && keys[index] === record.recordKey);
  const index = atReference >= 0 ? atReference : keys.indexOf(record.recordKey);
  if (index < 0) return null;
  const rowNumber = rows[index]!.rowNumber;
  sheet.writeCell(rowNumber, linkColumn, text);
  return rowNumber;
}

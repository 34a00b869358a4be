/** A spreadsheet as the Bulk panel lists it. */
export interface SpreadsheetSummary {
  id: string;
  name: string;
  sheetNames: string[];
}

/** A sheet as a run reads it: the header row's cells, and each data row with its row number (1-based, as Sheets shows it). */
export interface SheetTable {
  headers: string[];
  rows: SheetRow[];
}

export interface SheetRow {
  rowNumber: number;
  cells: string[];
}

/** The 0-based column of a header (compared trimmed), or -1. */
export function columnIndex(table: Pick<SheetTable, 'headers'>, header: string): number {
  const wanted = header.trim();
  return table.headers.findIndex((cell) => cell === wanted);
}

export function cellOf(row: SheetRow, column: number): string {
  return column < 0 ? '' : (row.cells[column] ?? '').trim();
}

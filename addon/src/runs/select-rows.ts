import type { RowSelection } from '../../shared/bulk-run-contract';
import { cellOf, columnIndex, type SheetRow, type SheetTable } from './sheet-table';

/** What the write-back puts before a row's error, so a later run `withoutLink` takes the row again. */
export const errorPrefix = 'Error: ';

/** Rows with a value in any cell but the link column: the only rows that are records. */
export function filledRows(table: SheetTable, linkColumn: number): SheetRow[] {
  return table.rows.filter((row) => row.cells.some((cell, column) => column !== linkColumn && cell.trim() !== ''));
}

/**
 * The records a run makes documents of. `withoutLink` takes rows whose link cell is empty or holds an error an
 * earlier run wrote there: a failed row is tried again, a row with a document is not.
 */
export function selectRows(filled: SheetRow[], table: SheetTable, selection: RowSelection, linkColumn: number): SheetRow[] {
  switch (selection.kind) {
    case 'all':
      return filled;
    case 'withoutLink':
      return filled.filter((row) => {
        const link = cellOf(row, linkColumn);
        return link === '' || link.startsWith(errorPrefix.trim());
      });
    case 'filter': {
      const column = columnIndex(table, selection.column);
      return filled.filter((row) => cellOf(row, column) === selection.equals.trim());
    }
  }
}

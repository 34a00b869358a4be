import type { SheetAccess } from '../runs/sheet-write-back';
import type { SheetTable, SpreadsheetSummary } from '../runs/sheet-table';

/**
 * Google Sheets through SpreadsheetApp (scope spreadsheets: openById requires it,
 * https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet-app#openById(String)). The
 * spreadsheet a person names is not the open document, so spreadsheets.currentonly cannot reach it.
 */

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** Throws SpreadsheetApp's error when the spreadsheet does not exist or is not shared with the user. */
export function spreadsheetSummary(spreadsheetId: string): SpreadsheetSummary {
  const spreadsheet = SpreadsheetApp.openById(spreadsheetId);
  return { id: spreadsheet.getId(), name: spreadsheet.getName(), sheetNames: spreadsheet.getSheets().map((sheet) => sheet.getName()) };
}

/** A cell as the run sees it: text; a date as its ISO form. */
function cellText(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (value === null || value === undefined) return '';
  return String(value);
}

/** The whole sheet in one read (getDataRange().getValues()): row 1 is the header row. */
function readTable(sheet: Sheet): SheetTable {
  const values = sheet.getLastRow() === 0 ? [] : sheet.getDataRange().getValues();
  const [header = [], ...rows] = values.map((row) => row.map(cellText));
  return { headers: header.map((cell) => cell.trim()), rows: rows.map((cells, index) => ({ rowNumber: index + 2, cells })) };
}

/** One sheet of a spreadsheet, or null when the spreadsheet has no sheet of that name. */
export function openSheet(spreadsheetId: string, sheetName: string): SheetAccess | null {
  const sheet = SpreadsheetApp.openById(spreadsheetId).getSheetByName(sheetName);
  if (!sheet) return null;
  return {
    readTable: () => readTable(sheet),
    addHeaderColumn: (header) => {
      const column = sheet.getLastColumn() + 1;
      sheet.getRange(1, column).setValue(header);
      return column;
    },
    writeCell: (row, column, value) => {
      sheet.getRange(row, column).setValue(value);
    },
  };
}

import { addSampleBulkRunData, sampleFolderId, sampleSpreadsheetId } from './sample-bulk-run';
import type { HarnessWorkspace } from './server/harness-workspace';

/** The sample bulk-run sheet (sample-bulk-run.ts) and its output folder, as the harness page shows them. */
export interface SampleSheetView {
  spreadsheetUrl: string;
  folderUrl: string;
  spreadsheetName: string;
  sheetName: string;
  /** Every row with content, the header row first (links and errors appear as a run writes them). */
  rows: string[][];
  /** The documents in the output folder, oldest first. */
  documents: Array<{ id: string; name: string }>;
}

export function sampleSheetView(workspace: HarnessWorkspace): SampleSheetView | undefined {
  const spreadsheet = workspace.findSpreadsheet(sampleSpreadsheetId);
  const sheet = spreadsheet?.getSheets()[0];
  if (!spreadsheet || !sheet) return undefined;
  return {
    spreadsheetUrl: spreadsheet.getUrl(),
    folderUrl: `https://drive.google.com/drive/folders/${sampleFolderId}`,
    spreadsheetName: spreadsheet.getName(),
    sheetName: sheet.getName(),
    rows: sheet._rows().map((row) => row.map((cell) => (cell instanceof Date ? cell.toISOString() : String(cell)))),
    documents: workspace.documentsInFolder(sampleFolderId).map((document) => ({ id: document.getId(), name: document.getName() })),
  };
}

/** After "Reset sample": the sample sheet again without links and an empty folder, when the harness offers it. */
export function resetSampleSheet(workspace: HarnessWorkspace): void {
  if (workspace.findSpreadsheet(sampleSpreadsheetId)) addSampleBulkRunData(workspace);
}

export function hasSampleSheet(workspace: HarnessWorkspace): boolean {
  return workspace.findSpreadsheet(sampleSpreadsheetId) !== undefined;
}

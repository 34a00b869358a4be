import type { EnqueueRecordsRequest } from '../../../contracts/runs';
import type { BulkRunProgress, StartSheetRunInput, StartSheetRunOutcome } from '../../shared/bulk-run-contract';
import type { RunsClient } from '../backend/runs-client';
import { folderIdOf, spreadsheetIdOf } from './drive-references';
import { backendProblems, enqueueRunRecords, type RunStartProblem } from './enqueue-run-records';
import { recordKeysOf } from './record-keys';
import { filledRows, selectRows } from './select-rows';
import { cellOf, columnIndex, type SpreadsheetSummary } from './sheet-table';
import { linkColumnOf, mappedColumns, type RunSheetSettings, type SheetAccess } from './sheet-write-back';

export interface StartSheetRunDependencies {
  /** The open document: the run's template. */
  templateDocumentId: string;
  runs: RunsClient;
  spreadsheetSummary: (spreadsheetId: string) => SpreadsheetSummary;
  openSheet: (spreadsheetId: string, sheetName: string) => SheetAccess | null;
  /** Throws when the folder does not exist or is not the user's to write into. */
  folderName: (folderId: string) => string;
  saveSettings: (runId: string, settings: RunSheetSettings) => void;
  /** Installs the background worker (once per user); false when Apps Script refused it. */
  installBackgroundWorker: () => boolean;
  progress: (runId: string) => BulkRunProgress;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Starts a run over a sheet's rows: checks what the add-on can see (the spreadsheet, the sheet, the mapped
 * columns, the folder), creates the run (the backend checks the rest), enqueues the selected rows, and makes
 * sure the background worker is installed.
 */
export function startSheetRun(input: StartSheetRunInput, dependencies: StartSheetRunDependencies): StartSheetRunOutcome {
  const problems: RunStartProblem[] = [];
  const spreadsheetId = spreadsheetIdOf(input.spreadsheet);
  const outputFolderId = folderIdOf(input.outputFolder);
  if (!spreadsheetId)
    problems.push({ field: 'spreadsheet', message: 'Paste the spreadsheet’s link (https://docs.google.com/spreadsheets/d/…) or its id.' });
  if (!outputFolderId)
    problems.push({
      field: 'outputFolder',
      message: 'Paste the Drive folder’s link (https://drive.google.com/drive/folders/…) or its id.',
    });
  if (input.linkColumn.trim() === '') problems.push({ field: 'linkColumn', message: 'Name the column the document links go into.' });
  if (Object.keys(input.fieldMapping).length === 0)
    problems.push({ field: 'fieldMapping', message: 'Map at least one field to a column.' });
  if (problems.length > 0 || !spreadsheetId || !outputFolderId) return { status: 'problems', problems };

  try {
    dependencies.spreadsheetSummary(spreadsheetId);
  } catch (error) {
    return { status: 'problems', problems: [{ field: 'spreadsheet', message: `The spreadsheet cannot be opened: ${messageOf(error)}` }] };
  }
  const sheet = dependencies.openSheet(spreadsheetId, input.sheetName);
  if (!sheet)
    return { status: 'problems', problems: [{ field: 'sheetName', message: `The spreadsheet has no sheet named “${input.sheetName}”.` }] };
  try {
    dependencies.folderName(outputFolderId);
  } catch (error) {
    problems.push({ field: 'outputFolder', message: `The output folder cannot be opened: ${messageOf(error)}` });
  }

  const table = sheet.readTable();
  for (const [field, header] of Object.entries(input.fieldMapping))
    if (columnIndex(table, header) < 0)
      problems.push({
        field: `fieldMapping.${field}`,
        message: `The sheet has no column “${header}” (its header row names ${table.headers.filter(Boolean).join(', ') || 'nothing'}).`,
      });
  if (input.rows.kind === 'filter' && columnIndex(table, input.rows.column) < 0)
    problems.push({ field: 'rows', message: `The sheet has no column “${input.rows.column}” to filter on.` });
  if (input.linkColumn.trim() !== '' && Object.values(input.fieldMapping).some((header) => header.trim() === input.linkColumn.trim()))
    problems.push({ field: 'linkColumn', message: 'The link column is also a mapped column; links would overwrite the values.' });
  if (problems.length > 0) return { status: 'problems', problems };

  const existingLinkColumn = columnIndex(table, input.linkColumn);
  const linkIndex = existingLinkColumn >= 0 ? existingLinkColumn : table.headers.length;
  const filled = filledRows(table, linkIndex);
  const rowKeys = recordKeysOf(filled, mappedColumns(table, input.fieldMapping));
  const keys = new Map(filled.map((row, index) => [row.rowNumber, rowKeys[index]!]));
  const selected = selectRows(filled, table, input.rows, linkIndex);
  if (selected.length === 0)
    return {
      status: 'problems',
      problems: [{ field: 'rows', message: 'No row of the sheet matches the selection: there is nothing to make.' }],
    };

  const mappedHeaders = [...new Set(Object.values(input.fieldMapping).map((header) => header.trim()))];
  const records: EnqueueRecordsRequest['records'] = selected.map((row) => ({
    recordKey: keys.get(row.rowNumber)!,
    sourceReference: String(row.rowNumber),
    fields: Object.fromEntries(mappedHeaders.map((header) => [header, cellOf(row, columnIndex(table, header))])),
  }));

  let runId: string;
  try {
    runId = dependencies.runs.createRun({
      name: input.name,
      templateDocumentId: dependencies.templateDocumentId,
      source: { kind: 'sheet', spreadsheetId, sheetName: input.sheetName },
      fieldMapping: Object.fromEntries(Object.entries(input.fieldMapping).map(([field, header]) => [field, header.trim()])),
      outputFolderId,
      namePattern: input.namePattern,
    }).runId;
  } catch (error) {
    return { status: 'problems', problems: backendProblems(error) };
  }
  dependencies.saveSettings(runId, { linkColumn: input.linkColumn.trim() });
  if (existingLinkColumn < 0) linkColumnOf(sheet, table, input.linkColumn);

  let counts;
  try {
    counts = enqueueRunRecords(dependencies.runs, runId, records);
  } catch (error) {
    return { status: 'problems', problems: backendProblems(error) };
  }
  dependencies.installBackgroundWorker();
  return { status: 'started', run: dependencies.progress(runId), ...counts };
}

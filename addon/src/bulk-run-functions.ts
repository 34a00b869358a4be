import type {
  BulkRunProgress,
  BulkRunServerApi,
  RunAction,
  SheetOverview,
  SheetOverviewInput,
  StartSheetRunInput,
} from '../shared/bulk-run-contract';
import { BackendProblem } from './backend/backend-call';
import { createRunsClient } from './backend/runs-client';
import { hasBackgroundTrigger, installBackgroundTrigger, removeBackgroundTrigger } from './gas/background-trigger';
import { copyIntoFolder, folderName, openDocument, trashFile } from './gas/drive-folders';
import { forgetRunSheetSettings, loadRunSheetSettings, saveRunSheetSettings } from './gas/run-sheet-settings';
import { activeDocument, backendClient, backendClientOptions } from './gas/services';
import { openSheet, spreadsheetSummary } from './gas/spreadsheets';
import { spreadsheetIdOf } from './runs/drive-references';
import { progressOf } from './runs/run-progress';
import { startSheetRun as start } from './runs/start-sheet-run';
import { appsScriptWorkerLimits, workOnRuns as work } from './runs/work-on-runs';
import { filledRows } from './runs/select-rows';

/** Targets of `google.script.run` for the sidebar's Bulk panel (BulkRunServerApi), and the background trigger. */

const runsClient = () => createRunsClient(backendClientOptions());

function progress(runId: string): BulkRunProgress {
  const runs = runsClient();
  // Jobs come in enqueue order; the 200 first are enough to show the most recently changed of a run.
  return progressOf(runs.getRun(runId), runs.listJobs(runId, 200), hasBackgroundTrigger());
}

export function getSheetOverview(input: SheetOverviewInput): SheetOverview {
  const spreadsheetId = spreadsheetIdOf(input.spreadsheet);
  if (!spreadsheetId)
    return { status: 'problem', message: 'Paste the spreadsheet’s link (https://docs.google.com/spreadsheets/d/…) or its id.' };
  let summary;
  try {
    summary = spreadsheetSummary(spreadsheetId);
  } catch (error) {
    return { status: 'problem', message: `The spreadsheet cannot be opened: ${error instanceof Error ? error.message : String(error)}` };
  }
  const sheetName = input.sheetName ?? summary.sheetNames[0];
  const sheet = sheetName === undefined ? null : openSheet(spreadsheetId, sheetName);
  if (!sheet || sheetName === undefined)
    return { status: 'problem', message: `The spreadsheet has no sheet named “${input.sheetName ?? ''}”.` };
  const table = sheet.readTable();
  return {
    status: 'found',
    spreadsheetId,
    spreadsheetName: summary.name,
    sheetNames: summary.sheetNames,
    sheetName,
    headers: table.headers,
    rowCount: filledRows(table, -1).length,
  };
}

export function startSheetRun(input: StartSheetRunInput) {
  return start(input, {
    templateDocumentId: activeDocument().getId(),
    runs: runsClient(),
    spreadsheetSummary,
    openSheet,
    folderName,
    saveSettings: saveRunSheetSettings,
    installBackgroundWorker: installWorker,
    progress,
  });
}

/** Installs the hourly trigger; a refusal (the user's trigger limit) leaves the run to the open sidebar. */
function installWorker(): boolean {
  try {
    installBackgroundTrigger();
    return true;
  } catch {
    return false;
  }
}

export function listMyRuns(): BulkRunProgress[] {
  const backgroundWorker = hasBackgroundTrigger();
  return runsClient()
    .listMyRuns()
    .map((run) => progressOf(run, [], backgroundWorker));
}

export function getRunProgress(runId: string): BulkRunProgress {
  return progress(runId);
}

export function changeRunStatus(runId: string, action: RunAction): BulkRunProgress {
  runsClient().changeStatus(runId, action);
  if (action === 'resume') installWorker();
  return progress(runId);
}

export function workOnRuns() {
  return work({
    runs: runsClient(),
    backend: backendClient(),
    documents: { copyIntoFolder, trashFile, openDocument },
    now: () => Date.now(),
    limits: appsScriptWorkerLimits,
    openSheet,
    loadSettings: loadRunSheetSettings,
    forgetSettings: forgetRunSheetSettings,
    noWorkLeft: removeBackgroundTrigger,
  });
}

/**
 * The hourly trigger's function. Not wrapped in entryPoint: a trigger can show no consent prompt. A backend that
 * does not know the user any more (401/403) ends the background work for good.
 */
export function workOnRunsInBackground(_event?: GoogleAppsScript.Events.TimeDriven): void {
  try {
    workOnRuns();
  } catch (error) {
    if (error instanceof BackendProblem && (error.status === 401 || error.status === 403)) removeBackgroundTrigger();
    throw error;
  }
}

// The compiler checks here that these functions match what the sidebar's Bulk panel expects to call.
void ({ getSheetOverview, startSheetRun, listMyRuns, getRunProgress, changeRunStatus, workOnRuns } satisfies BulkRunServerApi);

import type { RunStatus } from '../../contracts/runs';

/**
 * Bulk runs as the sidebar sees them (issue 20): one document per row of a Google Sheet, made in the background.
 * The backend keeps the run and its jobs (contracts/runs.ts); the add-on reads the sheet, enqueues its rows,
 * works on the jobs (from the open sidebar, and from a time-driven trigger when the sidebar is closed) and writes
 * each new document's link, or its error, back into the row. Plain data only: this crosses `google.script.run`.
 */

/** Which rows become documents. */
export type RowSelection =
  | { kind: 'all' }
  /** Rows whose cell in `column` is exactly `equals` (after trimming). */
  | { kind: 'filter'; column: string; equals: string }
  /**
   * Rows whose link column is still empty, or holds the error an earlier run wrote there ("Error: …"): a run
   * started again after a failure picks up where it stopped, and never makes a second document for a row.
   */
  | { kind: 'withoutLink' };

export interface SheetOverviewInput {
  /** A spreadsheet's URL or id, as the user pasted it. */
  spreadsheet: string;
  /** Absent: the first sheet. */
  sheetName?: string;
}

export type SheetOverview =
  | {
      status: 'found';
      spreadsheetId: string;
      spreadsheetName: string;
      sheetNames: string[];
      sheetName: string;
      /** The header row's cells, in column order; these are the field names a mapping can use. */
      headers: string[];
      /** Data rows under the header row. */
      rowCount: number;
    }
  | { status: 'problem'; message: string };

export interface StartSheetRunInput {
  name: string;
  spreadsheet: string;
  sheetName: string;
  /** Template field name → header of the column that gives its value. */
  fieldMapping: Record<string, string>;
  rows: RowSelection;
  /** Header of the column the links (or errors) are written into; added after the last column when missing. */
  linkColumn: string;
  /** A Drive folder's URL or id. */
  outputFolder: string;
  /** The new documents' names, e.g. `Proposal – {{company}}`. */
  namePattern: string;
}

export type StartSheetRunOutcome =
  | { status: 'started'; run: BulkRunProgress; enqueued: number; alreadyEnqueued: number }
  | { status: 'problems'; problems: Array<{ field?: string; message: string }> };

export interface BulkRunRecord {
  recordKey: string;
  /** The sheet row number (1-based, as the sheet shows it), or the HubSpot object id. */
  sourceReference: string | null;
  state: 'pending' | 'leased' | 'done' | 'failed' | 'cancelled';
  documentUrl: string | null;
  error: string | null;
}

export interface BulkRunProgress {
  runId: string;
  name: string;
  status: RunStatus;
  finished: boolean;
  total: number;
  done: number;
  failed: number;
  remaining: number;
  costNanoDollars: number;
  /** The most recently changed records first; at most 50. listMyRuns leaves it empty (one request per run saved); getRunProgress fills it. */
  records: BulkRunRecord[];
  /** Whether this user's background trigger is installed (it keeps working when the sidebar is closed). */
  backgroundWorker: boolean;
}

export type RunAction = 'pause' | 'resume' | 'cancel';

/** One bounded worker execution: what it did and why it stopped. */
export interface WorkOnRunsOutcome {
  documentsMade: number;
  failures: number;
  /** `time`: it stopped before Apps Script's 6-minute limit with work left; `empty`: nothing to claim. */
  stoppedBecause: 'time' | 'empty';
}

/** What the sidebar's "Bulk" panel calls through `google.script.run`. */
export interface BulkRunServerApi {
  getSheetOverview(input: SheetOverviewInput): SheetOverview;
  startSheetRun(input: StartSheetRunInput): StartSheetRunOutcome;
  listMyRuns(): BulkRunProgress[];
  getRunProgress(runId: string): BulkRunProgress;
  changeRunStatus(runId: string, action: RunAction): BulkRunProgress;
  /** Works on this user's runs for at most a few minutes; the open sidebar calls it again while work is left. */
  workOnRuns(): WorkOnRunsOutcome;
}

export const bulkRunServerFunctionNames = [
  'getSheetOverview',
  'startSheetRun',
  'listMyRuns',
  'getRunProgress',
  'changeRunStatus',
  'workOnRuns',
] as const;

// Fails to compile when a function of BulkRunServerApi is missing from the list above.
type MissingName = Exclude<keyof BulkRunServerApi, (typeof bulkRunServerFunctionNames)[number]>;
const everyNameListed: MissingName extends never ? true : never = true;
void everyNameListed;

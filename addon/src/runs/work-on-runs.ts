import type { RunView } from '../../../contracts/runs';
import type { WorkOnRunsOutcome } from '../../shared/bulk-run-contract';
import type { BackendClient } from '../backend/backend-client';
import type { RunsClient } from '../backend/runs-client';
import { hasWorkLeft } from './run-progress';
import { errorPrefix } from './select-rows';
import { writeIntoRecordRow, type RunSheetSettings, type SheetAccess } from './sheet-write-back';
import { workOnJob, type JobDocuments, type JobResult } from './work-on-job';

/**
 * How one worker execution stays inside Apps Script's 6-minute limit
 * (https://developers.google.com/apps-script/guides/services/quotas): it claims no job once less than
 * `minimumJobMs` of its `budgetMs` is left, and gives each fill what is left minus `writeMarginMs` (copying,
 * writing and reporting). 5 minutes of work plus a started job's margin ends well before 6 minutes; a job
 * stopped anyway is the lease's business (it expires, and the next worker takes the job over without copying
 * again).
 */
export interface WorkerLimits {
  budgetMs: number;
  minimumJobMs: number;
  writeMarginMs: number;
}

export const appsScriptWorkerLimits: WorkerLimits = { budgetMs: 300_000, minimumJobMs: 90_000, writeMarginMs: 30_000 };

export interface WorkOnRunsDependencies {
  runs: RunsClient;
  backend: BackendClient;
  documents: JobDocuments;
  now: () => number;
  limits: WorkerLimits;
  openSheet: (spreadsheetId: string, sheetName: string) => SheetAccess | null;
  loadSettings: (runId: string) => RunSheetSettings | null;
  forgetSettings: (runId: string) => void;
  /** Called when this user has no run with work left: the background trigger is no longer needed. */
  noWorkLeft: () => void;
}

/**
 * One bounded worker execution over this user's active runs (the sidebar's workOnRuns and the hourly trigger
 * alike): claims one job at a time, works on it, writes its link or final error into the sheet row, and stops
 * before the time budget runs out or when nothing is left to claim.
 */
export function workOnRuns(dependencies: WorkOnRunsDependencies): WorkOnRunsOutcome {
  const { runs, now, limits } = dependencies;
  const startedAt = now();
  const timeLeft = () => limits.budgetMs - (now() - startedAt);
  let documentsMade = 0;
  let failures = 0;
  const active = runs.listMyRuns('active').filter(hasWorkLeft);
  for (const run of active) {
    for (;;) {
      if (timeLeft() < limits.minimumJobMs) return { documentsMade, failures, stoppedBecause: 'time' };
      const claim = runs.claimJobs(run.runId, 1);
      const job = claim.jobs[0];
      if (!job) break;
      const result = workOnJob(job, {
        runs,
        backend: dependencies.backend,
        documents: dependencies.documents,
        now,
        generationBudgetMs: Math.max(0, timeLeft() - limits.writeMarginMs),
      });
      if (result.kind === 'done') documentsMade += 1;
      if (result.kind === 'failed') failures += 1;
      writeBack(run, result, dependencies);
    }
  }
  const left = runs.listMyRuns('active').filter(hasWorkLeft);
  // What the add-on kept for a run (its link column) is needed until the run's last link is written.
  for (const run of active) if (!left.some((other) => other.runId === run.runId)) dependencies.forgetSettings(run.runId);
  if (left.length === 0) dependencies.noWorkLeft();
  return { documentsMade, failures, stoppedBecause: 'empty' };
}

/** The link of a done job, or the error of a job that failed for good, into its sheet row; never fails the job. */
function writeBack(run: RunView, result: JobResult, dependencies: WorkOnRunsDependencies): void {
  if (run.source.kind !== 'sheet' || result.kind === 'lost') return;
  const job = result.job;
  const text = result.kind === 'done' ? job.documentUrl : job.state === 'failed' ? `${errorPrefix}${result.message}` : null;
  if (!text) return;
  const settings = dependencies.loadSettings(run.runId);
  if (!settings) return;
  try {
    const sheet = dependencies.openSheet(run.source.spreadsheetId, run.source.sheetName);
    if (sheet) writeIntoRecordRow(sheet, settings, run.fieldMapping, job, text);
  } catch {
    // The sheet was deleted or unshared meanwhile: the run keeps the link, the sidebar shows it.
  }
}

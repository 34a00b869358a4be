import type { EnqueueRecordsRequest } from '../../../contracts/runs';
import { BackendProblem, BackendUnreachable } from '../backend/backend-call';
import type { RunsClient } from '../backend/runs-client';

/** A problem the Bulk panel shows next to the input it names (`field`), or above Start. */
export type RunStartProblem = { field?: string; message: string };

/** The backend enqueues at most 500 records per request (contracts/runs.ts). */
const recordsPerRequest = 500;

/** Enqueues a run's records, whatever their source; a record enqueued before counts as already enqueued, not again. */
export function enqueueRunRecords(
  runs: RunsClient,
  runId: string,
  records: EnqueueRecordsRequest['records'],
): { enqueued: number; alreadyEnqueued: number } {
  let enqueued = 0;
  let alreadyEnqueued = 0;
  for (let start = 0; start < records.length; start += recordsPerRequest) {
    const answer = runs.enqueueRecords(runId, { records: records.slice(start, start + recordsPerRequest) });
    for (const job of answer.jobs)
      if (job.created) enqueued += 1;
      else alreadyEnqueued += 1;
  }
  return { enqueued, alreadyEnqueued };
}

/** The backend's refusal as the sidebar lists problems: each invalid field when it names them, else its detail. */
export function backendProblems(error: unknown): RunStartProblem[] {
  if (error instanceof BackendProblem) {
    const issues = error.body.issues;
    if (Array.isArray(issues) && issues.length > 0)
      return issues.map((issue) => {
        const { path, message } = (issue ?? {}) as { path?: unknown; message?: unknown };
        const text = typeof message === 'string' ? message : error.detail;
        return typeof path === 'string' && path !== '' ? { field: path, message: text } : { message: text };
      });
    return [{ message: error.detail }];
  }
  if (error instanceof BackendUnreachable) return [{ message: error.message }];
  throw error;
}

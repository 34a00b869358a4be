import type { RunJobView, RunView } from '../../../contracts/runs';
import type { BulkRunProgress } from '../../shared/bulk-run-contract';

/** The records a progress view shows. */
export const recordsShown = 50;

/** A run as the sidebar shows it: counts and cost from the backend's rollups, the most recently changed records first. */
export function progressOf(run: RunView, jobs: readonly RunJobView[], backgroundWorker: boolean): BulkRunProgress {
  const records = [...jobs]
    .sort((first, second) => second.updatedAt.localeCompare(first.updatedAt))
    .slice(0, recordsShown)
    .map((job) => ({
      recordKey: job.recordKey,
      sourceReference: job.sourceReference,
      state: job.state,
      documentUrl: job.documentUrl,
      error: job.error,
    }));
  return {
    runId: run.runId,
    name: run.name,
    status: run.status,
    finished: run.finished,
    total: run.progress.total,
    done: run.progress.done,
    failed: run.progress.failed,
    remaining: run.progress.remaining,
    costNanoDollars: run.metrics.costNanoDollars,
    records,
    backgroundWorker,
  };
}

/** A run a worker still has something to do for: active, with records pending or in flight. */
export function hasWorkLeft(run: RunView): boolean {
  return run.status === 'active' && run.progress.remaining > 0;
}

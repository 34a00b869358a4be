import type { RunJobView, RunView } from '../../../contracts/runs';
import type { StoredJob } from './run-jobs-repository';
import type { RunJobCounts, StoredRun } from './runs-repository';

export function runViewOf(run: StoredRun, counts: RunJobCounts): RunView {
  const total = run.done + run.failed + counts.cancelled + counts.remaining;
  return {
    runId: run.runId,
    name: run.name,
    templateDocumentId: run.templateDocumentId,
    source: run.source,
    fieldMapping: run.fieldMapping,
    outputFolderId: run.outputFolderId,
    namePattern: run.namePattern,
    maxAttempts: run.maxAttempts,
    status: run.status,
    finished: run.status === 'active' && total > 0 && counts.remaining === 0,
    createdBy: run.createdBy.email,
    createdAt: run.createdAt.toISOString(),
    updatedAt: run.updatedAt.toISOString(),
    progress: {
      total,
      done: run.done,
      failed: run.failed,
      cancelled: counts.cancelled,
      remaining: counts.remaining,
      inFlight: counts.inFlight,
    },
    metrics: run.metrics,
  };
}

export function runJobViewOf(job: StoredJob): RunJobView {
  return {
    jobId: job.jobId,
    recordKey: job.recordKey,
    sourceReference: job.sourceReference,
    state: job.state,
    attempts: job.attempts,
    failures: job.failures,
    documentId: job.documentId,
    documentUrl: job.documentUrl,
    executionId: job.executionId,
    error: job.error,
    writeBack: job.writeBack && {
      state: job.writeBack.state,
      attempts: job.writeBack.attempts,
      reference: job.writeBack.reference,
      error: job.writeBack.error,
    },
    enqueuedAt: job.enqueuedAt.toISOString(),
    updatedAt: job.updatedAt.toISOString(),
  };
}

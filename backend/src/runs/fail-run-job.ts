import type { RunMetrics } from '../../../contracts/runs';
import type { Caller } from '../platform/http/caller';
import { readReportedExecution } from './execution-metrics';
import { jobForReport } from './job-for-report';
import { jobEnded, leaseLost, runRefused } from './run-problems';
import type { StoredJob } from './run-jobs-repository';
import type { RunsContext } from './runs-context';

/**
 * Records an attempt's failure: the job goes back to pending for another attempt, or fails for good once it used
 * up the run's attempts (or the worker says another attempt cannot help). What a failed fill spent counts
 * towards the run. The same report sent again counts once.
 */
export async function failRunJob(
  context: RunsContext,
  caller: Caller,
  target: { runId: string; jobId: string },
  report: { leaseId: string; message: string; retry: boolean; executionId?: string | undefined },
): Promise<StoredJob> {
  const organisationId = caller.organisationId;
  const { run, job: reported } = await jobForReport(context, caller, target.runId, target.jobId);
  if (reported.failedLeaseId === report.leaseId) return reported;
  let metrics: RunMetrics | undefined;
  if (report.executionId) {
    const execution = await readReportedExecution(context.readExecution, organisationId, report.executionId);
    if (execution.kind === 'recorded') {
      if (execution.documentId !== reported.documentId) {
        throw runRefused(`The fill ${report.executionId} filled another document than this job's.`);
      }
      metrics = execution.metrics;
    }
  }
  const at = new Date(context.now());
  const outcome = await context.jobs.change(organisationId, target.runId, target.jobId, at, (job) => {
    if (job.failedLeaseId === report.leaseId) return undefined;
    if (job.state !== 'leased') throw jobEnded(job.jobId, job.state);
    if (job.leaseId !== report.leaseId) throw leaseLost(job.jobId);
    const final = !report.retry || job.attempts >= run.maxAttempts;
    return {
      update: {
        state: final ? 'failed' : 'pending',
        failures: job.failures + 1,
        failedLeaseId: report.leaseId,
        leaseId: null,
        leaseExpiresAt: null,
        error: report.message,
      },
      alongside:
        final || metrics
          ? (batch) => context.runs.addOutcome(batch, organisationId, target.runId, { failed: final ? 1 : 0, metrics }, at)
          : undefined,
    };
  });
  return outcome.job;
}

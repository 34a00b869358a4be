import type { Caller } from '../platform/http/caller';
import { conflict } from '../platform/problem';
import { readReportedExecution } from './execution-metrics';
import { jobForReport } from './job-for-report';
import { jobEnded, leaseLost, runRefused } from './run-problems';
import type { StoredJob } from './run-jobs-repository';
import type { RunsContext } from './runs-context';
import { pendingWriteBack, writeBackJobLink } from './write-back-job-link';

/**
 * Ends a job as done with the fill of its document, and adds that fill's metrics (read from its execution
 * record) to the run in the same serialised change, so they count exactly once however often it is reported.
 * Then, in a run that writes links back, writes the document's link to the record (write-back-job-link.ts):
 * once, by whichever report claims it; a report sent again after a writer vanished takes it over.
 */
export async function completeRunJob(
  context: RunsContext,
  caller: Caller,
  target: { runId: string; jobId: string },
  report: { leaseId: string; executionId: string },
): Promise<StoredJob> {
  const organisationId = caller.organisationId;
  const { run, job: reported } = await jobForReport(context, caller, target.runId, target.jobId);
  // The same report again (its answer was lost): answered as it was, counted once.
  if (reported.state === 'done' && reported.executionId === report.executionId)
    return writeBackJobLink(context, organisationId, run, reported);
  const execution = await readReportedExecution(context.readExecution, organisationId, report.executionId);
  if (execution.kind === 'missing') throw runRefused(`There is no fill ${report.executionId} in this organisation.`);
  if (execution.kind === 'running') throw conflict(`The fill ${report.executionId} is still running; report it once it has ended.`);
  if (execution.status === 'aborted') {
    throw runRefused(`The fill ${report.executionId} was aborted and wrote nothing: report the job as failed, with this fill.`);
  }
  const at = new Date(context.now());
  const outcome = await context.jobs.change(organisationId, target.runId, target.jobId, at, (job) => {
    if (job.state === 'done' && job.executionId === report.executionId) return undefined;
    if (job.state !== 'leased') throw jobEnded(job.jobId, job.state);
    if (job.leaseId !== report.leaseId) throw leaseLost(job.jobId);
    if (job.documentId === null) {
      throw conflict(`Report the document of job ${job.jobId} (…/document) before its fill.`, { code: 'document_not_reported' });
    }
    if (execution.documentId !== job.documentId) {
      throw runRefused(`The fill ${report.executionId} filled another document than this job's (${job.documentId}).`);
    }
    const writeBack = context.linkWriter?.writesBack(run.source) ? pendingWriteBack() : null;
    return {
      update: { state: 'done', executionId: report.executionId, metrics: execution.metrics, leaseExpiresAt: null, error: null, writeBack },
      alongside: (batch) => context.runs.addOutcome(batch, organisationId, target.runId, { done: 1, metrics: execution.metrics }, at),
    };
  });
  return writeBackJobLink(context, organisationId, run, outcome.job);
}

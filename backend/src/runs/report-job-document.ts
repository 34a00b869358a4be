import type { Caller } from '../platform/http/caller';
import { jobForReport } from './job-for-report';
import { jobEnded, leaseLost } from './run-problems';
import type { RunsContext } from './runs-context';

/**
 * Records the copy of the template an attempt made, before it is filled: a later attempt (after this worker
 * died) fills that copy instead of making another. The first document reported stays the job's; a report of
 * another one answers the recorded one with `accepted: false`, so the worker trashes its copy and fills that.
 */
export async function reportJobDocument(
  context: RunsContext,
  caller: Caller,
  target: { runId: string; jobId: string },
  report: { leaseId: string; documentId: string; documentUrl: string },
): Promise<{ documentId: string; documentUrl: string; accepted: boolean }> {
  await jobForReport(context, caller, target.runId, target.jobId);
  const at = new Date(context.now());
  const outcome = await context.jobs.change(caller.organisationId, target.runId, target.jobId, at, (job) => {
    if (job.state !== 'leased') throw jobEnded(job.jobId, job.state);
    if (job.leaseId !== report.leaseId) throw leaseLost(job.jobId);
    if (job.documentId !== null) return undefined;
    return { update: { documentId: report.documentId, documentUrl: report.documentUrl } };
  });
  const { documentId, documentUrl } = outcome.job;
  if (documentId === null || documentUrl === null) throw new Error(`job ${target.jobId} has no document after recording one`);
  return { documentId, documentUrl, accepted: documentId === report.documentId };
}

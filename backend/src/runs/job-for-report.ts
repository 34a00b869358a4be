import type { Caller } from '../platform/http/caller';
import { notFound } from '../platform/problem';
import type { StoredJob } from './run-jobs-repository';
import type { RunsContext } from './runs-context';
import type { StoredRun } from './runs-repository';
import { visibleRun } from './visible-run';

/** The run and the job a worker reports on (404 when either is not the caller's to see). */
export async function jobForReport(
  context: RunsContext,
  caller: Caller,
  runId: string,
  jobId: string,
): Promise<{ run: StoredRun; job: StoredJob }> {
  const run = await visibleRun(context, caller, runId);
  const job = await context.jobs.get(caller.organisationId, runId, jobId);
  if (!job) throw notFound(`The run ${runId} has no job ${jobId}.`);
  return { run, job };
}

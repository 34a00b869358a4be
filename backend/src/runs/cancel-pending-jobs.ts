import type { RunsContext } from './runs-context';

const pageSize = 200;
const concurrency = 10;

/**
 * Ends the run's pending jobs as cancelled, each through its own serialised change, so a job a worker claims at
 * the same moment ends one way only. Jobs in flight are left to finish. Answers how many it cancelled.
 */
export async function cancelPendingJobs(
  context: RunsContext,
  organisationId: string,
  runId: string,
  only?: readonly string[],
): Promise<number> {
  let cancelled = 0;
  const cancelOne = async (jobId: string) => {
    const at = new Date(context.now());
    const outcome = await context.jobs.change(organisationId, runId, jobId, at, (job) =>
      job.state === 'pending' ? { update: { state: 'cancelled', error: null } } : undefined,
    );
    if (outcome.changed) cancelled += 1;
  };
  const inParallel = async (jobIds: readonly string[]) => {
    for (let start = 0; start < jobIds.length; start += concurrency) {
      await Promise.all(jobIds.slice(start, start + concurrency).map(cancelOne));
    }
  };
  if (only) {
    await inParallel(only);
    return cancelled;
  }
  for (;;) {
    const jobIds = await context.jobs.pending(organisationId, runId, pageSize);
    if (jobIds.length === 0) return cancelled;
    const before = cancelled;
    await inParallel(jobIds);
    // Every job of the page was taken by a worker meanwhile: what is left is in flight, not pending.
    if (cancelled === before && jobIds.length < pageSize) return cancelled;
  }
}

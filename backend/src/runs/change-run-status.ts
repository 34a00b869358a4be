import type { Caller } from '../platform/http/caller';
import { conflict } from '../platform/problem';
import { cancelPendingJobs } from './cancel-pending-jobs';
import type { RunsContext } from './runs-context';
import type { StoredRun } from './runs-repository';
import { visibleRun } from './visible-run';

export type RunCommand = 'pause' | 'resume' | 'cancel';

/**
 * Pause (no more jobs handed out; jobs in flight finish), resume, or cancel (pending jobs end as cancelled; jobs
 * in flight may finish; nothing is handed out again). Each is a serialised change of the run, so a resume racing
 * a cancel never brings a cancelled run back. Asking for the state a run is already in changes nothing.
 */
export async function changeRunStatus(context: RunsContext, caller: Caller, runId: string, command: RunCommand): Promise<StoredRun> {
  await visibleRun(context, caller, runId);
  const at = new Date(context.now());
  const { run } = await context.runs.changeStatus(caller.organisationId, runId, at, (current) => {
    if (command === 'cancel') return current.status === 'cancelled' ? undefined : { update: { status: 'cancelled' } };
    if (current.status === 'cancelled') throw conflict(`The run ${runId} was cancelled; it cannot be ${command}d.`);
    const wanted = command === 'pause' ? 'paused' : 'active';
    return current.status === wanted ? undefined : { update: { status: wanted } };
  });
  // Also when the run was cancelled already: finishes a sweep an earlier cancel did not get to the end of.
  if (command === 'cancel') await cancelPendingJobs(context, caller.organisationId, runId);
  return run;
}

import { isAdmin, type Caller } from '../platform/http/caller';
import { notFound } from '../platform/problem';
import type { RunsContext } from './runs-context';
import type { StoredRun } from './runs-repository';

/**
 * The run, when the caller may see and act on it: the person who made it (their trigger makes its documents)
 * or an admin. Anyone else gets the same 404 as for a run that does not exist.
 */
export async function visibleRun(context: RunsContext, caller: Caller, runId: string): Promise<StoredRun> {
  const run = await context.runs.get(caller.organisationId, runId);
  if (!run || (run.createdBy.userId !== caller.userId && !isAdmin(caller))) throw notFound(`There is no run ${runId}.`);
  return run;
}

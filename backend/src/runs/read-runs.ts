import type { RunStatus, RunView } from '../../../contracts/runs';
import { isAdmin, type Caller } from '../platform/http/caller';
import { forbidden } from '../platform/problem';
import type { RunsContext } from './runs-context';
import { runViewOf } from './run-views';
import { visibleRun } from './visible-run';

export type RunScope = 'mine' | 'organisation';

/** The runs a caller may list: their own, or (admins) the organisation's. */
export function listedUser(caller: Caller, scope: RunScope): string | undefined {
  if (scope === 'organisation' && !isAdmin(caller)) throw forbidden("Only admins see the whole organisation's runs; use scope=mine.");
  return scope === 'mine' ? caller.userId : undefined;
}

export async function readRun(context: RunsContext, caller: Caller, runId: string): Promise<RunView> {
  const run = await visibleRun(context, caller, runId);
  return runViewOf(run, await context.runs.counts(caller.organisationId, runId));
}

/** One page of runs, newest first, each with its progress (counted) and rolled-up metrics. */
export async function listRuns(
  context: RunsContext,
  caller: Caller,
  query: { scope: RunScope; status?: RunStatus | undefined; limit: number; after?: string | undefined },
): Promise<{ runs: RunView[]; next?: string }> {
  const page = await context.runs.list(caller.organisationId, {
    userId: listedUser(caller, query.scope),
    status: query.status,
    limit: query.limit,
    after: query.after,
  });
  const runs = await Promise.all(page.runs.map(async (run) => runViewOf(run, await context.runs.counts(caller.organisationId, run.runId))));
  return page.next ? { runs, next: page.next } : { runs };
}

import { isAdmin, type Caller } from '../platform/http/caller';
import { notFound } from '../platform/problem';
import type { ExecutionsRepository, StoredExecution } from './executions-repository';

/** A fill the caller may see: their own, or any of the organisation's for an admin. */
export async function visibleExecution(executions: ExecutionsRepository, caller: Caller, fillId: string): Promise<StoredExecution> {
  const execution = await executions.get(caller.organisationId, fillId);
  // A member sees only their own fills; someone else's is "not found", not "forbidden", to reveal nothing.
  if (!execution || (execution.userId !== caller.userId && !isAdmin(caller))) {
    throw notFound(`There is no fill ${fillId} of yours.`);
  }
  return execution;
}

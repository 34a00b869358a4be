import type { ExecutionView, FillPollResponse, FillProgress } from '../../../contracts/fills';
import type { Caller } from '../platform/http/caller';
import { gone, serviceUnavailable } from '../platform/problem';
import { settlesWithin } from '../platform/settles-within';
import type { StoredExecution } from './executions-repository';
import type { FillDependencies } from './fill-dependencies';
import { progressOfClaim } from './progress-of-claim';
import { answerOfFinishedFill, answerOfInterruptedFill, answerOfRecordedFill, interruptedAbort, tagsWithoutTexts } from './recorded-fill';
import { sleepUnlessStopping } from './sleep-unless-stopping';
import { visibleExecution } from './visible-execution';

/** How often a poll reads a fill another instance runs: a Firestore read each time, so not too often. */
const repositoryPollMs = 500;
/** A claim still `running` this long after the longest a fill may run belongs to an instance that stopped. */
const interruptedAfterExtraMs = 60_000;
/**
 * A running fill's instance writes a heartbeat every 20 s by default (fill-progress.ts): a claim silent for
 * 70 s belongs to an instance that crashed, so the poll says interrupted well within the add-on's 300 s.
 */
const defaultSilentClaimMs = 70_000;

/**
 * A fill as its caller polls it: its progress while it runs (after waiting up to `waitSeconds` for it to end),
 * its result once it ended. Ran here by the caller: from memory; else from what Firestore recorded.
 */
export async function readFill(
  caller: Caller,
  fillId: string,
  waitSeconds: number | undefined,
  dependencies: FillDependencies,
): Promise<FillPollResponse> {
  const now = dependencies.now ?? Date.now;
  const waitMs = (waitSeconds ?? 0) * 1000;
  const until = now() + waitMs;
  const outcome = dependencies.progress.outcome(caller, fillId);
  if (!outcome) return answerFromRepository(caller, fillId, until, dependencies);
  if (!(await settlesWithin(outcome, waitMs))) return dependencies.progress.get(caller, fillId) as FillProgress;
  let execution;
  try {
    execution = await outcome;
  } catch {
    throw serviceUnavailable(`The fill ${fillId} ran but its result could not be saved; fill again.`);
  }
  // Ran here, by the caller (progress is kept per user): the result is in memory, no need to read it back.
  return answerOfFinishedFill(execution) as FillPollResponse;
}

/** A recorded fill: the result with its texts for the user who ran it, the metrics alone for an admin. */
// Stored executions are loose records; their shape is the contract's, which the response walk checks.
async function answerOf(caller: Caller, execution: StoredExecution, dependencies: FillDependencies): Promise<FillPollResponse> {
  if (execution.userId !== caller.userId) return execution as ExecutionView;
  const outputs = await dependencies.executions.getOutputs(caller.organisationId, execution.fillId);
  // An aborted fill wrote nothing and has nothing to write: its abort is still the answer once the texts are gone.
  if (execution.status !== 'aborted' && tagsWithoutTexts(execution, outputs).length > 0) {
    throw gone(`The texts of this fill were deleted after ${dependencies.outputRetentionHours} hours; run the fill again.`);
  }
  return answerOfRecordedFill(execution, outputs) as FillPollResponse;
}

/** A fill this instance does not run (another instance runs it, or ran it, or stopped while running it). */
async function answerFromRepository(
  caller: Caller,
  fillId: string,
  until: number,
  dependencies: FillDependencies,
): Promise<FillPollResponse> {
  const now = dependencies.now ?? Date.now;
  const { stopping } = dependencies;
  const silentClaimMs = dependencies.silentClaimMs ?? defaultSilentClaimMs;
  for (;;) {
    const execution = await visibleExecution(dependencies.executions, caller, fillId);
    if (execution.status !== 'running') return answerOf(caller, execution, dependencies);
    const startedAt = Date.parse(String(execution.startedAt));
    const lastSeenAt = Date.parse(String(execution.heartbeatAt ?? execution.startedAt));
    const outlived = Number.isFinite(startedAt) && now() - startedAt > dependencies.maxDurationMs + interruptedAfterExtraMs;
    if (outlived || (Number.isFinite(lastSeenAt) && now() - lastSeenAt > silentClaimMs)) {
      // Recorded too, so lists and other instances agree; a fill recorded meanwhile is answered as recorded.
      const silentSince = new Date(outlived ? now() : now() - silentClaimMs);
      if (await dependencies.executions.markInterrupted(caller.organisationId, fillId, silentSince, interruptedAbort))
        return answerOfInterruptedFill(execution) as FillPollResponse;
      // Not interrupted after all (recorded, or heard of, meanwhile): the next read tells.
    }
    const remaining = until - now();
    if (remaining <= 0 || stopping?.aborted) return progressOfClaim(execution);
    await sleepUnlessStopping(Math.min(repositoryPollMs, remaining), stopping);
  }
}

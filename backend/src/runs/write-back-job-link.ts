import { randomUUID } from 'node:crypto';
import { DocumentLinkWriteFailed } from './document-link-writer';
import { fieldValuesOf, renderNamePattern } from './name-pattern';
import type { StoredJob, StoredWriteBack } from './run-jobs-repository';
import type { RunsContext } from './runs-context';
import type { StoredRun } from './runs-repository';

/**
 * How long one writer holds a job's write-back: longer than a HubSpot session's calls may take in all (40 s,
 * waits for rate limits included), so a writer still at work is never overtaken; after it, the writer is
 * presumed gone (its instance stopped) and the next done report of the job takes over.
 */
export const writeBackClaimMs = 2 * 60_000;

function messageOf(error: unknown): string {
  // The writer's failures say what to fix (HubSpot not connected, a scope missing, HubSpot down); anything
  // else is our bug, and its text is not for the job view.
  if (error instanceof DocumentLinkWriteFailed) return error.message;
  return 'The link could not be written back because of an unexpected error.';
}

/** The write-back a job gets as it ends done, when its run writes links back. */
export function pendingWriteBack(): StoredWriteBack {
  return { state: 'pending', attempts: 0, claimId: null, claimExpiresAt: null, reference: null, error: null };
}

/**
 * Writes a done job's document link back to its record, once in effect: of every done report of the job (the
 * same one sent again, or racing on two instances) only the one that claims the pending write-back calls the
 * writer, and the claim is a serialised change of the job. A claim whose writer vanished (past
 * `writeBackClaimMs`) is taken over by the next done report; the writer looks for what the vanished one may
 * have written before writing. A failure after the writer's retries is recorded on the job, which stays done.
 */
export async function writeBackJobLink(context: RunsContext, organisationId: string, run: StoredRun, job: StoredJob): Promise<StoredJob> {
  const writer = context.linkWriter;
  if (!writer || job.state !== 'done' || job.documentUrl === null || job.writeBack === null) return job;
  const documentUrl = job.documentUrl;
  const claimId = randomUUID();
  const claimedAt = context.now();
  const claim = await context.jobs.change(organisationId, run.runId, job.jobId, new Date(claimedAt), (current) => {
    const writeBack = current.writeBack;
    if (!writeBack) return undefined;
    const free =
      writeBack.state === 'pending' ||
      (writeBack.state === 'writing' && writeBack.claimExpiresAt !== null && writeBack.claimExpiresAt.getTime() <= claimedAt);
    if (!free) return undefined;
    const claimed: StoredWriteBack = {
      ...writeBack,
      state: 'writing',
      attempts: writeBack.attempts + 1,
      claimId,
      claimExpiresAt: new Date(claimedAt + writeBackClaimMs),
    };
    return { update: { writeBack: claimed } };
  });
  if (!claim.changed) return claim.job;

  let outcome: Pick<StoredWriteBack, 'state' | 'reference' | 'error'>;
  try {
    const reference = await writer.write(organisationId, {
      source: run.source,
      recordKey: job.recordKey,
      sourceReference: job.sourceReference,
      documentUrl,
      title: renderNamePattern(run.namePattern, fieldValuesOf(run.fieldMapping, job.fields), job.recordKey),
    });
    outcome = { state: 'written', reference, error: null };
  } catch (error) {
    outcome = { state: 'failed', reference: null, error: messageOf(error) };
  }
  const recorded = await context.jobs.change(organisationId, run.runId, job.jobId, new Date(context.now()), (current) => {
    // Taken over meanwhile (this writer overran its claim): the one that took over records its own outcome.
    if (current.writeBack?.claimId !== claimId || current.writeBack.state !== 'writing') return undefined;
    return { update: { writeBack: { ...current.writeBack, ...outcome, claimExpiresAt: null } } };
  });
  return recorded.job;
}

import { randomUUID } from 'node:crypto';
import type { ClaimedJob, ClaimJobsResponse } from '../../../contracts/runs';
import type { Caller } from '../platform/http/caller';
import { readReportedExecution } from './execution-metrics';
import { fillIdOf } from './job-ids';
import { fieldValuesOf, renderNamePattern } from './name-pattern';
import type { StoredJob } from './run-jobs-repository';
import type { RunsContext } from './runs-context';
import type { StoredRun } from './runs-repository';
import { visibleRun } from './visible-run';

/**
 * The fill of an earlier attempt that completed on the job's document (its worker stopped before reporting it),
 * newest first; only jobs claimed again after a document was made are looked at.
 */
async function earlierCompletedFill(context: RunsContext, organisationId: string, run: StoredRun, job: StoredJob): Promise<string | null> {
  if (job.documentId === null) return null;
  for (let attempt = job.attempts - 1; attempt >= 1; attempt -= 1) {
    const fillId = fillIdOf(run.runId, job.jobId, attempt);
    const execution = await readReportedExecution(context.readExecution, organisationId, fillId);
    if (execution.kind === 'recorded' && execution.status === 'completed' && execution.documentId === job.documentId) return fillId;
  }
  return null;
}

function claimedView(run: StoredRun, job: StoredJob, earlierFillId: string | null): ClaimedJob {
  const fieldValues = fieldValuesOf(run.fieldMapping, job.fields);
  return {
    runId: run.runId,
    jobId: job.jobId,
    leaseId: job.leaseId ?? '',
    leaseExpiresAt: job.leaseExpiresAt?.toISOString() ?? '',
    attempt: job.attempts,
    fillId: fillIdOf(run.runId, job.jobId, job.attempts),
    recordKey: job.recordKey,
    sourceReference: job.sourceReference,
    templateDocumentId: run.templateDocumentId,
    outputFolderId: run.outputFolderId,
    documentName: renderNamePattern(run.namePattern, fieldValues, job.recordKey),
    fieldValues,
    documentId: job.documentId,
    documentUrl: job.documentUrl,
    earlierFillId,
  };
}

const maximumRounds = 5;

function shuffled<Item>(items: Item[]): Item[] {
  for (let index = items.length - 1; index > 0; index -= 1) {
    const other = Math.floor(Math.random() * (index + 1));
    [items[index], items[other]] = [items[other] as Item, items[index] as Item];
  }
  return items;
}

/** Leases one job when it is free (pending, or its lease expired); fails it instead when it used up its attempts. */
async function claimOne(
  context: RunsContext,
  organisationId: string,
  run: StoredRun,
  jobId: string,
  now: Date,
  leaseSeconds: number,
): Promise<StoredJob | undefined> {
  const leaseId = randomUUID();
  const outcome = await context.jobs.change(organisationId, run.runId, jobId, now, (job) => {
    const free = job.state === 'pending' || (job.state === 'leased' && job.leaseExpiresAt !== null && job.leaseExpiresAt <= now);
    if (!free) return undefined;
    if (job.attempts >= run.maxAttempts) {
      // Its worker stopped mid-job on every attempt (a document too big to fill within an execution?).
      return {
        update: {
          state: 'failed',
          leaseId: null,
          leaseExpiresAt: null,
          error: `The worker stopped without reporting, ${job.attempts} times; the record was given up.`,
        },
        alongside: (batch) => context.runs.addOutcome(batch, organisationId, run.runId, { failed: 1 }, now),
      };
    }
    return {
      update: { state: 'leased', leaseId, leaseExpiresAt: new Date(now.getTime() + leaseSeconds * 1000), attempts: job.attempts + 1 },
    };
  });
  return outcome.changed && outcome.job.state === 'leased' && outcome.job.leaseId === leaseId ? outcome.job : undefined;
}

/**
 * Hands a worker up to `limit` jobs of an active run, each under a lease: pending jobs first, then jobs whose
 * lease expired (their worker is gone). A job that used up its attempts that way is failed instead. Two workers
 * claiming at once never get the same job: each claim is a serialised change of the job.
 */
export async function claimRunJobs(
  context: RunsContext,
  caller: Caller,
  runId: string,
  request: { limit: number; leaseSeconds: number },
): Promise<ClaimJobsResponse> {
  const run = await visibleRun(context, caller, runId);
  if (run.status !== 'active') return { runStatus: run.status, jobs: [] };
  const organisationId = caller.organisationId;
  const now = new Date(context.now());
  const claimed: ClaimedJob[] = [];
  const tried = new Set<string>();
  for (let round = 0; round < maximumRounds && claimed.length < request.limit; round += 1) {
    // More candidates than asked for: other workers may take some first. In order the first time (records are
    // made in the order they came); after losing races, in random order, so workers claiming at once spread out.
    const found = (await context.jobs.claimable(organisationId, runId, now, request.limit * 4)).filter((job) => !tried.has(job.jobId));
    const candidates = round === 0 ? found : shuffled(found);
    if (candidates.length === 0) break;
    for (const candidate of candidates) {
      if (claimed.length >= request.limit) break;
      tried.add(candidate.jobId);
      const job = await claimOne(context, organisationId, run, candidate.jobId, now, request.leaseSeconds);
      if (job) claimed.push(claimedView(run, job, await earlierCompletedFill(context, organisationId, run, job)));
    }
  }
  return { runStatus: run.status, jobs: claimed };
}

import type { DocumentData, Firestore } from 'firebase-admin/firestore';
import type { JobState, RunMetrics, WriteBackState } from '../../../contracts/runs';
import { firstToCreate } from '../platform/firestore/create-once';
import { dateOf } from '../platform/firestore/firestore-dates';
import { transition, type TransitionOutcome, type TransitionWrite } from '../platform/firestore/sequenced-transition';

export interface NewJob {
  jobId: string;
  runId: string;
  recordKey: string;
  fields: Record<string, string>;
  sourceReference: string | null;
  enqueuedAt: Date;
  /** The record's place in the request that enqueued it: the order among jobs enqueued at the same time. */
  position?: number;
}

/** The write-back of a done job's link (see write-back-job-link.ts): one map field, replaced whole by each change. */
export interface StoredWriteBack {
  state: WriteBackState;
  attempts: number;
  /** The attempt writing now; only it may record the outcome. */
  claimId: string | null;
  /** After this, a writer is presumed gone and another may take over. */
  claimExpiresAt: Date | null;
  reference: string | null;
  error: string | null;
}

export interface StoredJob extends NewJob {
  state: JobState;
  /** Claims so far, the current one included. */
  attempts: number;
  failures: number;
  leaseId: string | null;
  leaseExpiresAt: Date | null;
  /** The copy of the template an attempt made: every later attempt fills it instead of copying again. */
  documentId: string | null;
  documentUrl: string | null;
  /** The fill that completed the job. */
  executionId: string | null;
  error: string | null;
  /** The lease whose failure report was the last one counted, so the same report sent again counts once. */
  failedLeaseId: string | null;
  /** The metrics the job's fill added to its run (done jobs). */
  metrics: RunMetrics | null;
  /** Set when the job ends done in a run that writes links back. */
  writeBack: StoredWriteBack | null;
  updatedAt: Date;
  sortKey: string;
}

export interface RunJobsRepository {
  /** Creates the job unless it exists (the same record enqueued again); true when this call created it. */
  enqueue(organisationId: string, job: NewJob): Promise<boolean>;
  get(organisationId: string, runId: string, jobId: string): Promise<StoredJob | undefined>;
  /** A serialised change of the job (see sequenced-transition.ts). */
  change(
    organisationId: string,
    runId: string,
    jobId: string,
    at: Date,
    decide: (job: StoredJob) => Promise<TransitionWrite | undefined> | TransitionWrite | undefined,
  ): Promise<{ changed: boolean; job: StoredJob }>;
  /** Jobs a worker may take: pending ones in the order they were enqueued, then leases that expired by `now`. */
  claimable(organisationId: string, runId: string, now: Date, limit: number): Promise<StoredJob[]>;
  /** Ids of pending jobs, oldest first (cancelling a run ends them). */
  pending(organisationId: string, runId: string, limit: number): Promise<string[]>;
  list(
    organisationId: string,
    runId: string,
    options: { state?: JobState | undefined; limit: number; after?: string | undefined },
  ): Promise<{ jobs: StoredJob[]; next?: string }>;
}

function jobOf(data: DocumentData): StoredJob {
  return {
    jobId: data.jobId,
    runId: data.runId,
    recordKey: data.recordKey,
    fields: data.fields ?? {},
    sourceReference: data.sourceReference ?? null,
    enqueuedAt: dateOf(data.enqueuedAt) ?? new Date(0),
    state: data.state,
    attempts: data.attempts ?? 0,
    failures: data.failures ?? 0,
    leaseId: data.leaseId ?? null,
    leaseExpiresAt: dateOf(data.leaseExpiresAt),
    documentId: data.documentId ?? null,
    documentUrl: data.documentUrl ?? null,
    executionId: data.executionId ?? null,
    error: data.error ?? null,
    failedLeaseId: data.failedLeaseId ?? null,
    metrics: data.metrics ?? null,
    writeBack: data.writeBack ? { ...data.writeBack, claimExpiresAt: dateOf(data.writeBack.claimExpiresAt) } : null,
    updatedAt: dateOf(data.updatedAt) ?? new Date(0),
    sortKey: data.sortKey,
  };
}

/**
 * A job is settled once it ended and has no write-back still to make: nothing changes it again but a report
 * sent again, which changes nothing (see sequenced-transition.ts for what settling lets go).
 */
function settles(after: DocumentData): boolean {
  const ended = after.state === 'done' || after.state === 'failed' || after.state === 'cancelled';
  const writeBackState = (after.writeBack as { state?: string } | null | undefined)?.state;
  return ended && writeBackState !== 'pending' && writeBackState !== 'writing';
}

/** `orgs/{orgId}/runs/{runId}/jobs/{jobId}`: one record's job, its state changes under `transitions/{n}`. */
export function createRunJobsRepository(firestore: Firestore): RunJobsRepository {
  const jobs = (organisationId: string, runId: string) =>
    firestore.collection('orgs').doc(organisationId).collection('runs').doc(runId).collection('jobs');
  return {
    async enqueue(organisationId, job) {
      const stored: Omit<StoredJob, 'sortKey'> & { sortKey: string; sequence: number } = {
        ...job,
        state: 'pending',
        attempts: 0,
        failures: 0,
        leaseId: null,
        leaseExpiresAt: null,
        documentId: null,
        documentUrl: null,
        executionId: null,
        error: null,
        failedLeaseId: null,
        metrics: null,
        writeBack: null,
        updatedAt: job.enqueuedAt,
        // Jobs are handed out and listed in the order they came, without cursors (the emulator ignores them).
        sortKey: `${job.enqueuedAt.toISOString()}|${String(job.position ?? 0).padStart(6, '0')}|${job.jobId}`,
        sequence: 0,
      };
      // Create, never set: the same record enqueued twice (or by twenty callers at once) is one job.
      return firstToCreate(() => jobs(organisationId, job.runId).doc(job.jobId).create(stored));
    },
    async get(organisationId, runId, jobId) {
      const snapshot = await jobs(organisationId, runId).doc(jobId).get();
      return snapshot.exists ? jobOf(snapshot.data() as DocumentData) : undefined;
    },
    async change(organisationId, runId, jobId, at, decide) {
      const outcome: TransitionOutcome = await transition(firestore, jobs(organisationId, runId).doc(jobId), at, async (data) => {
        const write = await decide(jobOf(data));
        return write && { ...write, update: { ...write.update, updatedAt: at }, settles: settles({ ...data, ...write.update }) };
      });
      return { changed: outcome.changed, job: jobOf(outcome.changed ? outcome.after : outcome.before) };
    },
    async claimable(organisationId, runId, now, limit) {
      const collection = jobs(organisationId, runId);
      const [pending, expired] = await Promise.all([
        collection.where('state', '==', 'pending').orderBy('sortKey').limit(limit).get(),
        collection.where('state', '==', 'leased').where('leaseExpiresAt', '<=', now).limit(limit).get(),
      ]);
      return [...pending.docs, ...expired.docs].map((document) => jobOf(document.data()));
    },
    async pending(organisationId, runId, limit) {
      const snapshot = await jobs(organisationId, runId).where('state', '==', 'pending').orderBy('sortKey').limit(limit).get();
      return snapshot.docs.map((document) => document.id);
    },
    async list(organisationId, runId, options) {
      let query: FirebaseFirestore.Query = jobs(organisationId, runId);
      if (options.state) query = query.where('state', '==', options.state);
      query = query.orderBy('sortKey');
      if (options.after) query = query.where('sortKey', '>', options.after);
      const snapshot = await query.limit(options.limit + 1).get();
      const page = snapshot.docs.slice(0, options.limit).map((document) => jobOf(document.data()));
      const last = page.at(-1);
      return snapshot.docs.length > options.limit && last ? { jobs: page, next: last.sortKey } : { jobs: page };
    },
  };
}

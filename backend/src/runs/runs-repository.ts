import { FieldValue, type DocumentData, type Firestore, type WriteBatch } from 'firebase-admin/firestore';
import type { RunMetrics, RunSource, RunStatus } from '../../../contracts/runs';
import { dateOf } from '../platform/firestore/firestore-dates';
import { transition, type TransitionOutcome, type TransitionWrite } from '../platform/firestore/sequenced-transition';

export interface NewRun {
  runId: string;
  name: string;
  templateDocumentId: string;
  source: RunSource;
  fieldMapping: Record<string, string>;
  outputFolderId: string;
  namePattern: string;
  maxAttempts: number;
  createdBy: { userId: string; email: string };
  createdAt: Date;
}

export interface StoredRun extends NewRun {
  status: RunStatus;
  updatedAt: Date;
  /** Jobs ended done or failed for good; counted in the batch that ends each job. */
  done: number;
  failed: number;
  metrics: RunMetrics;
  sortKey: string;
}

/** How many of a run's jobs are in each state that no counter follows (counted when asked). */
export interface RunJobCounts {
  remaining: number;
  inFlight: number;
  cancelled: number;
}

/** What one ended job (or one reported fill) adds to its run. */
export interface RunOutcome {
  done?: number;
  failed?: number;
  metrics?: RunMetrics | undefined;
}

export const emptyRunMetrics: RunMetrics = {
  tags: 0,
  succeeded: 0,
  failed: 0,
  fellBack: 0,
  cached: 0,
  inputTokens: 0,
  outputTokens: 0,
  costNanoDollars: 0,
  durationMs: 0,
};

export interface RunsRepository {
  create(organisationId: string, run: NewRun): Promise<StoredRun>;
  get(organisationId: string, runId: string): Promise<StoredRun | undefined>;
  /** Newest first; one person's when `userId` is given. */
  list(
    organisationId: string,
    options: { userId?: string | undefined; status?: RunStatus | undefined; limit: number; after?: string | undefined },
  ): Promise<{ runs: StoredRun[]; next?: string }>;
  /** Changes the run's status through a serialised transition (see sequenced-transition.ts). */
  changeStatus(
    organisationId: string,
    runId: string,
    at: Date,
    decide: (run: StoredRun) => TransitionWrite | undefined,
  ): Promise<{ changed: boolean; run: StoredRun }>;
  counts(organisationId: string, runId: string): Promise<RunJobCounts>;
  /** Adds an outcome to the run in `batch`, which ends the job it comes from. */
  addOutcome(batch: WriteBatch, organisationId: string, runId: string, outcome: RunOutcome, at: Date): void;
}

/**
 * Each metric is a top-level field (`metricsTags`, `metricsCostNanoDollars`, …): the embedded emulator cannot
 * increment a nested field.
 */
const metricField = (name: string) => `metrics${name.charAt(0).toUpperCase()}${name.slice(1)}`;
const metricNames = Object.keys(emptyRunMetrics) as (keyof RunMetrics)[];

function metricsOf(data: DocumentData): RunMetrics {
  return Object.fromEntries(metricNames.map((name) => [name, Number(data[metricField(name)] ?? 0)])) as unknown as RunMetrics;
}

function runOf(data: DocumentData): StoredRun {
  return {
    runId: data.runId,
    name: data.name,
    templateDocumentId: data.templateDocumentId,
    source: data.source,
    fieldMapping: data.fieldMapping ?? {},
    outputFolderId: data.outputFolderId,
    namePattern: data.namePattern,
    maxAttempts: data.maxAttempts,
    createdBy: data.createdBy,
    createdAt: dateOf(data.createdAt) ?? new Date(0),
    updatedAt: dateOf(data.updatedAt) ?? new Date(0),
    status: data.status,
    done: data.done ?? 0,
    failed: data.failed ?? 0,
    metrics: metricsOf(data),
    sortKey: data.sortKey,
  };
}

/** `orgs/{orgId}/runs/{runId}`: the run, its counters and rolled-up metrics; its jobs under `jobs/`. */
export function createRunsRepository(firestore: Firestore): RunsRepository {
  const runs = (organisationId: string) => firestore.collection('orgs').doc(organisationId).collection('runs');
  return {
    async create(organisationId, run) {
      const stored: StoredRun = {
        ...run,
        status: 'active',
        updatedAt: run.createdAt,
        done: 0,
        failed: 0,
        metrics: emptyRunMetrics,
        // Keyset pagination (newest first) without cursors, which the emulator ignores.
        sortKey: `${run.createdAt.toISOString()}|${run.runId}`,
      };
      const { metrics, ...fields } = stored;
      const metricFields = Object.fromEntries(metricNames.map((name) => [metricField(name), metrics[name]]));
      await runs(organisationId)
        .doc(run.runId)
        .create({ ...fields, ...metricFields, createdByUserId: run.createdBy.userId, sequence: 0 });
      return stored;
    },
    async get(organisationId, runId) {
      const snapshot = await runs(organisationId).doc(runId).get();
      return snapshot.exists ? runOf(snapshot.data() as DocumentData) : undefined;
    },
    async list(organisationId, options) {
      let query: FirebaseFirestore.Query = runs(organisationId);
      if (options.userId) query = query.where('createdByUserId', '==', options.userId);
      if (options.status) query = query.where('status', '==', options.status);
      query = query.orderBy('sortKey', 'desc');
      if (options.after) query = query.where('sortKey', '<', options.after);
      const snapshot = await query.limit(options.limit + 1).get();
      const page = snapshot.docs.slice(0, options.limit).map((document) => runOf(document.data()));
      const last = page.at(-1);
      return snapshot.docs.length > options.limit && last ? { runs: page, next: last.sortKey } : { runs: page };
    },
    async changeStatus(organisationId, runId, at, decide) {
      const outcome: TransitionOutcome = await transition(firestore, runs(organisationId).doc(runId), at, (data) => {
        const write = decide(runOf(data));
        // A cancelled run is never active again (change-run-status.ts).
        return write && { ...write, update: { ...write.update, updatedAt: at }, settles: write.update.status === 'cancelled' };
      });
      return { changed: outcome.changed, run: runOf(outcome.changed ? outcome.after : outcome.before) };
    },
    async counts(organisationId, runId) {
      const jobs = runs(organisationId).doc(runId).collection('jobs');
      const count = async (query: FirebaseFirestore.Query) => (await query.count().get()).data().count;
      // The total is not counted: every job is done, failed (both counted as they end), cancelled or remaining.
      const [remaining, inFlight, cancelled] = await Promise.all([
        count(jobs.where('state', 'in', ['pending', 'leased'])),
        count(jobs.where('state', '==', 'leased')),
        count(jobs.where('state', '==', 'cancelled')),
      ]);
      return { remaining, inFlight, cancelled };
    },
    addOutcome(batch, organisationId, runId, outcome, at) {
      const increments: Record<string, unknown> = { updatedAt: at };
      if (outcome.done) increments.done = FieldValue.increment(outcome.done);
      if (outcome.failed) increments.failed = FieldValue.increment(outcome.failed);
      for (const [name, value] of Object.entries(outcome.metrics ?? {})) {
        if (value !== 0) increments[metricField(name)] = FieldValue.increment(value);
      }
      batch.update(runs(organisationId).doc(runId), increments);
    },
  };
}

import { randomUUID } from 'node:crypto';
import { FieldValue, type Firestore } from 'firebase-admin/firestore';
import { firstToCreate } from '../platform/firestore/create-once';
import { GroupCommitter, type GroupWrite } from '../platform/firestore/group-commit';
import { isAlreadyExists } from '../platform/firestore/firestore-errors';
import { fillOutputExpiryDocument } from './fill-output-expiries-repository';
import type { OutputFormat } from '../../../contracts/common';
import type { FillResult } from './fill-result';

export interface ExecutionRecord {
  organisationId: string;
  userId: string;
  userEmail: string;
  documentId: string;
  documentName?: string | undefined;
  templateId?: string | undefined;
  templateVersion?: number | undefined;
  regenerateOf?: string | undefined;
  startedAt: Date;
  fill: FillResult;
}

export type StoredExecution = Record<string, unknown> & { fillId: string; userId: string };

/** What a tag's result holds beyond its metrics: kept apart from the execution document (see record). */
export interface StoredTagOutput {
  text: string;
  /** How the add-on writes the text; absent in outputs recorded before it was kept. */
  outputFormat?: OutputFormat | undefined;
  errorMessage: string | null;
  warnings: string[];
  cachedInputTokens: number;
}

export interface ExecutionsRepository {
  /** Marks a fill id as taken (status running), with the names of its tags; false when it already was. */
  claim(organisationId: string, fillId: string, claim: { userId: string; startedAt: Date; tags?: string[] | undefined }): Promise<boolean>;
  /**
   * Stores the execution (over its claim), its texts with their `expireAt` and their `fillOutputExpiries` entry
   * and, for a fill of a template, counts one more use of it, in one batch.
   */
  record(execution: ExecutionRecord): Promise<void>;
  get(organisationId: string, fillId: string): Promise<StoredExecution | undefined>;
  /**
   * Each tag's text, error message and warnings, by tag name, so a poll on any instance can answer the whole
   * result. Texts past their retention are left out even before they are deleted (Firestore's TTL is lazy).
   */
  getOutputs(organisationId: string, fillId: string): Promise<Record<string, StoredTagOutput>>;
  /** Newest first; one user's when `userId` is given. */
  list(
    organisationId: string,
    options: { userId?: string | undefined; limit: number; after?: string | undefined },
  ): Promise<{ executions: StoredExecution[]; next?: string }>;
  /** A running fill's per-tag progress and the time its instance was last seen alive, onto its claim. */
  report(
    organisationId: string,
    fillId: string,
    progress: { finished: number; tags: Record<string, string>; heartbeatAt: Date },
  ): Promise<void>;
  /**
   * Records a claim whose instance stopped as aborted (interrupted), if it is still `running` and was last seen
   * alive before `silentSince`; answers whether it did. In a transaction, so a fill recorded meanwhile stays as recorded.
   */
  markInterrupted(organisationId: string, fillId: string, silentSince: Date, abort: { code: string; message: string }): Promise<boolean>;
  /**
   * One refinement of a tag (a paid rewrite with an instruction) under its fill, `refinements/{refinementId}`:
   * who, when, the instruction and what it cost. Not its text, which the sidebar keeps with the earlier versions.
   */
  recordRefinement(organisationId: string, fillId: string, refinement: RefinementRecord): Promise<void>;
}

export interface RefinementRecord {
  refinementId: string;
  tag: string;
  instruction: string;
  userId: string;
  at: Date;
  provider: string;
  model: string;
  requestedModel: string;
  inputTokens: number;
  outputTokens: number;
  cost: number;
}

/** The execution document's fields, but its sortKey. */
function executionFields(execution: ExecutionRecord) {
  const { fill } = execution;
  return {
    fillId: fill.fillId,
    userId: execution.userId,
    userEmail: execution.userEmail,
    documentId: execution.documentId,
    documentName: execution.documentName ?? null,
    templateId: execution.templateId ?? null,
    templateVersion: execution.templateVersion ?? null,
    regenerateOf: execution.regenerateOf ?? null,
    startedAt: execution.startedAt,
    status: fill.status,
    abortCode: fill.abort?.code ?? null,
    abortMessage: fill.abort?.message ?? null,
    totals: fill.totals,
    // Generated text stays out of this document, which lists and analytics read: it lives in `outputs`.
    tags: fill.results.map((result) => ({
      tag: result.tag,
      status: result.status,
      provider: result.provider ?? null,
      model: result.model ?? null,
      requestedModel: result.requestedModel ?? null,
      cached: result.cached ?? false,
      lastGoodAnswer: result.lastGoodAnswer ?? null,
      inputTokens: result.usage?.inputTokens ?? 0,
      outputTokens: result.usage?.outputTokens ?? 0,
      cost: result.cost ?? null,
      durationMs: result.durationMs,
      errorCode: result.error?.code ?? null,
      fingerprint: result.fingerprint ?? null,
    })),
  };
}

/** What `get` answers for this execution once recorded, without reading it back. */
export function storedExecutionOf(execution: ExecutionRecord): StoredExecution {
  return { ...executionFields(execution), startedAt: execution.startedAt.toISOString() };
}

/** What `getOutputs` answers for this fill once recorded, without reading it back. */
export function tagOutputsOf(fill: FillResult): Record<string, StoredTagOutput> {
  return Object.fromEntries(
    fill.results.map((result): [string, StoredTagOutput] => [
      result.tag,
      {
        text: result.text,
        outputFormat: result.outputFormat,
        errorMessage: result.error?.message ?? null,
        warnings: result.warnings,
        cachedInputTokens: result.usage?.cachedInputTokens ?? 0,
      },
    ]),
  );
}

/** When the instance running a claimed fill was last heard of: its last heartbeat, else the fill's start. */
function lastSeenAt(data: FirebaseFirestore.DocumentData): number {
  const heartbeat: unknown = data.heartbeatAt?.toMillis?.();
  if (typeof heartbeat === 'number') return heartbeat;
  const started: unknown = data.startedAt?.toMillis?.();
  return typeof started === 'number' ? started : 0;
}

function toExecution(data: FirebaseFirestore.DocumentData): StoredExecution {
  const { sortKey: _sortKey, progress, finished, heartbeatAt, interruptedAt, ...rest } = data;
  const execution = {
    ...rest,
    startedAt: data.startedAt?.toDate?.().toISOString() ?? null,
    ...(interruptedAt ? { interruptedAt: interruptedAt.toDate().toISOString() } : {}),
  };
  // A claim's progress means nothing once the fill is recorded (the emulator keeps a replaced document's
  // fields, and a last progress write may land after the record).
  if (data.status !== 'running') return execution as unknown as StoredExecution;
  return { ...execution, progress, finished, heartbeatAt: heartbeatAt?.toDate?.().toISOString() } as unknown as StoredExecution;
}

export interface ExecutionsRepositoryOptions {
  /** How long generated texts are kept after the fill is recorded (FILL_OUTPUT_RETENTION_HOURS). */
  outputRetentionMs: number;
  /** Shares commits between concurrent fills; by default the repository's own. */
  committer?: GroupCommitter | undefined;
  now?: (() => number) | undefined;
}

function isExpired(data: FirebaseFirestore.DocumentData, at: number): boolean {
  // Outputs recorded before texts expired have no expireAt: they are kept as they were.
  const expireAt: unknown = data.expireAt?.toMillis?.();
  return typeof expireAt === 'number' && expireAt <= at;
}

/**
 * `orgs/{orgId}/executions/{fillId}`: one document per fill with its metrics and per-tag details; its
 * generated texts under `outputs/` expire, listed in `fillOutputExpiries` for the sweep that deletes them.
 */
export function createExecutionsRepository(firestore: Firestore, options: ExecutionsRepositoryOptions): ExecutionsRepository {
  const now = options.now ?? Date.now;
  const committer = options.committer ?? new GroupCommitter(firestore);
  const executions = (organisationId: string) => firestore.collection('orgs').doc(organisationId).collection('executions');
  /** A fill's texts, one document per tag with their `expireAt`, and the entry that gets them deleted. */
  const textWrites = (execution: ExecutionRecord): GroupWrite[] => {
    const { fill } = execution;
    // Generated text is the user's document content: kept long enough for any poll, then deleted.
    const expireAt = new Date(now() + options.outputRetentionMs);
    const outputs = Object.entries(tagOutputsOf(fill));
    // One document per tag: a fill's texts together could pass Firestore's 1 MiB document limit. Kept so a
    // poll that reaches another instance, or comes after the request was cut, still gets the texts to write.
    const writes: GroupWrite[] = outputs.map(([tag, output]) => ({
      kind: 'set',
      reference: executions(execution.organisationId).doc(fill.fillId).collection('outputs').doc(tag),
      data: { ...output, expireAt },
    }));
    // In the same commit, so no output is ever stored without the entry that gets it deleted.
    writes.push({
      kind: 'set',
      reference: fillOutputExpiryDocument(firestore, execution.organisationId, fill.fillId),
      data: { organisationId: execution.organisationId, fillId: fill.fillId, tags: outputs.map(([tag]) => tag), expireAt },
    });
    return writes;
  };
  /** Created once when a fill ends, recorded by its instance or as interrupted by another: whoever creates it wins. */
  const endingOf = (organisationId: string, fillId: string) => executions(organisationId).doc(fillId).collection('ending').doc('once');
  return {
    async record(execution) {
      const { fill } = execution;
      const ending = endingOf(execution.organisationId, fill.fillId);
      // Names this recording in its ending: committed in a group with other fills, the ending can land while the
      // group fails (see group-commit.ts), and this record must then know the ending as its own.
      const recordedBy = randomUUID();
      const rest: GroupWrite[] = [
        {
          kind: 'set',
          reference: executions(execution.organisationId).doc(fill.fillId),
          data: {
            ...executionFields(execution),
            // Keyset pagination (newest first) without cursors, which the emulator ignores.
            sortKey: `${execution.startedAt.toISOString()}|${fill.fillId}`,
          },
        },
        ...textWrites(execution),
      ];
      if (execution.templateId && fill.status === 'completed') {
        rest.push({
          kind: 'set',
          reference: firestore.doc(`orgs/${execution.organisationId}/templates/${execution.templateId}`),
          data: { usageCount: FieldValue.increment(1), lastUsedAt: execution.startedAt },
          merge: true,
        });
      }
      // The ending is created first, so a fill another instance already recorded as interrupted is not recorded
      // again (see markInterrupted).
      const endingWrite: GroupWrite = {
        kind: 'create',
        reference: ending,
        data: { endedAs: fill.status, at: new Date(now()), recordedBy },
      };
      try {
        await committer.commit([endingWrite, ...rest]);
      } catch (error) {
        if (!isAlreadyExists(error)) throw error;
        if ((await ending.get()).get('recordedBy') === recordedBy) {
          // Our own ending, left by a shared commit that failed for another fill: the rest goes on its own.
          await committer.commit(rest);
          return;
        }
        // Another instance recorded this fill as interrupted while it was still running here: it stays so, as the
        // user was told, but its texts and per-tag results are kept, so filling again with resumeOf keeps them.
        await committer.commit([
          ...textWrites(execution),
          {
            kind: 'update',
            reference: executions(execution.organisationId).doc(fill.fillId),
            data: { tags: executionFields(execution).tags, totals: fill.totals },
          },
        ]);
        throw error;
      }
    },
    async claim(organisationId, fillId, claim) {
      return firstToCreate(() =>
        executions(organisationId)
          .doc(fillId)
          .create({
            fillId,
            userId: claim.userId,
            startedAt: claim.startedAt,
            status: 'running',
            tagNames: claim.tags ?? [],
            sortKey: `${claim.startedAt.toISOString()}|${fillId}`,
          }),
      );
    },
    async recordRefinement(organisationId, fillId, refinement) {
      await executions(organisationId).doc(fillId).collection('refinements').doc(refinement.refinementId).create(refinement);
    },
    async get(organisationId, fillId) {
      const snapshot = await executions(organisationId).doc(fillId).get();
      return snapshot.exists ? toExecution(snapshot.data() as FirebaseFirestore.DocumentData) : undefined;
    },
    async getOutputs(organisationId, fillId) {
      const snapshot = await executions(organisationId).doc(fillId).collection('outputs').get();
      const at = now();
      return Object.fromEntries(
        snapshot.docs
          .filter((document) => !isExpired(document.data(), at))
          .map((document) => {
            const { expireAt: _expireAt, ...output } = document.data();
            return [document.id, output as StoredTagOutput];
          }),
      );
    },
    async list(organisationId, options) {
      let query: FirebaseFirestore.Query = executions(organisationId);
      if (options.userId) query = query.where('userId', '==', options.userId);
      query = query.orderBy('sortKey', 'desc');
      if (options.after) query = query.where('sortKey', '<', options.after);
      const snapshot = await query.limit(options.limit + 1).get();
      const page = snapshot.docs.slice(0, options.limit);
      const last = page.at(-1);
      const result = { executions: page.map((document) => toExecution(document.data())) };
      return snapshot.docs.length > options.limit && last ? { ...result, next: String(last.get('sortKey')) } : result;
    },
    async report(organisationId, fillId, progress) {
      // `update`, not `set`: progress never creates an execution, nor outlives one the sweep deleted.
      await executions(organisationId)
        .doc(fillId)
        .update({ progress: progress.tags, finished: progress.finished, heartbeatAt: progress.heartbeatAt });
    },
    async markInterrupted(organisationId, fillId, silentSince, abort) {
      const reference = executions(organisationId).doc(fillId);
      const snapshot = await reference.get();
      if (!snapshot.exists || snapshot.get('status') !== 'running') return false;
      if (lastSeenAt(snapshot.data() as FirebaseFirestore.DocumentData) >= silentSince.getTime()) return false;
      // Not a transaction (the emulator's do not isolate; FACTS.md): the `ending` document is created first in
      // the batch, so of this and the running instance's own record exactly one lands, whichever comes first.
      const batch = firestore.batch();
      batch.create(endingOf(organisationId, fillId), { endedAs: 'interrupted', at: new Date(now()) });
      batch.update(reference, { status: 'aborted', abortCode: abort.code, abortMessage: abort.message, interruptedAt: new Date(now()) });
      return firstToCreate(() => batch.commit());
    },
  };
}

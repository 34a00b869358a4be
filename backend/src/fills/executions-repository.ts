import type { Firestore } from 'firebase-admin/firestore';
import type { FillResult } from './fill-result';

export interface ExecutionRecord {
  organisationId: string;
  userId: string;
  userEmail: string;
  documentId: string;
  documentName?: string | undefined;
  startedAt: Date;
  fill: FillResult;
}

export interface ExecutionsRepository {
  record(execution: ExecutionRecord): Promise<void>;
  get(organisationId: string, fillId: string): Promise<Record<string, unknown> | undefined>;
}

/** `orgs/{orgId}/executions/{fillId}`: one document per fill with its metrics and per-tag details. */
export function createExecutionsRepository(firestore: Firestore): ExecutionsRepository {
  const executions = (organisationId: string) => firestore.collection('orgs').doc(organisationId).collection('executions');
  return {
    async record(execution) {
      const { fill } = execution;
      await executions(execution.organisationId)
        .doc(fill.fillId)
        .create({
          userId: execution.userId,
          userEmail: execution.userEmail,
          documentId: execution.documentId,
          documentName: execution.documentName ?? null,
          startedAt: execution.startedAt,
          status: fill.status,
          abortCode: fill.abort?.code ?? null,
          totals: fill.totals,
          // Generated text stays out of the record: it belongs to the document, and usage analytics do not need it.
          tags: fill.results.map((result) => ({
            tag: result.tag,
            status: result.status,
            provider: result.provider ?? null,
            model: result.model ?? null,
            inputTokens: result.usage?.inputTokens ?? 0,
            outputTokens: result.usage?.outputTokens ?? 0,
            cost: result.cost ?? null,
            durationMs: result.durationMs,
            errorCode: result.error?.code ?? null,
          })),
        });
    },
    async get(organisationId, fillId) {
      const snapshot = await executions(organisationId).doc(fillId).get();
      return snapshot.exists ? (snapshot.data() as Record<string, unknown>) : undefined;
    },
  };
}

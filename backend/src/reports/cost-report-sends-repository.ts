import { createHash } from 'node:crypto';
import type { Firestore } from 'firebase-admin/firestore';
import type { CostReportKind } from '../../../contracts/reports';
import { firstToCreate } from '../platform/firestore/create-once';

export interface CostReportSendKey {
  organisationId: string;
  userId: string;
  kind: CostReportKind;
  /** The period's first day, YYYY-MM-DD, or a manual send's own id. */
  periodKey: string;
}

export interface CostReportSendsRepository {
  /** True for exactly one caller per key, however many instances race: the marker is created first. */
  claim(key: CostReportSendKey, at: Date): Promise<boolean>;
  recordOutcome(key: CostReportSendKey, outcome: { status: 'sent' | 'failed'; detail: string | null; at: Date }): Promise<void>;
}

/**
 * `costReportSends/{sha256(orgId|userId|kind|periodKey)}`: created before the e-mail is sent, so two instances
 * never both send one admin the same period's report (at most once; a failed send is recorded, not retried).
 */
export function createCostReportSendsRepository(firestore: Firestore): CostReportSendsRepository {
  // A hash of the key's parts: a user id may hold characters a document id cannot, such as "/".
  const document = (key: CostReportSendKey) =>
    firestore
      .collection('costReportSends')
      .doc(createHash('sha256').update(`${key.organisationId}|${key.userId}|${key.kind}|${key.periodKey}`).digest('base64url'));
  return {
    claim: (key, at) => firstToCreate(() => document(key).create({ ...key, claimedAt: at, status: 'sending', detail: null })),
    async recordOutcome(key, outcome) {
      await document(key).update({ status: outcome.status, detail: outcome.detail, finishedAt: outcome.at });
    },
  };
}

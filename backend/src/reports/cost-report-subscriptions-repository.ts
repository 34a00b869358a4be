import { createHash } from 'node:crypto';
import type { Firestore } from 'firebase-admin/firestore';
import type { CostReportKind } from '../../../contracts/reports';

/** One admin's opt-in to the cost reports. */
export interface CostReportSubscription {
  organisationId: string;
  userId: string;
  daily: boolean;
  weekly: boolean;
  updatedAt: Date;
}

export interface CostReportSubscriptionsRepository {
  get(organisationId: string, userId: string): Promise<CostReportSubscription | undefined>;
  put(subscription: CostReportSubscription): Promise<void>;
  /** Every subscription to one kind, across organisations (the scheduler's work list). */
  subscribedTo(kind: CostReportKind): Promise<CostReportSubscription[]>;
}

function toSubscription(data: FirebaseFirestore.DocumentData): CostReportSubscription {
  return {
    organisationId: String(data.organisationId),
    userId: String(data.userId),
    daily: data.daily === true,
    weekly: data.weekly === true,
    updatedAt: data.updatedAt.toDate(),
  };
}

/**
 * `costReportSubscriptions/{sha256(orgId|userId)}`: top-level, so one query per kind finds every subscriber of every
 * organisation (the embedded emulator answers collection-group queries with nothing).
 */
export function createCostReportSubscriptionsRepository(firestore: Firestore): CostReportSubscriptionsRepository {
  const collection = firestore.collection('costReportSubscriptions');
  // A hash: a user id (a token's `sub`) may hold characters a document id cannot, such as "/".
  const document = (organisationId: string, userId: string) =>
    collection.doc(createHash('sha256').update(`${organisationId}|${userId}`).digest('base64url'));
  return {
    async get(organisationId, userId) {
      const snapshot = await document(organisationId, userId).get();
      return snapshot.exists ? toSubscription(snapshot.data() as FirebaseFirestore.DocumentData) : undefined;
    },
    async put(subscription) {
      await document(subscription.organisationId, subscription.userId).set(subscription);
    },
    async subscribedTo(kind) {
      const snapshot = await collection.where(kind, '==', true).limit(10_000).get();
      return snapshot.docs.map((entry) => toSubscription(entry.data()));
    },
  };
}

import { FieldValue, type Firestore } from 'firebase-admin/firestore';
import type { SealedSecret } from '../keys/envelope-encryption';
import { dateOf } from '../platform/firestore/firestore-dates';
import { createIfAbsent, firstToCreate } from '../platform/firestore/create-once';
import { isNotFound } from '../platform/firestore/firestore-errors';
import type { ChannelResult } from './alert-notifier';

/** Budget crossings keep their own collection; error spikes go to `alerts`. */
export type AlertCollection = 'budgetAlerts' | 'alerts';

export interface AlertReference {
  organisationId: string;
  collection: AlertCollection;
  id: string;
}

export interface StoredAlert {
  reference: AlertReference;
  /** The fields the alert was raised with (budget: scope, period, level, used and limit; spike: window and counts). */
  content: Record<string, unknown>;
  raisedAt: Date | null;
  delivered: boolean;
  deliveredAt: Date | null;
  /** Delivery attempts that finished (or were given up after an instance stopped mid-way). */
  attempts: number;
  channels: ChannelResult[];
  deliveryError: string | null;
  undeliverable: string | null;
}

export interface DeliveryOutcome {
  attempt: number;
  channels: ChannelResult[];
  delivered: boolean;
  deliveryError: string | null;
  undeliverable: string | null;
  at: Date;
  /** When to try the failed channels again; undefined when this was the last attempt. */
  retryAt: Date | undefined;
}

export interface StoredGoogleChatChannel {
  /** Bound into the encryption with the organisation, so a copied record does not open elsewhere. */
  recordId: string;
  sealedWebhook: SealedSecret;
  fingerprint: string;
  configuredAt: Date;
  configuredBy: string;
}

export interface AlertsRepository {
  /** Creates the alert and its outbox entry together, once; false when the alert already existed. */
  raise(reference: AlertReference, content: Record<string, unknown>, firstRetryAt: Date): Promise<boolean>;
  get(reference: AlertReference): Promise<StoredAlert | undefined>;
  /**
   * Claims delivery attempt `attempt` with a create-once marker: the emulator has no transactions, and a
   * create is the one write it refuses to repeat, so of racing instances exactly one sends. Answers when
   * the existing claim was made if another instance has it.
   */
  claim(reference: AlertReference, attempt: number, at: Date): Promise<{ claimed: true } | { claimed: false; claimedAt: Date | null }>;
  /** Records the attempt and, in the same batch, reschedules the outbox entry (retryAt) or removes it. */
  recordOutcome(reference: AlertReference, outcome: DeliveryOutcome): Promise<void>;
  /** Drops the outbox entry of an alert that needs no more delivery (already delivered, or gone). */
  removeFromOutbox(reference: AlertReference): Promise<void>;
  /** An instance stopped after claiming `attempt` without recording it: count it as done so the next can be claimed. */
  abandonAttempt(reference: AlertReference, attempt: number): Promise<void>;
  /** Outbox entries due for a (re)try, across organisations. */
  due(at: Date, limit: number): Promise<AlertReference[]>;
  listRecent(organisationId: string, limit: number): Promise<StoredAlert[]>;
  getGoogleChat(organisationId: string): Promise<StoredGoogleChatChannel | undefined>;
  putGoogleChat(organisationId: string, channel: StoredGoogleChatChannel): Promise<void>;
  deleteGoogleChat(organisationId: string): Promise<void>;
  /** Replaces only the sealed webhook (a key-encryption-key rotation); false when the channel was removed meanwhile. */
  updateGoogleChatSeal(organisationId: string, sealedWebhook: SealedSecret): Promise<boolean>;
  /** Visits every organisation's Google Chat channel (key-encryption-key rotation); answers how many were visited. */
  forEachGoogleChatAcrossOrganisations(visit: (organisationId: string, channel: StoredGoogleChatChannel) => Promise<void>): Promise<number>;
}

const deliveryFields = new Set([
  'delivered',
  'deliveredAt',
  'attempts',
  'channels',
  'deliveryError',
  'undeliverable',
  'raisedAt',
  'lastAttemptAt',
]);

function toAlert(reference: AlertReference, data: FirebaseFirestore.DocumentData): StoredAlert {
  return {
    reference,
    content: Object.fromEntries(Object.entries(data).filter(([name]) => !deliveryFields.has(name))),
    raisedAt: dateOf(data.raisedAt),
    delivered: data.delivered === true,
    deliveredAt: dateOf(data.deliveredAt),
    attempts: typeof data.attempts === 'number' ? data.attempts : 0,
    channels: Array.isArray(data.channels) ? (data.channels as ChannelResult[]) : [],
    deliveryError: typeof data.deliveryError === 'string' ? data.deliveryError : null,
    undeliverable: typeof data.undeliverable === 'string' ? data.undeliverable : null,
  };
}

/**
 * orgs/{orgId}/budgetAlerts/{id} and orgs/{orgId}/alerts/{id}: one document per alert, created once, with its
 * delivery status; …/deliveryClaims/{attempt} markers; orgs/{orgId}/alertChannels/googleChat (the sealed
 * webhook); and alertOutbox/{orgId~collection~id}, the alerts not yet finally delivered, which the periodic
 * sweep reads without walking every organisation (the emulator answers collection-group queries with nothing).
 */
export function createAlertsRepository(firestore: Firestore): AlertsRepository {
  const alertDocument = (reference: AlertReference) =>
    firestore.doc(`orgs/${reference.organisationId}/${reference.collection}/${reference.id}`);
  const outboxDocument = (reference: AlertReference) =>
    firestore.collection('alertOutbox').doc(`${reference.organisationId}~${reference.collection}~${reference.id}`);
  const googleChatDocument = (organisationId: string) => firestore.doc(`orgs/${organisationId}/alertChannels/googleChat`);
  const getGoogleChat = async (organisationId: string): Promise<StoredGoogleChatChannel | undefined> => {
    const snapshot = await googleChatDocument(organisationId).get();
    if (!snapshot.exists) return undefined;
    const data = snapshot.data() as FirebaseFirestore.DocumentData;
    return {
      recordId: String(data.recordId),
      sealedWebhook: data.sealedWebhook as SealedSecret,
      fingerprint: String(data.fingerprint),
      configuredAt: dateOf(data.configuredAt) ?? new Date(0),
      configuredBy: String(data.configuredBy ?? ''),
    };
  };

  return {
    async raise(reference, content, firstRetryAt) {
      const batch = firestore.batch();
      batch.create(alertDocument(reference), { ...content, raisedAt: FieldValue.serverTimestamp(), delivered: false, attempts: 0 });
      batch.create(outboxDocument(reference), { ...reference, retryAt: firstRetryAt });
      return firstToCreate(() => batch.commit());
    },
    async get(reference) {
      const snapshot = await alertDocument(reference).get();
      return snapshot.exists ? toAlert(reference, snapshot.data() as FirebaseFirestore.DocumentData) : undefined;
    },
    async claim(reference, attempt, at) {
      const marker = await createIfAbsent(alertDocument(reference).collection('deliveryClaims').doc(String(attempt)), {
        attempt,
        claimedAt: at,
      });
      return marker.created ? { claimed: true } : { claimed: false, claimedAt: dateOf(marker.stored.claimedAt) };
    },
    async recordOutcome(reference, outcome) {
      // One batch: an outcome recorded without its outbox change would leave the entry to be swept for ever.
      const batch = firestore.batch();
      batch.update(alertDocument(reference), {
        delivered: outcome.delivered,
        deliveredAt: outcome.delivered ? outcome.at : null,
        attempts: outcome.attempt,
        lastAttemptAt: outcome.at,
        channels: outcome.channels.map((result) => ({
          channel: result.channel,
          status: result.status,
          ...(result.detail ? { detail: result.detail } : {}),
        })),
        deliveryError: outcome.deliveryError,
        undeliverable: outcome.undeliverable,
      });
      if (outcome.retryAt) batch.set(outboxDocument(reference), { ...reference, retryAt: outcome.retryAt });
      else batch.delete(outboxDocument(reference));
      await batch.commit();
    },
    async removeFromOutbox(reference) {
      await outboxDocument(reference).delete();
    },
    async abandonAttempt(reference, attempt) {
      // A plain set of the same value by every instance that notices: idempotent, unlike an increment.
      await alertDocument(reference).update({
        attempts: attempt,
        deliveryError: 'an instance stopped while sending this alert; it is retried',
      });
    },
    async due(at, limit) {
      const snapshot = await firestore.collection('alertOutbox').where('retryAt', '<=', at).orderBy('retryAt').limit(limit).get();
      return snapshot.docs.map((document) => ({
        organisationId: String(document.get('organisationId')),
        collection: document.get('collection') === 'alerts' ? 'alerts' : 'budgetAlerts',
        id: String(document.get('id')),
      }));
    },
    async listRecent(organisationId, limit) {
      const lists = await Promise.all(
        (['budgetAlerts', 'alerts'] as const).map(async (collection) => {
          const snapshot = await firestore
            .collection(`orgs/${organisationId}/${collection}`)
            .orderBy('raisedAt', 'desc')
            .limit(limit)
            .get();
          return snapshot.docs.map((document) => toAlert({ organisationId, collection, id: document.id }, document.data()));
        }),
      );
      return lists
        .flat()
        .sort((a, b) => (b.raisedAt?.getTime() ?? 0) - (a.raisedAt?.getTime() ?? 0))
        .slice(0, limit);
    },
    getGoogleChat,
    async putGoogleChat(organisationId, channel) {
      await googleChatDocument(organisationId).set(channel);
    },
    async deleteGoogleChat(organisationId) {
      await googleChatDocument(organisationId).delete();
    },
    async updateGoogleChatSeal(organisationId, sealedWebhook) {
      // update, not set: a channel removed while the rotation ran must stay removed.
      try {
        await googleChatDocument(organisationId).update({ sealedWebhook });
        return true;
      } catch (error) {
        if (isNotFound(error)) return false;
        throw error;
      }
    },
    async forEachGoogleChatAcrossOrganisations(visit) {
      let visited = 0;
      let after = '';
      // Keyset-paged on the organisation document's id field, like the connections: the emulator ignores
      // startAfter cursors and answers collection-group queries with nothing.
      for (;;) {
        const page = await firestore.collection('orgs').where('organisationId', '>', after).orderBy('organisationId').limit(100).get();
        for (const organisation of page.docs) {
          const organisationId = String(organisation.get('organisationId'));
          const channel = await getGoogleChat(organisationId);
          if (!channel) continue;
          await visit(organisationId, channel);
          visited += 1;
        }
        const last = page.docs.at(-1);
        if (!last || page.docs.length < 100) return visited;
        after = String(last.get('organisationId'));
      }
    },
  };
}

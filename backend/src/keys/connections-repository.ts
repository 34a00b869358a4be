import type { Firestore } from 'firebase-admin/firestore';
import type { ProviderId } from '../ai/providers/provider-adapter';
import { dateOf } from '../platform/firestore/firestore-dates';
import { keyTestResultOf, type KeyTestResult } from './key-test-result';
import type { SealedSecret } from './envelope-encryption';

/** A provider connection as stored: the key only ever sealed (envelope encryption), never in plain text. */
export interface StoredConnection {
  id: string;
  provider: ProviderId;
  name: string;
  baseUrl: string | null;
  /** The model "organisation default" means for this provider, when the admin set one. */
  defaultModel: string | null;
  enabled: boolean;
  /** The connection's own rate limits (null: none), counted across instances before the provider is called. */
  requestsPerMinute: number | null;
  tokensPerMinute: number | null;
  sealedKey: SealedSecret;
  /** Shown instead of the key: a short hash and the last four characters. */
  fingerprint: string;
  lastFour: string;
  createdAt: Date;
  createdBy: string;
  updatedAt: Date;
  rotatedAt: Date | null;
  lastTest: KeyTestResult | null;
}

export interface ConnectionsRepository {
  create(organisationId: string, connection: StoredConnection): Promise<void>;
  get(organisationId: string, id: string): Promise<StoredConnection | undefined>;
  list(organisationId: string): Promise<StoredConnection[]>;
  update(organisationId: string, id: string, change: Partial<Omit<StoredConnection, 'id' | 'createdAt' | 'createdBy'>>): Promise<void>;
  delete(organisationId: string, id: string): Promise<void>;
  /** Every organisation's connections, for re-wrapping under a new key-encryption key. */
  forEachAcrossOrganisations(visit: (organisationId: string, connection: StoredConnection) => Promise<void>): Promise<number>;
}

function toConnection(data: FirebaseFirestore.DocumentData): StoredConnection {
  return {
    id: String(data.id),
    provider: data.provider as ProviderId,
    name: String(data.name),
    baseUrl: (data.baseUrl as string | null) ?? null,
    defaultModel: (data.defaultModel as string | null) ?? null,
    enabled: data.enabled !== false,
    requestsPerMinute: typeof data.requestsPerMinute === 'number' ? data.requestsPerMinute : null,
    tokensPerMinute: typeof data.tokensPerMinute === 'number' ? data.tokensPerMinute : null,
    sealedKey: data.sealedKey as SealedSecret,
    fingerprint: String(data.fingerprint),
    lastFour: String(data.lastFour),
    createdAt: dateOf(data.createdAt) ?? new Date(0),
    createdBy: String(data.createdBy ?? ''),
    updatedAt: dateOf(data.updatedAt) ?? new Date(0),
    rotatedAt: dateOf(data.rotatedAt),
    lastTest: keyTestResultOf(data.lastTest),
  };
}

/** `orgs/{orgId}/connections/{connectionId}`. */
export function createConnectionsRepository(firestore: Firestore): ConnectionsRepository {
  const collection = (organisationId: string) => firestore.collection('orgs').doc(organisationId).collection('connections');
  return {
    async create(organisationId, connection) {
      await collection(organisationId)
        .doc(connection.id)
        .create({ ...connection, organisationId });
    },
    async get(organisationId, id) {
      const snapshot = await collection(organisationId).doc(id).get();
      return snapshot.exists ? toConnection(snapshot.data() as FirebaseFirestore.DocumentData) : undefined;
    },
    async list(organisationId) {
      const snapshot = await collection(organisationId).orderBy('createdAt').limit(500).get();
      return snapshot.docs.map((document) => toConnection(document.data()));
    },
    async update(organisationId, id, change) {
      await collection(organisationId).doc(id).update(change);
    },
    async delete(organisationId, id) {
      await collection(organisationId).doc(id).delete();
    },
    async forEachAcrossOrganisations(visit) {
      let visited = 0;
      let after = '';
      // Organisation by organisation, keyset-paged on the id the organisation document stores: the emulator
      // ignores startAfter cursors and answers collection-group queries with nothing (FACTS.md).
      for (;;) {
        const page = await firestore.collection('orgs').where('organisationId', '>', after).orderBy('organisationId').limit(100).get();
        for (const organisation of page.docs) {
          const organisationId = String(organisation.get('organisationId'));
          const connections = await collection(organisationId).get();
          for (const document of connections.docs) {
            await visit(organisationId, toConnection(document.data()));
            visited += 1;
          }
        }
        const last = page.docs.at(-1);
        if (!last || page.docs.length < 100) return visited;
        after = String(last.get('organisationId'));
      }
    },
  };
}

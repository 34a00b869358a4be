import type { Firestore } from 'firebase-admin/firestore';
import type { SealedSecret } from '../keys/envelope-encryption';
import { dateOf } from '../platform/firestore/firestore-dates';
import { keyTestResultOf, type KeyTestResult } from '../keys/key-test-result';

/** An organisation's HubSpot connection as stored: the token and client secret only ever sealed. */
export interface StoredHubSpotConnection {
  sealedToken: SealedSecret;
  /** Shown instead of the token: a short hash and the last four characters. */
  fingerprint: string;
  lastFour: string;
  /** HubSpot signs workflow requests with the app's client secret; null until an admin gives it. */
  sealedClientSecret: SealedSecret | null;
  createdAt: Date;
  createdBy: string;
  updatedAt: Date;
  lastTest: KeyTestResult | null;
}

export interface HubSpotConnectionRepository {
  get(organisationId: string): Promise<StoredHubSpotConnection | undefined>;
  put(organisationId: string, connection: StoredHubSpotConnection): Promise<void>;
  update(organisationId: string, change: Partial<StoredHubSpotConnection>): Promise<void>;
  delete(organisationId: string): Promise<void>;
  /** Every organisation's connection, for re-wrapping under a new key-encryption key. */
  forEachAcrossOrganisations(visit: (organisationId: string, connection: StoredHubSpotConnection) => Promise<void>): Promise<number>;
}

function toConnection(data: FirebaseFirestore.DocumentData): StoredHubSpotConnection {
  return {
    sealedToken: data.sealedToken as SealedSecret,
    fingerprint: String(data.fingerprint),
    lastFour: String(data.lastFour),
    sealedClientSecret: (data.sealedClientSecret as SealedSecret | null | undefined) ?? null,
    createdAt: dateOf(data.createdAt) ?? new Date(0),
    createdBy: String(data.createdBy ?? ''),
    updatedAt: dateOf(data.updatedAt) ?? new Date(0),
    lastTest: keyTestResultOf(data.lastTest),
  };
}

/** `orgs/{orgId}/integrations/hubspot`: one connection per organisation. */
export function createHubSpotConnectionRepository(firestore: Firestore): HubSpotConnectionRepository {
  const document = (organisationId: string) => firestore.collection('orgs').doc(organisationId).collection('integrations').doc('hubspot');
  return {
    async get(organisationId) {
      const snapshot = await document(organisationId).get();
      return snapshot.exists ? toConnection(snapshot.data() as FirebaseFirestore.DocumentData) : undefined;
    },
    async put(organisationId, connection) {
      await document(organisationId).set({ ...connection, organisationId });
    },
    async update(organisationId, change) {
      await document(organisationId).update(change);
    },
    async delete(organisationId) {
      await document(organisationId).delete();
    },
    async forEachAcrossOrganisations(visit) {
      let visited = 0;
      let after = '';
      // Keyset-paged on the id each organisation document stores, as the provider keys are: the emulator
      // ignores startAfter cursors (FACTS.md).
      for (;;) {
        const page = await firestore.collection('orgs').where('organisationId', '>', after).orderBy('organisationId').limit(100).get();
        for (const organisation of page.docs) {
          const organisationId = String(organisation.get('organisationId'));
          const snapshot = await document(organisationId).get();
          if (!snapshot.exists) continue;
          await visit(organisationId, toConnection(snapshot.data() as FirebaseFirestore.DocumentData));
          visited += 1;
        }
        const last = page.docs.at(-1);
        if (!last || page.docs.length < 100) return visited;
        after = String(last.get('organisationId'));
      }
    },
  };
}

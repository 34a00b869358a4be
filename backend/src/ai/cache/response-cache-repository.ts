import type { Firestore } from 'firebase-admin/firestore';
import type { ProviderId, TokenUsage } from '../providers/provider-adapter';

export interface CachedResponse {
  text: string;
  provider: ProviderId;
  model: string;
  usage: TokenUsage;
  finishReason: string;
  createdAt: number;
  expiresAt: number;
}

export interface ResponseCacheRepository {
  get(organisationId: string, key: string): Promise<CachedResponse | undefined>;
  put(organisationId: string, key: string, entry: CachedResponse): Promise<void>;
}

/**
 * orgs/{orgId}/aiCache/{key}: scoped by organisation so no tenant ever reads another's output. `expiresAt`
 * is checked on read; in production a Firestore TTL policy on `expireAt` deletes old entries.
 */
export function createResponseCacheRepository(firestore: Firestore): ResponseCacheRepository {
  return {
    async get(organisationId, key) {
      const snapshot = await firestore.doc(`orgs/${organisationId}/aiCache/${key}`).get();
      return snapshot.exists ? (snapshot.data() as CachedResponse) : undefined;
    },
    async put(organisationId, key, entry) {
      await firestore.doc(`orgs/${organisationId}/aiCache/${key}`).set({ ...entry, expireAt: new Date(entry.expiresAt) });
    },
  };
}

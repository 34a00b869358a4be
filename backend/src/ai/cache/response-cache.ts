import type { ProviderId, TokenUsage } from '../providers/provider-adapter';
import { createMemoryLru } from './memory-lru';

export interface CachedResponse {
  text: string;
  provider: ProviderId;
  model: string;
  usage: TokenUsage;
  finishReason: string;
  createdAt: number;
  expiresAt: number;
}

/** The last answer a model gave to a prompt, whatever its cache lifetime: what is served when every provider is down. */
export type LastGoodAnswer = Omit<CachedResponse, 'expiresAt'>;

export interface ResponseCache {
  get(organisationId: string, key: string, now: number): CachedResponse | undefined;
  put(organisationId: string, key: string, entry: CachedResponse): void;
  /** The last good answer to a prompt (lastGoodAnswerKey), kept until evicted, never expired by time. */
  getLastGood(organisationId: string, fingerprint: string): LastGoodAnswer | undefined;
  putLastGood(organisationId: string, fingerprint: string, entry: LastGoodAnswer): void;
}

export interface MemoryResponseCacheOptions {
  maxEntries?: number;
  maxCharacters?: number;
  /** Bounds of the last-good-answer shelf, apart so that short-lived entries never push the last good answers out. */
  maxLastGoodEntries?: number;
  maxLastGoodCharacters?: number;
}

/**
 * Answers kept in memory, least recently used evicted first, keyed by organisation so no tenant ever
 * reads another's output. In memory because a lookup sits on every request's path: a round trip to a
 * shared store would cost more than the rest of askAI together.
 */
export function createMemoryResponseCache(options: MemoryResponseCacheOptions = {}): ResponseCache {
  const sizeOf = (entry: { text: string }) => entry.text.length;
  const live = createMemoryLru<CachedResponse>({
    maxEntries: options.maxEntries ?? 5000,
    maxSize: options.maxCharacters ?? 50_000_000,
    sizeOf,
  });
  const lastGood = createMemoryLru<LastGoodAnswer>({
    maxEntries: options.maxLastGoodEntries ?? 5000,
    maxSize: options.maxLastGoodCharacters ?? 50_000_000,
    sizeOf,
  });
  const idOf = (organisationId: string, key: string) => `${organisationId}\n${key}`;
  return {
    get(organisationId, key, now) {
      const id = idOf(organisationId, key);
      const entry = live.get(id);
      if (entry && entry.expiresAt <= now) {
        live.delete(id);
        return undefined;
      }
      return entry;
    },
    put(organisationId, key, entry) {
      live.set(idOf(organisationId, key), entry);
    },
    getLastGood(organisationId, fingerprint) {
      return lastGood.get(idOf(organisationId, fingerprint));
    },
    putLastGood(organisationId, fingerprint, entry) {
      lastGood.set(idOf(organisationId, fingerprint), entry);
    },
  };
}

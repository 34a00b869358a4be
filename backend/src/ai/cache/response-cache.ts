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

export interface ResponseCache {
  get(organisationId: string, key: string, now: number): CachedResponse | undefined;
  put(organisationId: string, key: string, entry: CachedResponse): void;
}

/**
 * Answers kept in memory, least recently used evicted first, keyed by organisation so no tenant ever
 * reads another's output. In memory because a lookup sits on every request's path: a round trip to a
 * shared store would cost more than the rest of askAI together.
 */
export function createMemoryResponseCache(options: { maxEntries?: number; maxCharacters?: number } = {}): ResponseCache {
  const maxEntries = options.maxEntries ?? 5000;
  const maxCharacters = options.maxCharacters ?? 50_000_000;
  const entries = new Map<string, CachedResponse>();
  let characters = 0;
  const remove = (id: string) => {
    const entry = entries.get(id);
    if (!entry) return;
    characters -= entry.text.length;
    entries.delete(id);
  };
  return {
    get(organisationId, key, now) {
      const id = `${organisationId}\n${key}`;
      const entry = entries.get(id);
      if (!entry) return undefined;
      remove(id);
      if (entry.expiresAt <= now) return undefined;
      entries.set(id, entry);
      characters += entry.text.length;
      return entry;
    },
    put(organisationId, key, entry) {
      const id = `${organisationId}\n${key}`;
      remove(id);
      entries.set(id, entry);
      characters += entry.text.length;
      while (entries.size > maxEntries || characters > maxCharacters) {
        const oldest = entries.keys().next().value as string;
        remove(oldest);
      }
    },
  };
}

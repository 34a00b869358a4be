import { responseCacheKey, type CacheableGeneration } from '../cache/response-cache-key';
import type { CachedResponse, ResponseCache } from '../cache/response-cache';

export interface CacheInput {
  organisationId: string;
  generation: CacheableGeneration;
  ttlSeconds: number;
  bypass: boolean;
  cache: ResponseCache;
  now: number;
}

/** A live entry for exactly this provider, model, prompt and parameters, unless the request bypasses the cache. */
export function lookupCache(input: CacheInput): CachedResponse | undefined {
  if (input.bypass || input.ttlSeconds === 0) return undefined;
  return input.cache.get(input.organisationId, responseCacheKey(input.generation), input.now);
}

/**
 * Stores an answer under the key of the generation that actually produced it: a fallback model's output is
 * never filed under the primary model's key.
 */
export function storeInCache(input: CacheInput, answer: Pick<CachedResponse, 'text' | 'usage' | 'finishReason'>): void {
  if (input.ttlSeconds === 0) return;
  input.cache.put(input.organisationId, responseCacheKey(input.generation), {
    ...answer,
    provider: input.generation.provider,
    model: input.generation.model,
    createdAt: input.now,
    expiresAt: input.now + input.ttlSeconds * 1000,
  });
}

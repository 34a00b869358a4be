import { responseCacheKey, type CacheableGeneration } from '../cache/response-cache-key';
import type { CachedResponse, ResponseCache } from '../cache/response-cache';

export interface CacheInput {
  organisationId: string;
  generation: CacheableGeneration;
  /** responseCacheKey(generation), hashed once per generation. */
  key: string;
  ttlSeconds: number;
  bypass: boolean;
  cache: ResponseCache;
}

export function cacheInput(options: Omit<CacheInput, 'key'>): CacheInput {
  return { ...options, key: responseCacheKey(options.generation) };
}

/** A live entry for exactly this provider, model, prompt and parameters, unless the request bypasses the cache. */
export function lookupCache(input: CacheInput, now: number): CachedResponse | undefined {
  if (input.bypass || input.ttlSeconds === 0) return undefined;
  return input.cache.get(input.organisationId, input.key, now);
}

/**
 * Stores an answer under the key of the generation that actually produced it: a fallback model's output is
 * never filed under the primary model's key.
 */
export function storeInCache(input: CacheInput, answer: Pick<CachedResponse, 'text' | 'usage' | 'finishReason'>, now: number): void {
  if (input.ttlSeconds === 0) return;
  input.cache.put(input.organisationId, input.key, {
    ...answer,
    provider: input.generation.provider,
    model: input.generation.model,
    createdAt: now,
    expiresAt: now + input.ttlSeconds * 1000,
  });
}

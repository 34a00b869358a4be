import { responseCacheKey, type CacheableGeneration } from '../cache/response-cache-key';
import type { CachedResponse, ResponseCacheRepository } from '../cache/response-cache-repository';

export interface CacheInput {
  organisationId: string;
  generation: CacheableGeneration;
  ttlSeconds: number;
  bypass: boolean;
  repository: ResponseCacheRepository;
  now: number;
}

/** A live entry for exactly this provider, model, prompt and parameters, unless the request bypasses the cache. */
export async function lookupCache(input: CacheInput): Promise<CachedResponse | undefined> {
  if (input.bypass || input.ttlSeconds === 0) return undefined;
  const entry = await input.repository.get(input.organisationId, responseCacheKey(input.generation));
  return entry && entry.expiresAt > input.now ? entry : undefined;
}

/**
 * Stores an answer under the key of the generation that actually produced it: a fallback model's output is
 * never filed under the primary model's key.
 */
export async function storeInCache(input: CacheInput, answer: Pick<CachedResponse, 'text' | 'usage' | 'finishReason'>): Promise<void> {
  if (input.ttlSeconds === 0) return;
  await input.repository.put(input.organisationId, responseCacheKey(input.generation), {
    ...answer,
    provider: input.generation.provider,
    model: input.generation.model,
    createdAt: input.now,
    expiresAt: input.now + input.ttlSeconds * 1000,
  });
}

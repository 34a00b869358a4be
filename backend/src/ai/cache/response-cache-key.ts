import { createHash } from 'node:crypto';
import type { ProviderId } from '../providers/provider-adapter';

/** Everything that changes what a model writes. Two requests share a cache entry only if all of it matches. */
export interface CacheableGeneration {
  provider: ProviderId;
  model: string;
  system: string | undefined;
  prompt: string;
  temperature: number | undefined;
  maxOutputTokens: number;
  outputFormat: string;
}

export function responseCacheKey(generation: CacheableGeneration): string {
  const parts = [
    generation.provider,
    generation.model,
    generation.system ?? null,
    generation.prompt,
    generation.temperature ?? null,
    generation.maxOutputTokens,
    generation.outputFormat,
  ];
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}

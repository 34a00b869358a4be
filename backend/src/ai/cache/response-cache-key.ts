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
  /** The connection a tag chose (two servers behind one provider may serve different models under one name). */
  connectionId?: string | undefined;
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
    // Appended only when set, so the keys of requests that chose no connection stay as they were.
    ...(generation.connectionId === undefined ? [] : [generation.connectionId]),
  ];
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}

/** What a person asked, whichever model answers it: the last good answer is kept and found under this. */
export interface AskedPrompt {
  system: string | undefined;
  instruction: string;
  /** The values of the fields the instruction references, in the order it references them. */
  fieldValues: readonly string[];
  context: string | undefined;
  outputFormat: string;
}

/**
 * The prompt's fingerprint, before any model's summary of it: a last good answer may come from a fallback
 * model or from before the tag changed its model, and still answer the same question.
 */
export function lastGoodAnswerKey(prompt: AskedPrompt): string {
  const parts = [prompt.system ?? null, prompt.instruction, prompt.fieldValues, prompt.context ?? null, prompt.outputFormat];
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}

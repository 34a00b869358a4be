import { responseCacheKey, type CacheableGeneration } from '../cache/response-cache-key';
import type { CachedResponse, ResponseCache } from '../cache/response-cache';
import type { ModelReference } from '../models/model-catalog';
import type { AnsweredRun, AskAiDependencies, SummarizedRun } from './ask-ai-run';

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
export function lookup(input: CacheInput, now: number): CachedResponse | undefined {
  if (input.bypass || input.ttlSeconds === 0) return undefined;
  return input.cache.get(input.organisationId, input.key, now);
}

/**
 * Stores an answer under the key of the generation that actually produced it: a fallback model's output is
 * never filed under the primary model's key.
 */
export function store(input: CacheInput, answer: Pick<CachedResponse, 'text' | 'usage' | 'finishReason'>, now: number): void {
  if (input.ttlSeconds === 0) return;
  input.cache.put(input.organisationId, input.key, {
    ...answer,
    provider: input.generation.provider,
    model: input.generation.model,
    createdAt: now,
    expiresAt: now + input.ttlSeconds * 1000,
  });
}

type CacheRun = Pick<SummarizedRun, 'request' | 'settings'> & { dependencies: Pick<AskAiDependencies, 'cache'> };

/** The organisation-scoped entry of one model sent one prompt with one output limit. */
function entryFor(run: CacheRun, reference: ModelReference, prompt: string, maxOutputTokens: number): CacheInput {
  const { request, settings } = run;
  return cacheInput({
    organisationId: request.organisationId,
    generation: {
      ...reference,
      system: settings.systemInstruction,
      prompt,
      temperature: request.temperature,
      maxOutputTokens,
      outputFormat: request.outputFormat ?? 'plain',
    },
    ttlSeconds: settings.cacheTtlSeconds,
    bypass: request.bypassCache ?? false,
    cache: run.dependencies.cache,
  });
}

/** Step 3, cache: what the requested model answered to this very prompt and parameters, if still kept. */
export function lookupCache(
  run: CacheRun & Pick<SummarizedRun, 'requested' | 'requestedPrompt' | 'requestedLimit' | 'now'>,
): CachedResponse | undefined {
  return lookup(entryFor(run, run.requested, run.requestedPrompt.prompt, run.requestedLimit.maxOutputTokens), run.now());
}

/**
 * Keeps the answer for the next identical request, under the model that wrote it and the prompt it was sent
 * (regenerate bypasses the lookup, not the store). An answer from the requested model at its normal limit
 * lands under the key lookupCache reads.
 */
export function storeInCache(run: CacheRun & Pick<AnsweredRun, 'success' | 'limit' | 'now'>): void {
  const { candidate, result, prompt } = run.success;
  const maxOutputTokens = Math.min(run.limit.maxOutputTokens, candidate.model.maxOutputTokens);
  store(
    entryFor(run, candidate.reference, prompt.prompt, maxOutputTokens),
    { text: result.text, usage: result.usage, finishReason: result.finishReason },
    run.now(),
  );
}

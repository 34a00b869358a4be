import type { AskAiRequest } from '../ask-ai-types';
import { everyProviderDown } from '../cache/every-provider-down';
import { lastGoodAnswerKey, responseCacheKey, type CacheableGeneration } from '../cache/response-cache-key';
import type { CachedResponse, LastGoodAnswer, ResponseCache } from '../cache/response-cache';
import { modelKey, type ModelReference } from '../models/model-catalog';
import { referencedFields } from '../prompt/render-prompt';
import type { AnsweredRun, AskAiDependencies, LoggedRun, RunSettings, SummarizedRun } from './ask-ai-run';

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

/**
 * A live entry for exactly this provider, model, prompt and parameters, unless the request bypasses the cache.
 * Live for this request's lifetime too: an entry kept for a week is not served to a tag that now allows an hour.
 */
export function lookup(input: CacheInput, now: number): CachedResponse | undefined {
  if (input.bypass || input.ttlSeconds === 0) return undefined;
  const entry = input.cache.get(input.organisationId, input.key, now);
  return entry && entry.createdAt + input.ttlSeconds * 1000 > now ? entry : undefined;
}

/**
 * How long this request's answer may be served from the cache: the tag's lifetime, else its template's (both
 * arrive as the request's), else the organisation's. An organisation that turned its cache off (0) has it off for
 * every template: an admin's "never cache" is not undone by a template author.
 */
export function cacheTtlSecondsOf(settings: Pick<RunSettings, 'cacheTtlSeconds'>, request: Pick<AskAiRequest, 'cacheTtlSeconds'>): number {
  if (settings.cacheTtlSeconds === 0) return 0;
  return request.cacheTtlSeconds ?? settings.cacheTtlSeconds;
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

type CacheRun = Pick<SummarizedRun, 'request' | 'settings' | 'requested'> & { dependencies: Pick<AskAiDependencies, 'cache'> };

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
      // The tag's chosen connection serves its requested model only; a fallback's answer came through its default.
      connectionId: modelKey(reference) === modelKey(run.requested) ? request.connectionId : undefined,
    },
    ttlSeconds: cacheTtlSecondsOf(settings, request),
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

type LastGoodRun = Pick<SummarizedRun, 'request' | 'settings' | 'now'> & { dependencies: Pick<AskAiDependencies, 'cache'> };

/** The prompt's fingerprint: what the person asked, before any model's summary of it. */
function lastGoodKeyOf(run: LastGoodRun): string {
  const { request } = run;
  const fields = request.fields ?? {};
  return lastGoodAnswerKey({
    system: run.settings.systemInstruction,
    instruction: request.instruction,
    fieldValues: referencedFields(request.instruction).map((name) => fields[name] ?? ''),
    context: request.context,
    outputFormat: request.outputFormat ?? 'plain',
  });
}

/**
 * Keeps the answer as the prompt's last good one, whatever its cache lifetime (0 included): when every
 * provider is down, it is what the organisation chose to serve rather than nothing. Kept only while the
 * organisation allows serving it, so the others pay no memory for it.
 */
export function rememberLastGoodAnswer(run: LastGoodRun & Pick<AnsweredRun, 'success'>): void {
  if (!run.settings.serveLastGoodAnswer) return;
  const { candidate, result } = run.success;
  run.dependencies.cache.putLastGood(run.request.organisationId, lastGoodKeyOf(run), {
    text: result.text,
    usage: result.usage,
    finishReason: result.finishReason,
    provider: candidate.reference.provider,
    model: candidate.reference.model,
    createdAt: run.now(),
  });
}

/**
 * No model answered because every provider was down, and the organisation allows serving the prompt's last good
 * answer: that answer, if this instance kept one. Never for a bad request, a refusal, a key or budget problem.
 */
export function findLastGoodAnswer(run: LastGoodRun & Pick<LoggedRun, 'outcome'>): LastGoodAnswer | undefined {
  if (!run.settings.serveLastGoodAnswer || !everyProviderDown(run.outcome)) return undefined;
  return run.dependencies.cache.getLastGood(run.request.organisationId, lastGoodKeyOf(run));
}

import { NoModelAvailableError } from '../ai-errors';
import type { AskAiResult } from '../ask-ai-types';
import type { CachedResponse, LastGoodAnswer } from '../cache/response-cache';
import { lossAlreadyLogged } from '../ledger/usage-writer';
import { modelKey } from '../models/model-catalog';
import { toDollars } from '../models/model-cost';
import type { AnsweredRun, LoggedRun, SummarizedRun } from './ask-ai-run';

/** The words the sidebar, the preview and the fill record show next to a cut-off tag. */
export const truncatedWarning = 'The text was cut off at the maximum output length: raise the max output tokens or ask for less.';

/**
 * No model answered: the request fails with what the providers said last (or our own bug, or the budget or
 * deadline that stopped the retries). Whatever was billed on the way is recorded behind the error.
 */
export function requireAnswer<Run extends LoggedRun>(run: Run): Run & Pick<AnsweredRun, 'success'> {
  const { success, error } = run.outcome;
  if (success) return { ...run, success };
  // Nobody waits for these records: the error is the answer.
  run.logged.durable.catch(lossAlreadyLogged);
  throw error ?? new NoModelAvailableError({ message: `No model could be called for ${modelKey(run.requested)}. Try again in a minute.` });
}

/** Step 9, return: the text, what it cost, which model wrote it, and every warning the person should read. */
export function answer(run: AnsweredRun): AskAiResult {
  const { success, reservation, selection, limit } = run;
  const warnings = [...success.prompt.warnings, ...reservation.warnings, ...selection.warnings, ...limit.warnings, ...success.warnings];
  if (success.result.finishReason === 'length') warnings.push(truncatedWarning);
  if (success.usageEstimated) warnings.push('The provider reported no token usage, so the cost recorded is an estimate.');
  const selected = modelKey(selection.candidates[0]?.reference ?? run.requested);
  const served = modelKey(success.candidate.reference);
  if (served !== selected) warnings.push(`${selected} failed, so the fallback model ${served} wrote this text.`);
  return {
    text: success.result.text,
    usage: success.result.usage,
    cost: toDollars(run.logged.costNanoDollars),
    cached: false,
    provider: success.candidate.reference.provider,
    model: success.result.servedModel,
    requestedModel: run.requested.model,
    warnings,
    budgetLevel: reservation.level,
    attempts: run.outcome.attempts.length,
    providerMs: run.providerMs,
  };
}

/** Step 9 for a cache hit: the kept text at no cost. */
export function answerFromCache(run: Pick<SummarizedRun, 'requested' | 'requestedPrompt'>, hit: CachedResponse): AskAiResult {
  // A cached text cut off at the output limit is still cut off: the person is told again.
  const warnings = hit.finishReason === 'length' ? [...run.requestedPrompt.warnings, truncatedWarning] : [...run.requestedPrompt.warnings];
  return {
    text: hit.text,
    usage: hit.usage,
    cost: 0,
    cached: true,
    provider: hit.provider,
    model: hit.model,
    requestedModel: run.requested.model,
    warnings,
    budgetLevel: 'normal',
    attempts: 0,
    providerMs: 0,
  };
}

/** "45 seconds", "3 minutes", "5 hours", "2 days": how old a last good answer is, in words. */
export function describeAge(ageSeconds: number): string {
  const units: [number, string][] = [
    [86_400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, name] of units) {
    const count = Math.floor(ageSeconds / size);
    if (count >= 1) return `${count} ${name}${count === 1 ? '' : 's'}`;
  }
  return `${Math.max(0, Math.floor(ageSeconds))} seconds`;
}

/** The words next to a tag answered with its prompt's last good answer. */
export function lastGoodAnswerWarning(ageSeconds: number, writtenBy: string): string {
  return `Every AI provider was down, so this is the last good answer to the same prompt, written ${describeAge(ageSeconds)} ago by ${writtenBy}.`;
}

/**
 * Step 9 when every provider was down: the prompt's last good answer, marked with its age. It costs nothing;
 * what failed attempts were billed (rarely anything) is the request's cost, as for any failure.
 */
export function answerFromLastGood(run: LoggedRun, entry: LastGoodAnswer): AskAiResult {
  const ageSeconds = Math.max(0, Math.floor((run.now() - entry.createdAt) / 1000));
  const warnings = [lastGoodAnswerWarning(ageSeconds, modelKey(entry))];
  if (entry.finishReason === 'length') warnings.push(truncatedWarning);
  return {
    text: entry.text,
    usage: entry.usage,
    cost: toDollars(run.logged.costNanoDollars),
    cached: true,
    lastGoodAnswer: { generatedAt: entry.createdAt, ageSeconds },
    provider: entry.provider,
    model: entry.model,
    requestedModel: run.requested.model,
    warnings,
    budgetLevel: run.reservation.level,
    attempts: run.outcome.attempts.length,
    providerMs: run.providerMs,
  };
}

import { deadlineOf } from '../execution/deadline';
import { retryOverFallbacks } from '../execution/retry-over-fallbacks';
import type { ExecutedRun, LimitedRun } from './ask-ai-run';

/**
 * Step 7, execute: calls the selected model and, when it keeps failing, the fallbacks (see
 * retry-over-fallbacks.ts), each sent the prompt summarised for its own context window. Nothing is called
 * while usage cannot be recorded.
 */
export async function execute<Run extends LimitedRun>(run: Run): Promise<Run & Pick<ExecutedRun, 'outcome' | 'providerMs'>> {
  const { request, dependencies } = run;
  // Fail closed: an answer whose cost cannot be recorded is not bought.
  dependencies.storage?.ensureAvailable();
  const startedAt = run.now();
  const outcome = await retryOverFallbacks({
    organisationId: request.organisationId,
    candidates: run.selection.candidates,
    system: run.settings.systemInstruction,
    promptFor: (candidate, maxOutputTokens) => run.prompts(candidate.reference, candidate.model, maxOutputTokens),
    temperature: request.temperature,
    maxOutputTokens: run.limit.maxOutputTokens,
    deadlineAt: deadlineOf(request, run.startedAt, dependencies.deadlineMs),
    signal: request.signal,
    budget: run.reservation,
    adapters: dependencies.adapters,
    cooldowns: dependencies.cooldowns,
    retryPolicy: dependencies.retryPolicy,
    attemptTimeoutMs: dependencies.attemptTimeoutMs,
    logger: dependencies.logger,
    now: run.now,
    sleep: dependencies.sleep,
    random: dependencies.random,
  });
  return { ...run, outcome, providerMs: run.now() - startedAt };
}

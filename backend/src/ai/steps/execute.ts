import { deadlineOf } from '../execution/deadline';
import { retryOverFallbacks } from '../execution/retry-over-fallbacks';
import type { Attempt } from '../execution/execution-outcome';
import type { ExecutedRun, LimitedRun } from './ask-ai-run';

/** Health monitoring (latency and provider-down alerts) hears of every call; its failure never fails the request. */
function reportAttempts(run: LimitedRun, attempts: readonly Attempt[]): void {
  const observe = run.dependencies.observeAttempt;
  if (!observe) return;
  for (const attempt of attempts) {
    try {
      observe({
        organisationId: run.request.organisationId,
        provider: attempt.candidate.reference.provider,
        model: attempt.candidate.reference.model,
        latencyMs: attempt.latencyMs,
        failure: attempt.error?.code,
      });
    } catch (error) {
      run.dependencies.logger?.warn({ err: error }, 'a provider call could not be reported to health monitoring');
    }
  }
}

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
    rateLimiter: dependencies.rateLimiter,
    rateLimitMaxWaitMs: dependencies.rateLimitMaxWaitMs,
    logger: dependencies.logger,
    now: run.now,
    sleep: dependencies.sleep,
    random: dependencies.random,
  });
  reportAttempts(run, outcome.attempts);
  return { ...run, outcome, providerMs: run.now() - startedAt };
}

import type { Logger } from '../../platform/logger';
import { BudgetExhaustedError, ConnectionRateLimitedError, InterruptedError } from '../ai-errors';
import { fitRequest } from '../models/fit-request';
import { worstCaseNanoDollars } from '../models/model-cost';
import type { ProviderAdapter } from '../providers/provider-adapter';
import { ProviderTimeoutError } from '../providers/provider-errors';
import type { BudgetReservation } from '../steps/enforce-budget';
import type { ModelCandidate } from '../steps/select-model';
import type { ModelPrompt } from '../steps/summarize-context';
import { cooldownKey, type CooldownTracker } from './cooldown-tracker';
import { hasTimeForAttempt, hasTimeToWait } from './deadline';
import type { Attempt, ExecutionOutcome } from './execution-outcome';
import { attemptProvider } from './provider-attempt';
import { retryDelayMs, type RetryPolicy } from './retry-policy';
import { rateLimitedMessage, type ConnectionRateLimiter, type RatePermit } from '../rate-limits/connection-rate-limiter';

export interface RetryOverFallbacksInput {
  /** Whose request: failures rest a model for this organisation only. */
  organisationId: string;
  candidates: readonly ModelCandidate[];
  system: string | undefined;
  /** The prompt fitted to a candidate's context window for an answer of `maxOutputTokens`. */
  promptFor: (candidate: ModelCandidate, maxOutputTokens: number) => ModelPrompt;
  temperature: number | undefined;
  maxOutputTokens: number;
  deadlineAt: number;
  /** Aborted when the server shuts down: the call in flight is stopped and nothing more is tried. */
  signal?: AbortSignal | undefined;
  /** Grown before each attempt to cover what has been billed plus the attempt's worst case. */
  budget: Pick<BudgetReservation, 'cover'>;
  adapters: ReadonlyMap<string, ProviderAdapter>;
  cooldowns: CooldownTracker;
  retryPolicy: RetryPolicy;
  /** Counts each call against its connection's own limits (per minute, across instances); absent: none counted. */
  rateLimiter?: ConnectionRateLimiter | undefined;
  /** Longest a call waits for its connection's next window before it goes to the next fallback instead. */
  rateLimitMaxWaitMs?: number | undefined;
  /** Longest a single provider call may take; the deadline may cut it shorter. */
  attemptTimeoutMs: number;
  /** Told of our own bugs, which are neither retried nor handed to a fallback model. */
  logger?: Logger | undefined;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const interrupted = () =>
  new InterruptedError({ message: 'The server stopped while this tag was being generated; fill again to generate it.' });

/**
 * The one retry layer: calls the selected model through its adapter, retries what is retryable with
 * exponential backoff and jitter (or the provider's Retry-After, up to a limit), then the fallback models
 * in order, within one deadline and one attempt cap. Never throws: every attempt, billed or not, is
 * returned so logAICost can account for it.
 */
export async function retryOverFallbacks(input: RetryOverFallbacksInput): Promise<ExecutionOutcome> {
  const now = input.now ?? Date.now;
  const sleep = input.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const attempts: Attempt[] = [];
  const billedSoFar = () => attempts.reduce((sum, attempt) => sum + attempt.costNanoDollars, 0);
  let lastError: Error | undefined;

  /**
   * Room on the candidate's connection for one more call of `worstCaseTokens`: at once, or after waiting for the
   * next window when it starts soon enough (within the wait allowed and the deadline); undefined: go on to the
   * next fallback. A connection without limits of its own is not counted.
   */
  async function roomOn(candidate: ModelCandidate, worstCaseTokens: number): Promise<RatePermit | 'unlimited' | undefined> {
    const limits = candidate.connection.rateLimits;
    if (!limits || !input.rateLimiter) return 'unlimited';
    for (let waited = false; ; waited = true) {
      const admission = await input.rateLimiter.admit(input.organisationId, limits, worstCaseTokens);
      if (admission.admitted) return admission.permit;
      // Spread the callers that waited for the same window over a quarter second, so they do not all land at once.
      const delay = admission.retryAt - now() + Math.floor((input.random ?? Math.random)() * 250);
      const maxWaitMs = input.rateLimitMaxWaitMs ?? 0;
      if (waited || admission.never || delay > maxWaitMs || !hasTimeToWait(input.deadlineAt, now(), delay)) {
        lastError = new ConnectionRateLimitedError({ message: rateLimitedMessage(limits) });
        return undefined;
      }
      await sleep(Math.max(0, delay));
      if (input.signal?.aborted) return undefined;
    }
  }

  for (const [index, candidate] of input.candidates.entries()) {
    const { reference, model } = candidate;
    const coolingKey = cooldownKey(input.organisationId, candidate.connection.id, reference.provider, reference.model);
    if (index > 0 && input.cooldowns.isCoolingDown(coolingKey)) continue;
    const adapter = input.adapters.get(reference.provider);
    if (!adapter) continue;
    const fitted = fitRequest(model, { temperature: input.temperature, maxOutputTokens: input.maxOutputTokens });
    const answerTokens = Math.min(input.maxOutputTokens, model.maxOutputTokens);
    // Summarised for this model: a fallback with a smaller window is sent a shorter context, not one it refuses.
    const prompt = input.promptFor(candidate, answerTokens);
    const worstCase = worstCaseNanoDollars(model.prices, prompt.tokens(), fitted.maxOutputTokens);

    for (let tryNumber = 1; tryNumber <= input.retryPolicy.maxAttemptsPerModel; tryNumber += 1) {
      if (input.signal?.aborted) return { attempts, error: interrupted() };
      if (attempts.length >= input.retryPolicy.maxAttempts) return { attempts, error: lastError };
      if (!hasTimeForAttempt(input.deadlineAt, now())) {
        return {
          attempts,
          error:
            lastError ??
            new ProviderTimeoutError({
              provider: reference.provider,
              model: reference.model,
              message: 'There was no time left to call the provider.',
            }),
        };
      }
      if (!(await input.budget.cover(billedSoFar() + worstCase))) {
        return {
          attempts,
          error: new BudgetExhaustedError({
            message: 'The AI budget has no room left for another attempt. Ask an admin to raise the budget in Admin settings.',
          }),
        };
      }
      const permit = await roomOn(candidate, prompt.tokens() + fitted.maxOutputTokens);
      if (input.signal?.aborted) return { attempts, error: interrupted() };
      if (permit === undefined) break;
      const called = await attemptProvider({
        number: attempts.length + 1,
        candidate,
        adapter,
        system: input.system,
        prompt,
        fitted,
        answerTokens,
        timeoutMs: Math.min(input.attemptTimeoutMs, input.deadlineAt - now()),
        signal: input.signal,
        now,
      });
      if (permit !== 'unlimited') {
        const used =
          called.kind === 'defect' || !called.attempt.billed ? 0 : called.attempt.usage.inputTokens + called.attempt.usage.outputTokens;
        permit.settle(used);
      }
      if (called.kind === 'defect') {
        if (input.signal?.aborted) return { attempts, error: interrupted() };
        // Our own bug, not the provider's answer: retrying or falling back would bill again for the same crash,
        // and resting the model would blame the provider. It surfaces as an internal error, logged with its stack.
        input.logger?.error(
          { err: called.error, organisationId: input.organisationId, provider: reference.provider, model: reference.model },
          'the provider adapter failed with a programming error; not retried',
        );
        return { attempts, error: called.error };
      }
      attempts.push(called.attempt);
      if (called.kind === 'answered') {
        input.cooldowns.recordSuccess(coolingKey);
        return {
          attempts,
          success: { candidate, result: called.result, usageEstimated: called.usageEstimated, warnings: fitted.warnings, prompt },
        };
      }
      const error = called.error;
      // Stopped by shutdown, not by the provider: no rest for the model, no retry, and the fill says why.
      if (input.signal?.aborted) return { attempts, error: interrupted() };
      input.cooldowns.recordFailure(coolingKey, error);
      lastError = error;
      // Key, permission and quota problems stop the request (and the fill); a refusal or a filtered output is final.
      if (error.abortsFill || error.final) return { attempts, error };
      if (!error.retryable || tryNumber === input.retryPolicy.maxAttemptsPerModel) break;
      const delay = retryDelayMs(input.retryPolicy, tryNumber, error.retryAfterMs, input.random);
      if (delay === undefined || !hasTimeToWait(input.deadlineAt, now(), delay)) break;
      await sleep(delay);
    }
  }
  return { attempts, error: lastError };
}

import { BudgetExhaustedError, InterruptedError } from '../ai-errors';
import type { CooldownTracker } from '../execution/cooldown-tracker';
import { cooldownKey } from '../execution/cooldown-tracker';
import { retryDelayMs, type RetryPolicy } from '../execution/retry-policy';
import { countTextTokens } from '../models/count-tokens';
import { fitRequest } from '../models/fit-request';
import { costInNanoDollars, worstCaseNanoDollars } from '../models/model-cost';
import type { GenerationResult, ProviderAdapter, TokenUsage } from '../providers/provider-adapter';
import { MalformedResponseError, ProviderError, ProviderTimeoutError } from '../providers/provider-errors';
import type { BudgetReservation } from './enforce-budget';
import type { ModelCandidate } from './select-model';

export interface Attempt {
  /** 1-based, over the whole request (fallbacks included). */
  number: number;
  candidate: ModelCandidate;
  latencyMs: number;
  billed: boolean;
  usage: TokenUsage;
  usageEstimated: boolean;
  costNanoDollars: number;
  servedModel: string;
  error: ProviderError | undefined;
}

export interface ExecutionOutcome {
  attempts: Attempt[];
  /** `usage` is the provider's, or the estimate of an answer that came without one; `warnings` say what was fitted. */
  success?:
    | { candidate: ModelCandidate; result: GenerationResult & { usage: TokenUsage }; usageEstimated: boolean; warnings: string[] }
    | undefined;
  error?: Error | undefined;
}

export interface ExecuteInput {
  /** Whose request: failures rest a model for this organisation only. */
  organisationId: string;
  candidates: readonly ModelCandidate[];
  system: string | undefined;
  prompt: string;
  temperature: number | undefined;
  maxOutputTokens: number;
  deadlineAt: number;
  /** Aborted when the server shuts down: the call in flight is stopped and nothing more is tried. */
  signal?: AbortSignal | undefined;
  budget: BudgetReservation;
  adapters: ReadonlyMap<string, ProviderAdapter>;
  cooldowns: CooldownTracker;
  retryPolicy: RetryPolicy;
  /** Longest a single provider call may take; the deadline may cut it shorter. */
  attemptTimeoutMs: number;
  /** Prompt tokens of the system instruction and prompt for a model; counted once per model. */
  promptTokens: (reference: ModelCandidate['reference']) => number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** An attempt with less time than this left is not started: it could only time out. */
const shortestUsefulAttemptMs = 250;

const noUsage: TokenUsage = { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0 };

/**
 * The one retry layer: calls the selected model through its adapter, retries what is retryable with
 * exponential backoff and jitter (or the provider's Retry-After, up to a limit), then the fallback models
 * in order, within one deadline and one attempt cap. Never throws: every attempt, billed or not, is
 * returned so logAICost can account for it.
 */
const interrupted = () =>
  new InterruptedError({ message: 'The server stopped while this tag was being generated; fill again to generate it.' });

export async function execute(input: ExecuteInput): Promise<ExecutionOutcome> {
  const now = input.now ?? Date.now;
  const sleep = input.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const attempts: Attempt[] = [];
  const billedSoFar = () => attempts.reduce((sum, attempt) => sum + attempt.costNanoDollars, 0);
  let lastError: Error | undefined;

  for (const [index, candidate] of input.candidates.entries()) {
    const { reference, model, connection } = candidate;
    const coolingKey = cooldownKey(input.organisationId, connection.id, reference.provider, reference.model);
    if (index > 0 && input.cooldowns.isCoolingDown(coolingKey)) continue;
    const adapter = input.adapters.get(reference.provider);
    if (!adapter) continue;
    const fitted = fitRequest(model, { temperature: input.temperature, maxOutputTokens: input.maxOutputTokens });
    const maxOutputTokens = fitted.maxOutputTokens;
    const thinkingRoom = maxOutputTokens - Math.min(input.maxOutputTokens, model.maxOutputTokens);
    const promptTokens = input.promptTokens(reference);
    const worstCase = worstCaseNanoDollars(model.prices, promptTokens, maxOutputTokens);
    const worstUsage: TokenUsage = { inputTokens: promptTokens, cachedInputTokens: 0, outputTokens: maxOutputTokens };

    for (let tryNumber = 1; tryNumber <= input.retryPolicy.maxAttemptsPerModel; tryNumber += 1) {
      if (input.signal?.aborted) return { attempts, error: interrupted() };
      if (attempts.length >= input.retryPolicy.maxAttempts) return { attempts, error: lastError };
      const remainingMs = input.deadlineAt - now();
      if (remainingMs < shortestUsefulAttemptMs) {
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
      const startedAt = now();
      try {
        const result = await adapter.generate(connection, {
          model: reference.model,
          system: input.system,
          prompt: input.prompt,
          temperature: fitted.temperature,
          maxOutputTokens,
          outputLimitParameter: fitted.outputLimitParameter,
          reasoning: fitted.reasoning,
          timeoutMs: Math.min(input.attemptTimeoutMs, remainingMs),
          signal: input.signal,
        });
        // An answer without usage is still paid for: count the prompt and the text, plus the thinking room of a reasoning model.
        const usage = result.usage ?? {
          inputTokens: promptTokens,
          cachedInputTokens: 0,
          outputTokens: Math.min(maxOutputTokens, countTextTokens(reference, result.text) + thinkingRoom),
        };
        attempts.push({
          number: attempts.length + 1,
          candidate,
          latencyMs: now() - startedAt,
          billed: true,
          usage,
          usageEstimated: result.usage === undefined,
          costNanoDollars: costInNanoDollars(model.prices, usage),
          servedModel: result.servedModel,
          error: undefined,
        });
        input.cooldowns.recordSuccess(coolingKey);
        return {
          attempts,
          success: { candidate, result: { ...result, usage }, usageEstimated: result.usage === undefined, warnings: fitted.warnings },
        };
      } catch (thrown) {
        const error =
          thrown instanceof ProviderError
            ? thrown
            : new MalformedResponseError({
                provider: reference.provider,
                model: reference.model,
                message: 'The provider call failed unexpectedly.',
                cause: thrown,
              });
        // A billed answer we could not use still costs money; without reported usage, assume the worst.
        const usage = error.billed ? (error.usage ?? worstUsage) : noUsage;
        attempts.push({
          number: attempts.length + 1,
          candidate,
          latencyMs: now() - startedAt,
          billed: error.billed,
          usage,
          usageEstimated: error.billed && error.usage === undefined,
          costNanoDollars: error.billed ? costInNanoDollars(model.prices, usage) : 0,
          servedModel: reference.model,
          error,
        });
        // Stopped by shutdown, not by the provider: no rest for the model, no retry, and the fill says why.
        if (input.signal?.aborted) return { attempts, error: interrupted() };
        input.cooldowns.recordFailure(coolingKey, error);
        lastError = error;
        // Key, permission and quota problems stop the request (and the fill); a refusal or a filtered output is final.
        if (error.abortsFill || error.final) return { attempts, error };
        if (!error.retryable || tryNumber === input.retryPolicy.maxAttemptsPerModel) break;
        const delay = retryDelayMs(input.retryPolicy, tryNumber, error.retryAfterMs, input.random);
        if (delay === undefined || now() + delay > input.deadlineAt - shortestUsefulAttemptMs) break;
        await sleep(delay);
      }
    }
  }
  return { attempts, error: lastError };
}

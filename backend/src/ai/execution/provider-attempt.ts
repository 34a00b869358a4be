import { countTextTokens } from '../models/count-tokens';
import type { FittedRequest } from '../models/fit-request';
import { costInNanoDollars } from '../models/model-cost';
import type { GenerationResult, ProviderAdapter, TokenUsage } from '../providers/provider-adapter';
import { ProviderError } from '../providers/provider-errors';
import type { ModelCandidate } from '../steps/select-model';
import type { ModelPrompt } from '../steps/summarize-context';
import type { Attempt } from './execution-outcome';

export interface ProviderAttemptInput {
  /** 1-based over the whole request. */
  number: number;
  candidate: ModelCandidate;
  adapter: ProviderAdapter;
  system: string | undefined;
  prompt: ModelPrompt;
  fitted: FittedRequest;
  /** The answer's own limit; what the fitted limit adds on top is room for thinking. */
  answerTokens: number;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  now: () => number;
}

/**
 * What one call came to: an answer, a provider failure (what the provider said, or did not say, normalised by
 * the adapter), or a defect: the adapter threw something other than a ProviderError, which only our own code
 * does (the adapter contract turns every SDK and provider failure into a ProviderError).
 */
export type ProviderAttemptResult =
  | { kind: 'answered'; attempt: Attempt; result: GenerationResult & { usage: TokenUsage }; usageEstimated: boolean }
  | { kind: 'failed'; attempt: Attempt; error: ProviderError }
  | { kind: 'defect'; error: Error };

const noUsage: TokenUsage = { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0 };

/** Calls the model once and accounts for what it costs. */
export async function attemptProvider(input: ProviderAttemptInput): Promise<ProviderAttemptResult> {
  const { candidate, fitted } = input;
  const { reference, model, connection } = candidate;
  const promptTokens = input.prompt.tokens();
  const startedAt = input.now();
  let result: GenerationResult;
  try {
    result = await input.adapter.generate(connection, {
      model: reference.model,
      system: input.system,
      prompt: input.prompt.prompt,
      temperature: fitted.temperature,
      maxOutputTokens: fitted.maxOutputTokens,
      outputLimitParameter: fitted.outputLimitParameter,
      reasoning: fitted.reasoning,
      timeoutMs: input.timeoutMs,
      signal: input.signal,
    });
  } catch (thrown) {
    if (!(thrown instanceof ProviderError)) {
      return { kind: 'defect', error: thrown instanceof Error ? thrown : new Error(`The adapter threw ${String(thrown)}`) };
    }
    // A billed answer we could not use still costs money; without reported usage, assume the worst.
    const worstUsage: TokenUsage = { inputTokens: promptTokens, cachedInputTokens: 0, outputTokens: fitted.maxOutputTokens };
    const usage = thrown.billed ? (thrown.usage ?? worstUsage) : noUsage;
    return {
      kind: 'failed',
      error: thrown,
      attempt: {
        number: input.number,
        candidate,
        latencyMs: input.now() - startedAt,
        billed: thrown.billed,
        usage,
        usageEstimated: thrown.billed && thrown.usage === undefined,
        costNanoDollars: thrown.billed ? costInNanoDollars(model.prices, usage) : 0,
        servedModel: reference.model,
        error: thrown,
      },
    };
  }
  // An answer without usage is still paid for: count the prompt and the text, plus the thinking room of a reasoning model.
  const thinkingRoom = fitted.maxOutputTokens - input.answerTokens;
  const usage = result.usage ?? {
    inputTokens: promptTokens,
    cachedInputTokens: 0,
    outputTokens: Math.min(fitted.maxOutputTokens, countTextTokens(reference, result.text) + thinkingRoom),
  };
  return {
    kind: 'answered',
    result: { ...result, usage },
    usageEstimated: result.usage === undefined,
    attempt: {
      number: input.number,
      candidate,
      latencyMs: input.now() - startedAt,
      billed: true,
      usage,
      usageEstimated: result.usage === undefined,
      costNanoDollars: costInNanoDollars(model.prices, usage),
      servedModel: result.servedModel,
      error: undefined,
    },
  };
}

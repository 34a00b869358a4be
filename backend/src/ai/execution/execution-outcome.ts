import type { GenerationResult, TokenUsage } from '../providers/provider-adapter';
import type { ProviderError } from '../providers/provider-errors';
import type { ModelCandidate } from '../steps/select-model';
import type { ModelPrompt } from '../steps/summarize-context';

/** One provider call, as logAICost accounts for it. */
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

/** The answer a model gave. */
export interface ExecutionSuccess {
  candidate: ModelCandidate;
  /** `usage` is the provider's, or the estimate of an answer that came without one. */
  result: GenerationResult & { usage: TokenUsage };
  usageEstimated: boolean;
  /** What was fitted to the model (a temperature it does not take). */
  warnings: string[];
  /** The prompt this model was sent, fitted to its context window. */
  prompt: ModelPrompt;
}

export interface ExecutionOutcome {
  attempts: Attempt[];
  success?: ExecutionSuccess | undefined;
  /** Why there is no answer: the last provider error, a refusal of the budget or deadline, or our own bug. */
  error?: Error | undefined;
}

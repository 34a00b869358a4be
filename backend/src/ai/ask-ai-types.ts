import type { BudgetLevel } from './budget/budget-level';
import type { Complexity } from './models/model-catalog';
import type { ProviderId, TokenUsage } from './providers/provider-adapter';

export type OutputFormat = 'plain' | 'markdown';

export interface AskAiRequest {
  organisationId: string;
  userId: string;
  /**
   * Names the logical request (a fill's tag: "<fillId>:<tag>"). Usage record ids derive from it, so a
   * replayed request or log write can never count twice.
   */
  requestId: string;
  /** The prompt template; `{{field}}` references are filled from `fields`. */
  instruction: string;
  fields?: Readonly<Record<string, string>> | undefined;
  /** The document's text, when the tag uses it as context. */
  context?: string | undefined;
  provider?: ProviderId | undefined;
  model?: string | undefined;
  /**
   * The organisation's connection the tag chose among several to the same provider; used for the requested
   * model only (the fallbacks name no connection, so they use their provider's default one).
   */
  connectionId?: string | undefined;
  complexity?: Complexity | undefined;
  outputFormat?: OutputFormat | undefined;
  temperature?: number | undefined;
  maxOutputTokens?: number | undefined;
  /** One of the organisation's allowed reasons to go above the token ceiling. */
  tokenLimitJustification?: string | undefined;
  /** How long the answer may be served from the cache (the tag's or its template's); unset: the organisation's. 0: never. */
  cacheTtlSeconds?: number | undefined;
  /** Regenerate: skip the cache lookup (the new answer is still stored). */
  bypassCache?: boolean | undefined;
  /** Epoch ms by which askAI must have answered, retries and fallbacks included. */
  deadlineAt?: number | undefined;
  /** Aborted when the answer is no longer wanted (shutdown): no further provider call starts, the one in flight stops. */
  signal?: AbortSignal | undefined;
  /** Where the request comes from, for the usage record. */
  origin: { templateId?: string | undefined; fillId?: string | undefined; tag?: string | undefined };
}

export interface AskAiResult {
  text: string;
  usage: TokenUsage;
  /** US dollars over every billed attempt; 0 for a cache hit. */
  cost: number;
  cached: boolean;
  /**
   * Set when every provider was down and the organisation serves the last good answer: this text is the one a
   * model wrote to the same prompt at `generatedAt` (epoch ms), `ageSeconds` before this request.
   */
  lastGoodAnswer?: { generatedAt: number; ageSeconds: number } | undefined;
  provider: ProviderId;
  /** The model that wrote the text (a fallback when the selected one failed). */
  model: string;
  requestedModel: string;
  warnings: string[];
  budgetLevel: BudgetLevel;
  /** Provider calls made, failed ones included. */
  attempts: number;
  /** Time spent in provider calls and the waits between retries; the rest of askAI's time is its own overhead. */
  providerMs: number;
}

export type AskAi = (request: AskAiRequest) => Promise<AskAiResult>;

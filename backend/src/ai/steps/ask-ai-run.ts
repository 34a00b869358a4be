import type { ObserveAttempt } from '../execution/attempt-observation';
import type { Logger } from '../../platform/logger';
import type { AskAiRequest } from '../ask-ai-types';
import type { BudgetAlertSink } from '../budget/budget-alerts';
import type { BudgetLeases } from '../budget/budget-leases';
import type { ResponseCache } from '../cache/response-cache';
import type { ConnectionResolver } from '../connections/connection-resolver';
import type { CooldownTracker } from '../execution/cooldown-tracker';
import type { ExecutionOutcome, ExecutionSuccess } from '../execution/execution-outcome';
import type { RetryPolicy } from '../execution/retry-policy';
import type { UsageWriter } from '../ledger/usage-writer';
import type { CatalogModel, ModelCatalog, ModelReference } from '../models/model-catalog';
import type { PricedModel } from '../models/priced-model';
import type { ProviderAdapter } from '../providers/provider-adapter';
import type { ConnectionRateLimiter } from '../rate-limits/connection-rate-limiter';
// The only place the steps learn where the organisation's AI settings live.
import type { AiSettings } from '../settings/ai-settings';
import type { AiSettingsRepository } from '../settings/ai-settings-repository';
import type { BudgetReservation } from './enforce-budget';
import type { TokenLimit } from './enforce-token-limit';
import type { LoggedCost } from './log-ai-cost';
import type { ModelSelection } from './select-model';
import type { ModelPrompt, PromptFitter } from './summarize-context';

/** The organisation's AI settings as the steps read them. */
export type RunSettings = AiSettings;

export interface AskAiDependencies {
  adapters: ReadonlyMap<string, ProviderAdapter>;
  connections: ConnectionResolver;
  settings: AiSettingsRepository;
  /** The built-in catalog plus models the server itself prices (e.g. a local OpenAI-compatible model). */
  models: readonly CatalogModel[];
  leases: BudgetLeases;
  writer: UsageWriter;
  cache: ResponseCache;
  alerts: BudgetAlertSink;
  cooldowns: CooldownTracker;
  retryPolicy: RetryPolicy;
  /** Counts calls against each connection's own requests and tokens per minute, shared by every instance. */
  rateLimiter?: ConnectionRateLimiter | undefined;
  /** Longest a call waits for its connection's next minute before it goes to a fallback (CONNECTION_RATE_LIMIT_MAX_WAIT_MS). */
  rateLimitMaxWaitMs?: number | undefined;
  /** Longest single provider call. */
  attemptTimeoutMs: number;
  /** Longest a whole askAI call may take when the request sets no deadline. */
  deadlineMs: number;
  /** Where usage is recorded: no provider is called while it is known to be unreachable (fail closed). */
  storage?: { ensureAvailable(): void } | undefined;
  /** How long an answer waits for its usage record to be in Firestore before the caller is told it could not be recorded. */
  usageDurableTimeoutMs?: number | undefined;
  /** Told of every provider call (latency and provider-down alerts). */
  observeAttempt?: ObserveAttempt | undefined;
  /** Where failures nobody waits for (a budget alert, a level refresh) and our own bugs are reported. */
  logger?: Logger | undefined;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/**
 * One askAI call as it goes through the steps. Each step reads what earlier steps put here and hands on the
 * run extended with its own result; the stages below name what a run holds after each step.
 */
export interface AskAiRun {
  readonly request: AskAiRequest;
  readonly dependencies: AskAiDependencies;
  readonly now: () => number;
  /** When askAI started: the default deadline, the budget periods and the lifecycle day count from it. */
  readonly startedAt: number;
  /** The organisation's catalog, built once per settings version rather than once per request. */
  readonly catalogFor: (settings: RunSettings) => ModelCatalog;
}

/** After resolveRequestedModel: the settings, and the tag's model or the organisation's default. */
export interface ResolvedRun extends AskAiRun {
  readonly settings: RunSettings;
  readonly catalog: ModelCatalog;
  readonly requested: ModelReference;
  readonly requestedModel: PricedModel;
}

/** After summarizeContext: the prompt fitted to any model, and to the requested one (the cache key, the reservation). */
export interface SummarizedRun extends ResolvedRun {
  /** The output limit the requested model gets on a normal budget. */
  readonly requestedLimit: TokenLimit;
  readonly prompts: PromptFitter;
  readonly requestedPrompt: ModelPrompt;
}

/** After enforceBudget: the worst case is held on every budget that applies. */
export interface BudgetedRun extends SummarizedRun {
  readonly reservation: BudgetReservation;
}

/** After selectModel: the model to call first, then the fallbacks. */
export interface SelectedRun extends BudgetedRun {
  readonly selection: ModelSelection;
}

/** After enforceTokenLimit: the output limit for the selected model at the budget's level. */
export interface LimitedRun extends SelectedRun {
  readonly limit: TokenLimit;
}

/** After execute: every attempt, billed or not, and the answer if one came. */
export interface ExecutedRun extends LimitedRun {
  readonly outcome: ExecutionOutcome;
  /** Time spent calling providers and waiting between retries. */
  readonly providerMs: number;
}

/** After logAICost: the reservation is settled and the usage records are on their way to Firestore. */
export interface LoggedRun extends ExecutedRun {
  readonly logged: LoggedCost;
}

/** A logged run that has an answer to return. */
export interface AnsweredRun extends LoggedRun {
  readonly success: ExecutionSuccess;
}

export function startRun(request: AskAiRequest, dependencies: AskAiDependencies, catalogFor: AskAiRun['catalogFor']): AskAiRun {
  const now = dependencies.now ?? Date.now;
  return { request, dependencies, now, startedAt: now(), catalogFor };
}

import { FirestoreUnavailableError } from '../platform/firestore/firestore-availability';
import { NoModelAvailableError, RetiredModelError } from './ai-errors';
import type { AskAi, AskAiRequest, AskAiResult } from './ask-ai-types';
import type { BudgetAlertSink } from './budget/budget-alerts';
import type { BudgetLeases } from './budget/budget-leases';
import type { ResponseCache } from './cache/response-cache';
import type { ConnectionResolver } from './connections/connection-resolver';
import type { CooldownTracker } from './execution/cooldown-tracker';
import type { RetryPolicy } from './execution/retry-policy';
import type { UsageWriter } from './ledger/usage-writer';
import { customiseCatalog, modelKey, type CatalogModel, type ModelCatalog, type ModelReference } from './models/model-catalog';
import { countPromptTokens } from './models/count-tokens';
import { toDollars, worstCaseNanoDollars } from './models/model-cost';
import { fitRequest } from './models/fit-request';
import { dayOf, isRetired, retiredModelMessage } from './models/model-lifecycle';
import { pricedModel } from './models/priced-model';
import { requestedModel } from './models/requested-model';
import type { ProviderAdapter } from './providers/provider-adapter';
import type { AiSettings } from './settings/ai-settings';
import type { AiSettingsRepository } from './settings/ai-settings-repository';
import { cacheInput, lookupCache, storeInCache, type CacheInput } from './steps/cache';
import { canCallAi } from './steps/can-call-ai';
import { enforceBudget } from './steps/enforce-budget';
import { enforceTokenLimit } from './steps/enforce-token-limit';
import { execute } from './steps/execute';
import { logAiCost, logCacheHit } from './steps/log-ai-cost';
import { selectModel } from './steps/select-model';
import { summarizeContext } from './steps/summarize-context';

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
  /** Longest single provider call. */
  attemptTimeoutMs: number;
  /** Longest a whole askAI call may take when the request sets no deadline. */
  deadlineMs: number;
  /** Where usage is recorded: no provider is called while it is known to be unreachable (fail closed). */
  storage?: { ensureAvailable(): void } | undefined;
  /** How long an answer waits for its usage record to be in Firestore before the caller is told it could not be recorded. */
  usageDurableTimeoutMs?: number | undefined;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** The words the sidebar, the preview and the fill record show next to a cut-off tag. */
export const truncatedWarning = 'The text was cut off at the maximum output length: raise the max output tokens or ask for less.';

function staticResult(answer: string): AskAiResult {
  const usage = { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0 };
  return {
    text: answer,
    usage,
    cost: 0,
    cached: false,
    provider: 'none',
    model: 'static',
    requestedModel: 'static',
    warnings: [],
    budgetLevel: 'normal',
    attempts: 0,
    providerMs: 0,
  };
}

/**
 * Waits for an answer's usage record. When Firestore does not take it in time the record stays queued (written
 * once Firestore answers, exactly once) and the caller is told to try again: the answer waits in the cache.
 */
async function recorded(durable: Promise<void>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
  try {
    const inTime = await Promise.race([durable.then(() => true), late]);
    if (!inTime) {
      throw new FirestoreUnavailableError(
        'The answer was generated, but our database is not answering, so its cost could not be recorded yet; it will be once the database is back. Try again in a minute.',
        30,
      );
    }
  } finally {
    clearTimeout(timer);
  }
}

/** The only code that reaches a model. Each step is one line, in the order of SPEC.md section 6. */
export function createAskAi(dependencies: AskAiDependencies): AskAi {
  const now = dependencies.now ?? Date.now;
  const catalogs = new WeakMap<AiSettings, ModelCatalog>();
  const catalogFor = (settings: AiSettings) => {
    let catalog = catalogs.get(settings);
    if (!catalog) catalogs.set(settings, (catalog = customiseCatalog(dependencies.models, settings)));
    return catalog;
  };

  return async function askAi(request: AskAiRequest): Promise<AskAiResult> {
    const startedAt = now();
    const decision = canCallAi(request);
    if (!decision.call) return staticResult(decision.answer);

    const settings = await dependencies.settings.get(request.organisationId);
    const catalog = catalogFor(settings);
    const requested = await requestedModel(request, settings, catalog, dependencies.connections);
    const requestedEntry = pricedModel(catalog, requested);
    // Before the cache: a template still set to a retired model is told so, not served an old answer.
    if (isRetired(requestedEntry, dayOf(startedAt))) throw new RetiredModelError({ message: retiredModelMessage(requestedEntry) });
    const requestedLimit = enforceTokenLimit(request, requestedEntry, settings, 'normal');
    const summary = summarizeContext(request, {
      contextTokenBudget: settings.contextTokenBudget,
      contextWindow: requestedEntry.contextWindow,
      maxOutputTokens: requestedLimit.maxOutputTokens,
    });
    const cacheFor = (reference: ModelReference, maxOutputTokens: number): CacheInput =>
      cacheInput({
        organisationId: request.organisationId,
        generation: {
          ...reference,
          system: settings.systemInstruction,
          prompt: summary.prompt,
          temperature: request.temperature,
          maxOutputTokens,
          outputFormat: request.outputFormat ?? 'plain',
        },
        ttlSeconds: settings.cacheTtlSeconds,
        bypass: request.bypassCache ?? false,
        cache: dependencies.cache,
      });
    const requestedCache = cacheFor(requested, requestedLimit.maxOutputTokens);

    const hit = lookupCache(requestedCache, now());
    if (hit) {
      void logCacheHit(request, hit, dependencies.writer, new Date(now()));
      // A cached text cut off at the output limit is still cut off: the person is told again.
      const warnings = hit.finishReason === 'length' ? [...summary.warnings, truncatedWarning] : summary.warnings;
      return {
        text: hit.text,
        usage: hit.usage,
        cost: 0,
        cached: true,
        provider: hit.provider,
        model: hit.model,
        requestedModel: requested.model,
        warnings,
        budgetLevel: 'normal',
        attempts: 0,
        providerMs: 0,
      };
    }

    const tokenCounts = new Map<string, number>();
    const promptTokens = (reference: ModelReference) => {
      const key = modelKey(reference);
      let count = tokenCounts.get(key);
      if (count === undefined)
        tokenCounts.set(key, (count = countPromptTokens(reference, `${settings.systemInstruction ?? ''}\n${summary.prompt}`)));
      return count;
    };
    // A reasoning model may bill its thinking room on top of the answer: the ceiling and the reservation count it.
    const requestedOutputTokens = fitRequest(requestedEntry, {
      temperature: request.temperature,
      maxOutputTokens: requestedLimit.maxOutputTokens,
    }).maxOutputTokens;
    const worstCase = worstCaseNanoDollars(requestedEntry.prices, promptTokens(requested), requestedOutputTokens);
    const reservation = await enforceBudget({
      ...request,
      worstCaseNanoDollars: worstCase,
      settings,
      leases: dependencies.leases,
      alerts: dependencies.alerts,
      now: new Date(startedAt),
    });
    let settled = false;
    try {
      const selection = await selectModel({
        organisationId: request.organisationId,
        requested,
        level: reservation.level,
        settings,
        catalog,
        connections: dependencies.connections,
        cooldowns: dependencies.cooldowns,
        today: dayOf(startedAt),
      });
      const limit = enforceTokenLimit(request, selection.candidates[0]?.model ?? requestedEntry, settings, reservation.level);
      // Fail closed: an answer whose cost cannot be recorded is not bought.
      dependencies.storage?.ensureAvailable();
      const executeStartedAt = now();
      const outcome = await execute({
        organisationId: request.organisationId,
        candidates: selection.candidates,
        system: settings.systemInstruction,
        prompt: summary.prompt,
        temperature: request.temperature,
        maxOutputTokens: limit.maxOutputTokens,
        deadlineAt: request.deadlineAt ?? startedAt + dependencies.deadlineMs,
        signal: request.signal,
        budget: reservation,
        adapters: dependencies.adapters,
        cooldowns: dependencies.cooldowns,
        retryPolicy: dependencies.retryPolicy,
        attemptTimeoutMs: dependencies.attemptTimeoutMs,
        promptTokens,
        now,
        sleep: dependencies.sleep,
        random: dependencies.random,
      });
      const executeEndedAt = now();
      settled = true;
      const success = outcome.success;
      const logged = logAiCost({
        request,
        requested,
        outcome,
        reservation,
        leases: dependencies.leases,
        writer: dependencies.writer,
        now: new Date(now()),
      });
      if (success) {
        const maxOutputTokens = Math.min(limit.maxOutputTokens, success.candidate.model.maxOutputTokens);
        const servedAsRequested =
          modelKey(success.candidate.reference) === modelKey(requested) && maxOutputTokens === requestedLimit.maxOutputTokens;
        const servedCache = servedAsRequested ? requestedCache : cacheFor(success.candidate.reference, maxOutputTokens);
        storeInCache(
          servedCache,
          { text: success.result.text, usage: success.result.usage, finishReason: success.result.finishReason },
          now(),
        );
      }
      // A failed answer may still have been billed: its record is written behind the error (a loss is logged there).
      if (!success) logged.durable.catch(() => undefined);
      if (!success)
        throw (
          outcome.error ??
          new NoModelAvailableError({ message: `No model could be called for ${modelKey(requested)}. Try again in a minute.` })
        );
      // The answer is returned only once its cost is in Firestore: a crash right after cannot lose it.
      await recorded(logged.durable, dependencies.usageDurableTimeoutMs ?? 10_000);

      const warnings = [...summary.warnings, ...reservation.warnings, ...selection.warnings, ...limit.warnings, ...success.warnings];
      if (success.result.finishReason === 'length') warnings.push(truncatedWarning);
      if (success.usageEstimated) warnings.push('The provider reported no token usage, so the cost recorded is an estimate.');
      const fellBack = modelKey(success.candidate.reference) !== modelKey(selection.candidates[0]?.reference ?? requested);
      if (fellBack)
        warnings.push(
          `${modelKey(selection.candidates[0]?.reference ?? requested)} failed, so the fallback model ${modelKey(success.candidate.reference)} wrote this text.`,
        );
      return {
        text: success.result.text,
        usage: success.result.usage,
        cost: toDollars(logged.costNanoDollars),
        cached: false,
        provider: success.candidate.reference.provider,
        model: success.result.servedModel,
        requestedModel: requested.model,
        warnings,
        budgetLevel: reservation.level,
        attempts: outcome.attempts.length,
        providerMs: executeEndedAt - executeStartedAt,
      };
    } catch (error) {
      if (!settled) dependencies.leases.settle(request.organisationId, reservation.limited, reservation.reservedNanoDollars, 0);
      throw error;
    }
  };
}

import type { ObserveAttempt } from './execution/attempt-observation';
import type { Firestore } from '../platform/firestore/connect-firestore';
import type { Config } from '../platform/config';
import { createAskAi, type AskAiDependencies } from './ask-ai';
import type { AskAi } from './ask-ai-types';
import type { BudgetAlertSink } from './budget/budget-alerts';
import { createBudgetExhaustionCheck } from './budget/budget-exhaustion';
import { BudgetLeases } from './budget/budget-leases';
import { createBudgetStatusReader, type BudgetStatusReader } from './budget/budget-status';
import { createMemoryResponseCache } from './cache/response-cache';
import { createEnvironmentConnectionResolver, type ConnectionResolver } from './connections/connection-resolver';
import { CooldownTracker } from './execution/cooldown-tracker';
import { defaultRetryPolicy } from './execution/retry-policy';
import { createLedgerRepository } from './ledger/ledger-repository';
import { createConnectionWindowsRepository } from './rate-limits/connection-windows-repository';
import { UsageWriter } from './ledger/usage-writer';
import { settlesWithin } from '../platform/settles-within';
import type { Logger } from '../platform/logger';
import { builtInModels, createModelCatalog, mergeCatalogs, type CatalogModel } from './models/model-catalog';
import type { ProviderAdapter, ProviderId } from './providers/provider-adapter';
import type { OutboundGuard } from '../platform/outbound/outbound-guard';
import type { FirestoreAvailability } from '../platform/firestore/firestore-availability';
import { createProviderRegistry } from './providers/create-provider-registry';
import { withServerKeyBudget } from './settings/server-key-budget';
import { createAiSettingsRepository, type AiSettingsRepository } from './settings/ai-settings-repository';

export interface ComposedAi {
  askAi: AskAi;
  connections: ConnectionResolver;
  settings: AiSettingsRepository;
  models: readonly CatalogModel[];
  adapters: ReadonlyMap<ProviderId, ProviderAdapter>;
  budgetStatus: BudgetStatusReader;
  /**
   * Waits for every usage record to be written and gives back unused budget leases (shutdown, tests). With
   * `timeoutMs` it stops waiting then, and logs each record still unwritten in full so an operator can replay it.
   */
  drain(timeoutMs?: number): Promise<void>;
  /** Starts renewing this instance's budget leases and returning those of stopped instances. */
  start(): void;
  /** Stops the timers that renew, reclaim and give back budget leases (shutdown). */
  stop(): void;
}

/** The server-configured connections (each provider's variables, e.g. OPENAI_*), in the registry's order of preference. */
export function environmentConnections(config: Config): ConnectionResolver {
  return createEnvironmentConnectionResolver({
    production: config.NODE_ENV === 'production',
    servedOrganisations: config.SERVER_KEY_ORGANISATIONS,
    connections: config.serverConnections,
  });
}

/**
 * The built-in catalog with the operator's newer catalog file over it (MODEL_CATALOG_FILE), plus the
 * server connections' default models the configuration prices (e.g. a local OpenAI-compatible model).
 */
export function serverModels(config: Config): CatalogModel[] {
  let catalog = mergeCatalogs(builtInModels, config.MODEL_CATALOG_FILE?.models ?? []);
  for (const { provider, defaultModel, defaultModelPrices: prices } of config.serverConnections) {
    if (!prices) continue;
    const known = createModelCatalog(catalog).find({ provider, model: defaultModel });
    const model: CatalogModel = known
      ? { ...known, prices }
      : {
          provider,
          id: defaultModel,
          displayName: defaultModel,
          contextWindow: 8192,
          maxOutputTokens: 4096,
          prices,
          capabilities: [],
          complexity: 'simple',
        };
    catalog = mergeCatalogs(catalog, [model]);
  }
  return catalog;
}

export interface ComposeAskAiOptions {
  /** Where budget threshold crossings go (alerts/budget-alerts-repository.ts), passed in because alerts/ builds on ai/. */
  budgetAlerts: BudgetAlertSink;
  /** The outbound guard every provider call goes through. */
  outbound?: OutboundGuard | undefined;
  /** Whether Firestore answers: askAI calls no provider while usage cannot be recorded. */
  storage?: FirestoreAvailability | undefined;
  /** Told of every provider call (alerts/provider-health-monitor.ts), passed in for the same reason. */
  observeAttempt?: ObserveAttempt | undefined;
}

export function composeAskAi(
  config: Config,
  firestore: Firestore,
  logger: Logger | undefined,
  connections: ConnectionResolver = environmentConnections(config),
  options: ComposeAskAiOptions,
): ComposedAi {
  const ledger = createLedgerRepository(firestore, { shards: config.BUDGET_COUNTER_SHARDS });
  const leases = new BudgetLeases(ledger, { renewMs: config.INSTANCE_HEARTBEAT_MS, logger });
  const alerts = options.budgetAlerts;
  // The exhausted alert follows the written spend: see budget-exhaustion.ts.
  const writer = new UsageWriter(ledger, {
    logger,
    lingerMs: config.USAGE_WRITE_LINGER_MS,
    afterCommit: createBudgetExhaustionCheck({ ledger, alerts, logger }),
  });
  const stored = createAiSettingsRepository(firestore);
  const settings =
    config.NODE_ENV === 'production'
      ? withServerKeyBudget(stored, { organisations: config.SERVER_KEY_ORGANISATIONS, dailyUsd: config.SERVER_KEY_DAILY_BUDGET_USD })
      : stored;
  const models = serverModels(config);
  const adapters = createProviderRegistry({ logger, outbound: options.outbound });
  const dependencies: AskAiDependencies = {
    adapters,
    connections,
    settings,
    models,
    leases,
    writer,
    cache: createMemoryResponseCache(),
    alerts,
    cooldowns: new CooldownTracker(),
    retryPolicy: { ...defaultRetryPolicy, maxAttempts: config.AI_MAX_ATTEMPTS, baseDelayMs: config.AI_RETRY_BASE_DELAY_MS },
    attemptTimeoutMs: config.AI_REQUEST_TIMEOUT_MS,
    rateLimiter: createConnectionWindowsRepository({ firestore, logger }),
    rateLimitMaxWaitMs: config.CONNECTION_RATE_LIMIT_MAX_WAIT_MS,
    deadlineMs: config.AI_DEADLINE_MS,
    storage: options.storage,
    observeAttempt: options.observeAttempt,
    // Twice Firestore's deadline: one commit that timed out and the retry after it.
    usageDurableTimeoutMs: 2 * config.FIRESTORE_DEADLINE_MS,
    logger,
  };
  return {
    askAi: createAskAi(dependencies),
    connections,
    settings,
    models,
    adapters,
    budgetStatus: createBudgetStatusReader(settings, ledger),
    start() {
      leases.start();
    },
    stop() {
      leases.stop();
      writer.stop();
    },
    async drain(timeoutMs) {
      const startedAt = Date.now();
      const unwritten = await writer.flush(timeoutMs);
      // The last trace of money owed: each line holds a whole ledger entry (no secrets), enough to replay it.
      for (const entry of unwritten) logger?.error({ unwrittenUsage: entry }, 'usage not recorded before shutdown');
      // With Firestore down there is no giving leases back: another instance returns them once they fall silent.
      if (options.storage?.available() === false) return;
      const released = leases
        .releaseAll()
        .catch((error: unknown) =>
          logger?.warn({ err: error }, 'budget leases could not be given back; another instance returns them once they fall silent'),
        );
      if (timeoutMs === undefined) await released;
      else await settlesWithin(released, Math.max(0, startedAt + timeoutMs - Date.now()));
    },
  };
}

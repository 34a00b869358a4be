import { createAskAi, type AskAiDependencies } from '../../backend/src/ai/ask-ai';
import type { AskAi, AskAiRequest } from '../../backend/src/ai/ask-ai-types';
import { createBudgetAlertsRepository } from '../../backend/src/alerts/budget-alerts-repository';
import { BudgetLeases } from '../../backend/src/ai/budget/budget-leases';
import { createMemoryResponseCache } from '../../backend/src/ai/cache/response-cache';
import { createEnvironmentConnectionResolver } from '../../backend/src/ai/connections/connection-resolver';
import { CooldownTracker } from '../../backend/src/ai/execution/cooldown-tracker';
import { defaultRetryPolicy, type RetryPolicy } from '../../backend/src/ai/execution/retry-policy';
import { createLedgerRepository, type LedgerRepository } from '../../backend/src/ai/ledger/ledger-repository';
import type { UsageRecord } from '../../backend/src/ai/ledger/ledger-types';
import { UsageWriter } from '../../backend/src/ai/ledger/usage-writer';
import { builtInModels } from '../../backend/src/ai/models/model-catalog';
import { createProviderRegistry } from '../../backend/src/ai/providers/create-provider-registry';
import { createAiSettingsRepository } from '../../backend/src/ai/settings/ai-settings-repository';
import { connectFirestore, type FirestoreConnection } from '../../backend/src/platform/firestore/connect-firestore';
import { startAllProviderServers, type AllProviderServers } from '../../harness/provider-servers';

export interface AskAiStack {
  askAi: AskAi;
  dependencies: AskAiDependencies;
  ledger: LedgerRepository;
  leases: BudgetLeases;
  writer: UsageWriter;
  /** Waits for the usage writer and gives back unused leases, as the server does at shutdown. */
  drain(): Promise<void>;
  servers: AllProviderServers;
  firestore: FirestoreConnection;
  /** Writes orgs/{org}/settings/ai as an admin would; read fresh on the next call. */
  setSettings(organisationId: string, settings: Record<string, unknown>): Promise<void>;
  usageRecords(organisationId: string): Promise<UsageRecord[]>;
  /** Reserved and spent over every counter shard of the organisation, by "scope|period". */
  counters(organisationId: string): Promise<Map<string, { reserved: number; spent: number }>>;
  close(): Promise<void>;
}

export interface AskAiStackOptions {
  retryPolicy?: Partial<RetryPolicy>;
  attemptTimeoutMs?: number;
  deadlineMs?: number;
  shards?: number;
}

/** askAI with every real part: the three SDKs against the stand-in servers and the ledger on the embedded emulator. */
export async function startAskAiStack(options: AskAiStackOptions = {}): Promise<AskAiStack> {
  const firestore = await connectFirestore({});
  const servers = await startAllProviderServers();
  const db = firestore.firestore;
  const ledger = createLedgerRepository(db, { shards: options.shards ?? 4 });
  const leases = new BudgetLeases(ledger);
  const writer = new UsageWriter(ledger);
  const dependencies: AskAiDependencies = {
    adapters: createProviderRegistry(),
    connections: createEnvironmentConnectionResolver({
      production: false,
      servedOrganisations: [],
      connections: [
        { provider: 'openai', apiKey: 'sk-stack-openai', baseUrl: servers.openai.baseUrl, defaultModel: 'gpt-6-luna' },
        { provider: 'anthropic', apiKey: 'sk-ant-stack', baseUrl: servers.anthropic.baseUrl, defaultModel: 'claude-haiku-4-5' },
        { provider: 'gemini', apiKey: 'gemini-stack-key', baseUrl: servers.gemini.baseUrl, defaultModel: 'gemini-3.5-flash-lite' },
      ],
    }),
    settings: createAiSettingsRepository(db, { cacheMs: 0 }),
    models: builtInModels,
    leases,
    writer,
    cache: createMemoryResponseCache(),
    alerts: createBudgetAlertsRepository(db),
    cooldowns: new CooldownTracker(),
    retryPolicy: { ...defaultRetryPolicy, baseDelayMs: 1, maxDelayMs: 5, ...options.retryPolicy },
    attemptTimeoutMs: options.attemptTimeoutMs ?? 2000,
    deadlineMs: options.deadlineMs ?? 10_000,
  };
  return {
    askAi: createAskAi(dependencies),
    dependencies,
    ledger,
    leases,
    writer,
    async drain() {
      await writer.flush();
      await leases.releaseAll();
    },
    servers,
    firestore,
    async setSettings(organisationId, settings) {
      await db.doc(`orgs/${organisationId}/settings/ai`).set({ current: settings });
    },
    async usageRecords(organisationId) {
      await writer.flush();
      const snapshot = await db.collection(`orgs/${organisationId}/usage`).get();
      return snapshot.docs.map((document) => document.data() as UsageRecord);
    },
    async counters(organisationId) {
      await writer.flush();
      await leases.releaseAll();
      const snapshot = await db.collection(`orgs/${organisationId}/budgetCounters`).get();
      const totals = new Map<string, { reserved: number; spent: number }>();
      for (const document of snapshot.docs) {
        const key = `${document.get('scope')}|${document.get('period')}`;
        const entry = totals.get(key) ?? { reserved: 0, spent: 0 };
        entry.reserved += Number(document.get('reservedNanoDollars') ?? 0);
        entry.spent += Number(document.get('spentNanoDollars') ?? 0);
        totals.set(key, entry);
      }
      return totals;
    },
    async close() {
      await writer.flush();
      leases.stop();
      await servers.close();
      await firestore.close();
    },
  };
}

let requestCounter = 0;

/** A request with a fresh id and prompt unless overridden. */
export function askRequest(overrides: Partial<AskAiRequest> = {}): AskAiRequest {
  requestCounter += 1;
  return {
    organisationId: 'domain:example.com',
    userId: 'user-1',
    requestId: `request-${requestCounter}-${Date.now()}`,
    instruction: `Write a short greeting number ${requestCounter}.`,
    origin: { templateId: 'template-1', fillId: 'fill-1', tag: `tag${requestCounter}` },
    ...overrides,
  };
}

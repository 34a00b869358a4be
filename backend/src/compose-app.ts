import type { Express } from 'express';
import type { Firestore } from './platform/firestore/connect-firestore';
import { createApp } from './app';
import { composeAlerts } from './alerts/compose-alerts';
import { createSmtpEmailSender } from './alerts/smtp-email-sender';
import { outcomeOfAskAi } from './alerts/error-spike-monitor';
import { createAuditLog } from './audit/audit-log';
import { createAuditRepository } from './audit/audit-repository';
import { createAuthenticate } from './auth/authenticate';
import { createDevelopmentTokenVerifier } from './auth/development-token';
import { createGoogleIdentityVerifier } from './auth/google-identity-verifier';
import type { IdentityVerifier } from './auth/identity';
import type { AskAiResult } from './ai/ask-ai-types';
import { composeAskAi, environmentConnections } from './ai/compose-ask-ai';
import { createExecutionsRepository } from './fills/executions-repository';
import { createFillOutputExpiriesRepository } from './fills/fill-output-expiries-repository';
import { createFillOutputSweeper } from './fills/fill-output-sweeper';
import { createFillProgress, settlesWithin } from './fills/fill-progress';
import { createFirestoreReadinessCheck } from './health/firestore-readiness-repository';
import { createConnectionTester } from './keys/connection-tester';
import { createConnectionsRepository } from './keys/connections-repository';
import type { KeyRing } from './keys/key-encryption-key';
import { keyRingFromConfig } from './keys/key-ring-from-config';
import { createKeyVault, type KeyVault } from './keys/key-vault';
import { createVaultConnectionResolver } from './keys/vault-connection-resolver';
import { createMembership } from './members/membership';
import { createMembersRepository } from './members/members-repository';
import type { Config } from './platform/config';
import { createServiceMetrics } from './platform/http/metrics';
import { createOutboundGuard, type ResolveAll } from './platform/outbound/outbound-guard';
import type { Logger } from './platform/logger';
import { createTemplatesRepository } from './templates/templates-repository';
import { createUsageRepository } from './usage/usage-repository';

export interface CompositionOverrides {
  identityVerifier?: IdentityVerifier;
  keyRing?: KeyRing;
  /** The clock of fills and their texts' retention, so tests can move past it instead of waiting hours. */
  now?: () => number;
  /** How the outbound guard resolves host names; tests make a name resolve to each private range. */
  resolveHost?: ResolveAll;
}

/** Wires the real dependencies from configuration; the one place that knows every concrete implementation. */
export interface ComposedApp {
  app: Express;
  vault: KeyVault;
  /** Starts the periodic work (the alert outbox sweep, the expired fill outputs sweep); the running server calls it, composing alone starts no timer. */
  startBackgroundWork(): void;
  /** Waits for background work (fills still running, usage records, budget leases, then alert deliveries). */
  drain(): Promise<void>;
  /**
   * For shutdown, within Cloud Run's 10 s between SIGTERM and SIGKILL: stops the periodic sweeps, lets running
   * fills finish and their usage be written, then waits for alert deliveries only as long as time is left.
   */
  close(): Promise<void>;
}

/** Within Cloud Run's default 10 s between SIGTERM and SIGKILL, leaving time for the usage records. */
const fillDrainTimeoutMs = 8_000;
/** All of shutdown: what is left of it after the fills and usage records goes to alert deliveries. */
const shutdownTimeoutMs = 9_500;

function identityVerifierFor(config: Config): IdentityVerifier {
  return config.AUTH_MODE === 'development' ? createDevelopmentTokenVerifier() : createGoogleIdentityVerifier({ audiences: config.GOOGLE_OAUTH_AUDIENCES });
}

export function composeApp(config: Config, firestore: Firestore, logger: Logger, overrides: CompositionOverrides = {}): ComposedApp {
  const members = createMembersRepository(firestore);
  const membership = createMembership({ repository: members, bootstrapOwnerEmails: config.BOOTSTRAP_OWNER_EMAILS, firstUserBecomesOwner: config.NODE_ENV !== 'production' });
  const connectionsRepository = createConnectionsRepository(firestore);
  const ring = overrides.keyRing ?? keyRingFromConfig(config);
  const vault = createKeyVault({ repository: connectionsRepository, ring });
  const resolver = createVaultConnectionResolver({ repository: connectionsRepository, vault, fallback: environmentConnections(config), logger });
  // Every call to an endpoint someone configured (provider base URLs, webhooks) goes through this one guard.
  const outbound = createOutboundGuard({ production: config.NODE_ENV === 'production', allowed: config.OUTBOUND_ALLOWED_HOSTS, resolve: overrides.resolveHost });
  const ai = composeAskAi(config, firestore, logger, resolver, { onBudgetAlertRaised: (reference) => alerts.deliverer.deliverSoon(reference), outbound });
  const emailSender = config.SMTP_URL ? createSmtpEmailSender({ url: config.SMTP_URL, from: config.ALERT_EMAIL_FROM }) : undefined;
  const alerts = composeAlerts({ firestore, ring, settings: ai.settings, logger, googleChatBaseUrl: config.GOOGLE_CHAT_WEBHOOK_BASE_URL, emailSender, fetch: outbound.fetch });
  const metrics = createServiceMetrics();
  const observed = async (request: Parameters<typeof ai.askAi>[0]): Promise<AskAiResult> => {
    const startedAt = performance.now();
    let result: AskAiResult;
    try {
      result = await ai.askAi(request);
    } catch (error) {
      void alerts.spikes.record(request.organisationId, outcomeOfAskAi(undefined, error));
      throw error;
    }
    void alerts.spikes.record(request.organisationId, outcomeOfAskAi(result));
    metrics.observeAskAi({ totalMs: performance.now() - startedAt, providerMs: result.providerMs, cached: result.cached });
    return result;
  };
  const auditRepository = createAuditRepository(firestore);
  const fillProgress = createFillProgress({ now: overrides.now });
  const fillOutputSweeper = createFillOutputSweeper({ repository: createFillOutputExpiriesRepository(firestore), logger, now: overrides.now });
  const app = createApp({
    logger,
    authenticate: createAuthenticate(overrides.identityVerifier ?? identityVerifierFor(config), membership),
    membership,
    members,
    audit: { repository: auditRepository, log: createAuditLog(auditRepository) },
    askAi: observed,
    budgetStatus: ai.budgetStatus,
    models: ai.models,
    settings: ai.settings,
    alerts: { repository: alerts.repository, channels: alerts.channels },
    connections: { repository: connectionsRepository, vault, resolver, test: createConnectionTester(ai.adapters, { timeoutMs: Math.min(config.AI_REQUEST_TIMEOUT_MS, 15_000) }) },
    templates: createTemplatesRepository(firestore),
    executions: createExecutionsRepository(firestore, { outputRetentionMs: config.FILL_OUTPUT_RETENTION_HOURS * 3_600_000, now: overrides.now }),
    fillProgress,
    usage: createUsageRepository(firestore, { logger }),
    readinessChecks: [createFirestoreReadinessCheck(firestore)],
    metrics,
    // Production serves metrics only to whoever holds the token; locally they are open for a quick look.
    metricsAccess: config.METRICS_TOKEN ? { token: config.METRICS_TOKEN } : config.NODE_ENV === 'production' ? 'off' : 'open',
    rateLimits: {
      perUserPerMinute: config.RATE_LIMIT_USER_PER_MINUTE,
      perOrganisationPerMinute: config.RATE_LIMIT_ORGANISATION_PER_MINUTE,
      unauthenticatedPerAddressPerMinute: config.RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE,
    },
    fillConcurrency: config.FILL_CONCURRENCY,
    fillDeadlineMs: config.AI_DEADLINE_MS,
    fillMaxDurationMs: config.FILL_MAX_DURATION_MS,
    fillOutputRetentionHours: config.FILL_OUTPUT_RETENTION_HOURS,
    now: overrides.now,
    jsonBodyLimit: config.JSON_BODY_LIMIT,
    trustProxy: config.TRUST_PROXY,
  });
  const settleFillsAndUsage = async () => {
    // Fills answered 202 run on in the background: let them record their executions first (bounded, as the
    // platform kills the process soon after SIGTERM; an unfinished one is later answered as interrupted).
    await fillProgress.settle(fillDrainTimeoutMs);
    // Their usage records next: the written spend may still raise an exhausted alert, delivered below.
    await ai.drain();
  };
  return {
    app,
    vault,
    startBackgroundWork() {
      alerts.deliverer.start();
      fillOutputSweeper.start();
    },
    async drain() {
      await settleFillsAndUsage();
      await alerts.deliverer.drain();
    },
    async close() {
      const startedAt = Date.now();
      alerts.deliverer.stop();
      fillOutputSweeper.stop();
      await settleFillsAndUsage();
      // An alert not delivered by then stays in the outbox, and another instance's sweep sends it.
      await settlesWithin(alerts.deliverer.drain(), Math.max(0, startedAt + shutdownTimeoutMs - Date.now()));
    },
  };
}

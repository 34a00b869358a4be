import type { Express } from 'express';
import type { Firestore } from './platform/firestore/connect-firestore';
import { createApp } from './app';
import { createBudgetAlertsRepository } from './alerts/budget-alerts-repository';
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
import { createTagFeedbackRepository } from './feedback/tag-feedback-repository';
import { createExecutionsRepository } from './fills/executions-repository';
import { createFillOutputExpiriesRepository } from './fills/fill-output-expiries-repository';
import { createFillOutputSweeper } from './fills/fill-output-sweeper';
import { createFillProgress } from './fills/fill-progress';
import { settlesWithin } from './platform/settles-within';
import { createFirestoreReadinessCheck } from './health/firestore-readiness-repository';
import { composeHubSpot } from './hubspot/compose-hubspot';
import type { HubSpotRunSources } from './hubspot/hubspot-run-sources';
import type { RunJobQueue } from './hubspot/run-job-queue';
import { createShutdownReadinessCheck } from './health/shutdown-readiness';
import { guardFirestore } from './platform/firestore/firestore-availability';
import { createSettledTransitionsSweeper } from './platform/firestore/settled-transitions-sweeper';
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
import { composeRuns, type ComposedRuns } from './runs/compose-runs';
import { hubSpotRunSourcesOf } from './hubspot/hubspot-runs';
import { createHubSpotLinkWriter } from './hubspot/hubspot-link-writer';
import { createTemplatesRepository } from './templates/templates-repository';
import { createUsageRepository } from './usage/usage-repository';
import { composeReports, type ComposedReports } from './reports/compose-reports';
import { createBillingEventsRepository } from './billing/billing-events-repository';
import { withLimitReachedEvents } from './billing/limit-reached-events';
import { withBillingEventsFromAudit } from './billing/billing-events-from-audit';

export interface CompositionOverrides {
  identityVerifier?: IdentityVerifier;
  keyRing?: KeyRing;
  /** The clock of fills and their texts' retention, so tests can move past it instead of waiting hours. */
  now?: () => number;
  /** How the outbound guard resolves host names; tests make a name resolve to each private range. */
  resolveHost?: ResolveAll;
  /** The runs a HubSpot workflow can ask documents of, and their job queue (tests of the HubSpot module alone). */
  hubSpotRuns?: { sources: HubSpotRunSources; queue: RunJobQueue };
  /** How HubSpot's rate-limit waits are slept (tests shorten them). */
  hubSpotSleep?: (ms: number) => Promise<void>;
}

/** Wires the real dependencies from configuration; the one place that knows every concrete implementation. */
export interface ComposedApp {
  app: Express;
  vault: KeyVault;
  /** Runs (many documents from one template); `runs.queue` is how other modules enqueue a record. */
  runs: ComposedRuns;
  /** Cost reports by e-mail: the scheduled sender (started with the background work) and `sendNow`. */
  reports: ComposedReports;
  /** Starts the periodic work (the alert outbox sweep, the cost report scheduler, the expired fill outputs sweep, the settled transitions sweep, budget lease renewal and reclaim); the running server calls it, composing alone starts no timer. */
  startBackgroundWork(): void;
  /** Waits for background work (fills still running, usage records, budget leases, then alert deliveries). */
  drain(): Promise<void>;
  /** Aborted once shutdown begins: readiness fails, long polls answer at once, responses close their connections. */
  stopping: AbortSignal;
  /**
   * For shutdown, within SHUTDOWN_GRACE_MS of SIGTERM (Cloud Run: 10 s): stops the periodic sweeps, lets running
   * fills finish while there is time, interrupts the rest so each is recorded with what it spent, writes every
   * usage record it can (logging in full any it cannot), gives back budget leases, then delivers alerts while
   * time is left.
   */
  close(): Promise<void>;
}

/** Of the grace period: kept back at the end for the process to exit before SIGKILL. */
const exitMarginMs = 500;
/**
 * Of the grace period: fills still running this long before its end are interrupted, leaving time to record
 * them and their usage (3 s of Cloud Run's 10 s; less of a shorter grace period).
 */
const recordReserveFor = (graceMs: number) => Math.min(3000, 0.4 * (graceMs - exitMarginMs));

function identityVerifierFor(config: Config): IdentityVerifier {
  return config.AUTH_MODE === 'development'
    ? createDevelopmentTokenVerifier()
    : createGoogleIdentityVerifier({ audiences: config.GOOGLE_OAUTH_AUDIENCES });
}

export function composeApp(config: Config, firestore: Firestore, logger: Logger, overrides: CompositionOverrides = {}): ComposedApp {
  const members = createMembersRepository(firestore);
  const membership = createMembership({
    repository: members,
    bootstrapOwnerEmails: config.BOOTSTRAP_OWNER_EMAILS,
    firstUserBecomesOwner: config.NODE_ENV !== 'production',
  });
  const connectionsRepository = createConnectionsRepository(firestore);
  const ring = overrides.keyRing ?? keyRingFromConfig(config);
  const vault = createKeyVault({ repository: connectionsRepository, ring });
  const resolver = createVaultConnectionResolver({
    repository: connectionsRepository,
    vault,
    fallback: environmentConnections(config),
    logger,
  });
  // Every call to an endpoint someone configured (provider base URLs, webhooks) goes through this one guard.
  const outbound = createOutboundGuard({
    production: config.NODE_ENV === 'production',
    allowed: config.OUTBOUND_ALLOWED_HOSTS,
    resolve: overrides.resolveHost,
  });
  // Every Firestore call gets a deadline; an outage turns into 503s and stops provider calls (fail closed).
  const availability = guardFirestore(firestore, { deadlineMs: config.FIRESTORE_DEADLINE_MS, logger });
  const shutdown = new AbortController();
  const billingEvents = createBillingEventsRepository(firestore);
  const ai = composeAskAi(config, firestore, logger, resolver, {
    // The instance whose create made a budget alert starts delivering it at once.
    budgetAlerts: withLimitReachedEvents(
      createBudgetAlertsRepository(firestore, { onRaised: (reference) => alerts.deliverer.deliverSoon(reference) }),
      billingEvents,
    ),
    outbound,
    storage: availability,
    // Composed below: alerts read the settings askAI's composition makes; calls only come once both exist.
    observeAttempt: (observation) => alerts.health.record(observation),
  });
  const emailSender = config.SMTP_URL ? createSmtpEmailSender({ url: config.SMTP_URL, from: config.ALERT_EMAIL_FROM }) : undefined;
  const alerts = composeAlerts({
    firestore,
    ring,
    settings: ai.settings,
    logger,
    googleChatBaseUrl: config.GOOGLE_CHAT_WEBHOOK_BASE_URL,
    emailSender,
    fetch: outbound.fetch,
  });
  const hubspot = composeHubSpot({
    firestore,
    ring,
    guard: outbound,
    logger,
    baseUrl: config.HUBSPOT_BASE_URL,
    publicBaseUrl: config.PUBLIC_BASE_URL,
    // The runs are composed below (they read executions); a webhook only arrives once both exist.
    runSources: overrides.hubSpotRuns?.sources ?? {
      find: (organisationId, runId) => hubSpotRunSourcesOf(runs.context).find(organisationId, runId),
    },
    queue: overrides.hubSpotRuns?.queue ?? {
      enqueue: (organisationId, runId, record) => runs.queue.enqueue(organisationId, runId, record),
    },
    sleep: overrides.hubSpotSleep,
    webhookLimits: {
      perAddressPerMinute: config.RATE_LIMIT_WEBHOOK_PER_ADDRESS_PER_MINUTE,
      perOrganisationPerMinute: config.RATE_LIMIT_WEBHOOK_PER_ORGANISATION_PER_MINUTE,
    },
  });
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
  const executions = createExecutionsRepository(firestore, {
    outputRetentionMs: config.FILL_OUTPUT_RETENTION_HOURS * 3_600_000,
    now: overrides.now,
  });
  const fillProgress = createFillProgress({ now: overrides.now, store: executions, logger, heartbeatMs: config.INSTANCE_HEARTBEAT_MS });
  const fillOutputSweeper = createFillOutputSweeper({
    repository: createFillOutputExpiriesRepository(firestore),
    logger,
    now: overrides.now,
  });
  const settledTransitionsSweeper = createSettledTransitionsSweeper({ firestore, logger, now: overrides.now });
  const templates = createTemplatesRepository(firestore);
  const runs = composeRuns({
    firestore,
    templates,
    // A run reads each reported fill's execution record for its metrics.
    readExecution: (organisationId, executionId) => executions.get(organisationId, executionId),
    now: overrides.now,
    // A done job of a HubSpot run with a write-back puts its document's link on the record.
    linkWriter: createHubSpotLinkWriter(hubspot.access),
  });
  const usage = createUsageRepository(firestore, { logger });
  const reports = composeReports({
    firestore,
    members,
    usage,
    budgetStatus: ai.budgetStatus,
    templates,
    emailSender,
    logger,
  });
  const app = createApp({
    logger,
    authenticate: createAuthenticate(overrides.identityVerifier ?? identityVerifierFor(config), membership),
    membership,
    members,
    audit: { repository: auditRepository, log: withBillingEventsFromAudit(createAuditLog(auditRepository), billingEvents) },
    askAi: observed,
    budgetStatus: ai.budgetStatus,
    models: ai.models,
    settings: ai.settings,
    alerts: { repository: alerts.repository, channels: alerts.channels },
    reports: { subscriptions: reports.subscriptions, unavailable: reports.sender.unavailable },
    connections: {
      repository: connectionsRepository,
      vault,
      resolver,
      test: createConnectionTester(ai.adapters, { timeoutMs: Math.min(config.AI_REQUEST_TIMEOUT_MS, 15_000) }),
    },
    templates,
    hubspot,
    executions,
    feedback: createTagFeedbackRepository(firestore, { logger }),
    fillProgress,
    usage,
    runs: runs.context,
    billingEvents,
    readinessChecks: [createShutdownReadinessCheck(shutdown.signal), createFirestoreReadinessCheck(firestore, availability)],
    stopping: shutdown.signal,
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
    fillSilentClaimMs: 3.5 * config.INSTANCE_HEARTBEAT_MS,
    fillOutputRetentionHours: config.FILL_OUTPUT_RETENTION_HOURS,
    now: overrides.now,
    jsonBodyLimit: config.JSON_BODY_LIMIT,
    trustProxy: config.TRUST_PROXY,
  });
  return {
    app,
    vault,
    runs,
    reports,
    stopping: shutdown.signal,
    startBackgroundWork() {
      ai.start();
      alerts.deliverer.start();
      reports.scheduler.start();
      fillOutputSweeper.start();
      settledTransitionsSweeper.start();
    },
    async drain() {
      await fillProgress.settle(60_000);
      await ai.drain();
      await alerts.deliverer.drain();
      await reports.scheduler.drain();
    },
    async close() {
      const endAt = Date.now() + config.SHUTDOWN_GRACE_MS - exitMarginMs;
      const left = (reserveMs = 0) => Math.max(0, endAt - reserveMs - Date.now());
      const recordReserveMs = recordReserveFor(config.SHUTDOWN_GRACE_MS);
      shutdown.abort();
      alerts.deliverer.stop();
      reports.scheduler.stop();
      fillOutputSweeper.stop();
      settledTransitionsSweeper.stop();
      // Fills (answered 202 or still answering) finish while there is time; the rest stop calling models and
      // are recorded as interrupted with what they spent, so the add-on says so and the user fills again.
      await fillProgress.settle(left(recordReserveMs));
      const interrupted = fillProgress.interruptAll();
      if (interrupted > 0) logger.warn({ fills: interrupted }, 'shutting down: fills still running were interrupted');
      await fillProgress.settle(left(recordReserveMs / 3));
      // Every usage record written, or logged in full; budget leases given back.
      await ai.drain(left());
      // An alert not delivered by then stays in the outbox, and another instance's sweep sends it.
      await settlesWithin(alerts.deliverer.drain(), left());
      ai.stop();
      availability.stop();
    },
  };
}

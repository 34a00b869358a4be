import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { createAlertRoutes } from './alerts/alert-routes';
import type { AlertChannels } from './alerts/alert-channels';
import type { AlertsRepository } from './alerts/alerts-repository';
import { createAuditRoutes } from './audit/audit-routes';
import type { AuditLog } from './audit/audit-log';
import type { AuditRepository } from './audit/audit-repository';
import type { Authenticate } from './auth/authenticate';
import type { AskAi } from './ai/ask-ai-types';
import type { BudgetStatusReader } from './ai/budget/budget-status';
import type { CatalogModel } from './ai/models/model-catalog';
import type { AiSettingsRepository } from './ai/settings/ai-settings-repository';
import type { ExecutionsRepository } from './fills/executions-repository';
import type { TagFeedbackRepository } from './feedback/tag-feedback-repository';
import type { FillProgress } from './fills/fill-progress';
import { createFillRoutes } from './fills/fill-routes';
import { createHealthRoutes, type ReadinessCheck } from './health/health-routes';
import { createHubSpotRoutes, type HubSpotRoutesDependencies } from './hubspot/hubspot-routes';
import { createConnectionRoutes } from './keys/connection-routes';
import { createProviderRoutes } from './keys/provider-routes';
import type { ConnectionTester } from './keys/connection-tester';
import type { ConnectionsRepository } from './keys/connections-repository';
import type { KeyVault } from './keys/key-vault';
import type { VaultConnectionResolver } from './keys/vault-connection-resolver';
import { createMemberRoutes } from './members/member-routes';
import type { Membership } from './members/membership';
import type { MembersRepository } from './members/members-repository';
import { defineRoute, type Route } from './platform/http/define-route';
import type { ServiceMetrics } from './platform/http/metrics';
import { mountRoutes, rawBodyKey } from './platform/http/mount-routes';
import { buildOpenApiDocument } from './platform/http/openapi-document';
import { createErrorHandler, unknownRouteHandler } from './platform/http/problem-handlers';
import { createFailedAuthenticationLimit, createRateLimits, type RateLimitOptions } from './platform/http/rate-limits';
import { createRequestLogging } from './platform/http/request-logging';
import type { Logger } from './platform/logger';
import { notFound, unauthorized } from './platform/problem';
import { createRunRoutes } from './runs/run-routes';
import type { RunsContext } from './runs/runs-context';
import { createSessionRoutes } from './session/session-routes';
import { createSettingsRoutes } from './settings/settings-routes';
import { createConfigurationRoutes } from './configuration/configuration-routes';
import { createTemplateRoutes } from './templates/template-routes';
import type { TemplatesRepository } from './templates/templates-repository';
import type { BillingEventsRepository } from './billing/billing-events-repository';
import { createBillingRoutes } from './billing/billing-routes';
import type { UsageRepository } from './usage/usage-repository';
import { createUsageRoutes } from './usage/usage-routes';
import type { CostReportSubscriptionsRepository } from './reports/cost-report-subscriptions-repository';
import { createReportRoutes } from './reports/report-routes';

export interface AppDependencies {
  logger: Logger;
  authenticate: Authenticate;
  membership: Membership;
  members: MembersRepository;
  audit: { repository: AuditRepository; log: AuditLog };
  askAi: AskAi;
  budgetStatus: BudgetStatusReader;
  models: readonly CatalogModel[];
  settings: AiSettingsRepository;
  alerts: { repository: AlertsRepository; channels: AlertChannels };
  /** Admins' opt-in to the cost reports by e-mail, and why none can be sent (no SMTP_URL). */
  reports: { subscriptions: CostReportSubscriptionsRepository; unavailable: string | undefined };
  connections: { repository: ConnectionsRepository; vault: KeyVault; resolver: VaultConnectionResolver; test: ConnectionTester };
  templates: TemplatesRepository;
  /** HubSpot: the connection, record reads and workflow webhooks (hubspot/compose-hubspot.ts). */
  hubspot: HubSpotRoutesDependencies;
  executions: ExecutionsRepository;
  /** 👍/👎 on generated tags: written by the fill routes, summarised and exported by the usage routes. */
  feedback: TagFeedbackRepository;
  /** Aborted once shutdown begins: responses then close their connection, and long polls answer at once. */
  stopping?: AbortSignal | undefined;
  fillProgress: FillProgress;
  usage: UsageRepository;
  runs: RunsContext;
  billingEvents: BillingEventsRepository;
  readinessChecks: ReadinessCheck[];
  metrics: ServiceMetrics;
  /** `open`: anyone (development); `off`: 404 (production without METRICS_TOKEN); a token: `Authorization: Bearer <token>`. */
  metricsAccess: 'open' | 'off' | { token: string };
  rateLimits: RateLimitOptions;
  fillConcurrency: number;
  fillDeadlineMs: number;
  fillMaxDurationMs: number;
  fillOutputRetentionHours: number;
  /** A running fill's claim silent (no heartbeat) this long belongs to an instance that crashed. */
  fillSilentClaimMs?: number | undefined;
  /** The clock of fills (tests move it forward instead of waiting); Date.now when absent. */
  now?: (() => number) | undefined;
  jsonBodyLimit: string;
  trustProxy?: boolean;
}

const serviceInfo = { title: 'AI template fill backend', version: '1.0.0' };

/** Every route of the service; /openapi.json is generated from the same list. */
export function serviceRoutes(dependencies: AppDependencies): Route[] {
  const { audit, connections } = dependencies;
  const memberEmails = async (organisationId: string) =>
    (await dependencies.members.list(organisationId)).filter((member) => !member.removed).map((member) => member.email);
  return [
    ...createHealthRoutes(dependencies.readinessChecks),
    ...createSessionRoutes(connections.resolver, dependencies.budgetStatus),
    ...createMemberRoutes({ members: dependencies.members, membership: dependencies.membership, audit: audit.log }),
    ...createAuditRoutes(audit.repository),
    ...createSettingsRoutes({
      settings: dependencies.settings,
      models: dependencies.models,
      connections: connections.resolver,
      audit: audit.log,
      memberEmails,
    }),
    ...createConfigurationRoutes({
      settings: dependencies.settings,
      models: dependencies.models,
      memberEmails,
      connections: connections.repository,
      connectionsChanged: (organisationId) => connections.resolver.forget(organisationId),
      templates: dependencies.templates,
      audit: audit.log,
      now: () => new Date(),
    }),
    ...createAlertRoutes({
      repository: dependencies.alerts.repository,
      channels: dependencies.alerts.channels,
      settings: dependencies.settings,
      audit: audit.log,
    }),
    ...createReportRoutes({ subscriptions: dependencies.reports.subscriptions, unavailable: dependencies.reports.unavailable }),
    ...createProviderRoutes(),
    ...createConnectionRoutes({
      repository: connections.repository,
      vault: connections.vault,
      resolver: connections.resolver,
      test: connections.test,
      audit: audit.log,
    }),
    ...createTemplateRoutes({
      templates: dependencies.templates,
      settings: dependencies.settings,
      models: dependencies.models,
      connections: connections.resolver,
    }),
    ...createFillRoutes({
      askAi: dependencies.askAi,
      executions: dependencies.executions,
      progress: dependencies.fillProgress,
      templates: dependencies.templates,
      settings: dependencies.settings,
      budgetStatus: dependencies.budgetStatus,
      models: dependencies.models,
      connections: connections.resolver,
      feedback: dependencies.feedback,
      concurrency: dependencies.fillConcurrency,
      deadlineMs: dependencies.fillDeadlineMs,
      maxDurationMs: dependencies.fillMaxDurationMs,
      outputRetentionHours: dependencies.fillOutputRetentionHours,
      stopping: dependencies.stopping,
      silentClaimMs: dependencies.fillSilentClaimMs,
      logger: dependencies.logger,
      now: dependencies.now,
    }),
    ...createUsageRoutes(dependencies.usage, dependencies.feedback),
    ...createRunRoutes(dependencies.runs),
    ...createHubSpotRoutes(dependencies.hubspot, audit.log),
    ...createBillingRoutes(dependencies.billingEvents),
  ];
}

function platformRoutes(dependencies: AppDependencies, openApi: () => unknown): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/openapi.json',
      operationId: 'openApi',
      summary: 'This document',
      tag: 'service',
      access: 'public',
      response: { status: 200, description: 'OpenAPI 3 document' },
      async handle() {
        return { body: openApi() };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/metrics',
      operationId: 'metrics',
      summary: 'Prometheus metrics: request latency, AI-core overhead apart from provider time',
      tag: 'service',
      access: 'public',
      response: { status: 200, description: 'Prometheus text format', contentType: 'text/plain' },
      async handle({ authorization }) {
        const access = dependencies.metricsAccess;
        if (access === 'off')
          throw notFound('Metrics are off in production until METRICS_TOKEN is set; then send it as "Authorization: Bearer <token>".');
        if (access !== 'open' && !sameSecret(authorization ?? '', `Bearer ${access.token}`))
          throw unauthorized('Send the metrics token as "Authorization: Bearer <token>".');
        return { contentType: dependencies.metrics.registry.contentType, body: await dependencies.metrics.registry.metrics() };
      },
    }),
  ];
}

/** Compares without leaking, through timing, how much of a guess was right. */
function sameSecret(given: string, expected: string): boolean {
  const left = createHash('sha256').update(given).digest();
  const right = createHash('sha256').update(expected).digest();
  return timingSafeEqual(left, right);
}

/** Builds the whole HTTP service without listening, so tests run it on a random port. */
export function createApp(dependencies: AppDependencies): Express {
  let document: unknown;
  const all: Route[] = [];
  all.push(...serviceRoutes(dependencies), ...platformRoutes(dependencies, () => (document ??= buildOpenApiDocument(all, serviceInfo))));
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', dependencies.trustProxy ?? false);
  app.set('query parser', 'simple');
  app.use(helmet());
  // While shutting down, each answer closes its connection, so no client keeps sending to a stopping instance.
  app.use((_request, response, next) => {
    if (dependencies.stopping?.aborted) response.setHeader('Connection', 'close');
    next();
  });
  app.use(createRequestLogging(dependencies.logger));
  app.use(dependencies.metrics.requestTiming);
  // Compressed bodies are refused (415): Apps Script never sends one, and inflating is where malformed
  // input would hurt most.
  const parseBody = express.json({
    limit: dependencies.jsonBodyLimit,
    strict: true,
    inflate: false,
    // The bytes as sent, for routes that verify a signature over them (HubSpot's webhooks): a reference to the
    // buffer the parser read anyway, not a copy.
    verify: (request, _response, buffer) => {
      (request as unknown as Record<symbol, Buffer>)[rawBodyKey] = buffer;
    },
  });
  app.use(
    mountRoutes(all, {
      authenticate: dependencies.authenticate,
      afterAuthentication: createRateLimits(dependencies.rateLimits),
      onAuthenticationFailure: createFailedAuthenticationLimit(dependencies.rateLimits.unauthenticatedPerAddressPerMinute),
      parseBody,
      logger: dependencies.logger,
    }),
  );
  app.use(unknownRouteHandler);
  app.use(createErrorHandler(dependencies.logger));
  return app;
}

import type { AuditLog } from '../audit/audit-log';
import type { Route } from '../platform/http/define-route';
import type { HubSpotAccess } from './hubspot-access';
import type { HubSpotClientFactory } from './hubspot-client-factory';
import type { HubSpotConnectionRepository } from './hubspot-connection-repository';
import type { HubSpotConnectionVault } from './hubspot-connection-vault';
import { createHubSpotConnectionRoutes } from './hubspot-connection-routes';
import { createHubSpotRecordRoutes } from './hubspot-record-routes';
import type { HubSpotRunSources } from './hubspot-run-sources';
import { createHubSpotWebhookRoutes } from './hubspot-webhook-routes';
import type { RunJobQueue } from './run-job-queue';

/** Everything the HubSpot routes need, built by compose-hubspot.ts. */
export interface HubSpotRoutesDependencies {
  repository: HubSpotConnectionRepository;
  vault: HubSpotConnectionVault;
  clientFor: HubSpotClientFactory;
  access: HubSpotAccess;
  runSources: HubSpotRunSources;
  queue: RunJobQueue;
  testTimeoutMs: number;
  publicBaseUrl?: string | undefined;
  webhookLimits: { perAddressPerMinute: number; perOrganisationPerMinute: number };
  now?: () => number;
}

export function createHubSpotRoutes(dependencies: HubSpotRoutesDependencies, audit: AuditLog): Route[] {
  return [
    ...createHubSpotConnectionRoutes({ ...dependencies, audit }),
    ...createHubSpotRecordRoutes(dependencies),
    ...createHubSpotWebhookRoutes(dependencies),
  ];
}

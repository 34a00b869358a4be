import type { Firestore } from '../platform/firestore/connect-firestore';
import type { KeyRing } from '../keys/key-encryption-key';
import type { Logger } from '../platform/logger';
import type { OutboundGuard } from '../platform/outbound/outbound-guard';
import { serviceUnavailable } from '../platform/problem';
import { createHubSpotAccess } from './hubspot-access';
import { createHubSpotClientFactory } from './hubspot-client-factory';
import { createHubSpotConnectionRepository } from './hubspot-connection-repository';
import { createHubSpotConnectionVault } from './hubspot-connection-vault';
import { hubSpotRetryPolicy } from './hubspot-retry';
import type { HubSpotRoutesDependencies } from './hubspot-routes';
import { noHubSpotRunSources, type HubSpotRunSources } from './hubspot-run-sources';
import type { RunJobQueue } from './run-job-queue';

/** Until the runs' queue is composed in, a webhook for a run finds no job queue to put its record in. */
const noRunJobQueue: RunJobQueue = {
  enqueue: async () => {
    throw serviceUnavailable('Runs are not available on this server yet.');
  },
};

export interface HubSpotCompositionOptions {
  firestore: Firestore;
  ring: KeyRing;
  guard: OutboundGuard;
  logger: Logger;
  baseUrl: string;
  publicBaseUrl?: string | undefined;
  /** The runs' side: the lead points these at backend/src/runs. */
  runSources?: HubSpotRunSources | undefined;
  queue?: RunJobQueue | undefined;
  /** How long a request's HubSpot calls may take in all, waits for rate limits included. */
  deadlineMs?: number;
  /** The public webhook's limits, per minute (RATE_LIMIT_WEBHOOK_…). */
  webhookLimits?: { perAddressPerMinute: number; perOrganisationPerMinute: number } | undefined;
  /** Tests shorten HubSpot's waits. */
  sleep?: ((ms: number) => Promise<void>) | undefined;
}

/** Wires HubSpot: the sealed connection, the official client through the outbound guard, one retry layer. */
export function composeHubSpot(options: HubSpotCompositionOptions): HubSpotRoutesDependencies {
  const repository = createHubSpotConnectionRepository(options.firestore);
  const vault = createHubSpotConnectionVault({ repository, ring: options.ring });
  const clientFor = createHubSpotClientFactory({ baseUrl: options.baseUrl, guard: options.guard });
  const access = createHubSpotAccess({
    repository,
    vault,
    clientFor,
    retry: {
      policy: hubSpotRetryPolicy,
      deadlineMs: options.deadlineMs ?? 40_000,
      attemptTimeoutMs: 15_000,
      sleep: options.sleep,
      onRetry: (error, delayMs, attempt) =>
        options.logger.warn({ code: error.code, status: error.status, delayMs, attempt }, 'HubSpot call failed; retrying'),
    },
  });
  return {
    repository,
    vault,
    clientFor,
    access,
    runSources: options.runSources ?? noHubSpotRunSources,
    queue: options.queue ?? noRunJobQueue,
    testTimeoutMs: 15_000,
    publicBaseUrl: options.publicBaseUrl,
    webhookLimits: options.webhookLimits ?? { perAddressPerMinute: 600, perOrganisationPerMinute: 300 },
  };
}

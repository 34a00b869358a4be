import type { HubSpotConnectionView } from '../../../contracts/hubspot';
import type { StoredHubSpotConnection } from './hubspot-connection-repository';

/** The webhook path of a run of the organisation, with `{runId}` left for the run. */
export function webhookPathOf(organisationId: string, runId = '{runId}'): string {
  return `/v1/hubspot/webhooks/${encodeURIComponent(organisationId)}/runs/${runId}`;
}

/** Everything about the connection a person may see; the sealed token and secret are left out by construction. */
export function viewOfHubSpotConnection(organisationId: string, connection: StoredHubSpotConnection): HubSpotConnectionView {
  return {
    fingerprint: connection.fingerprint,
    lastFour: connection.lastFour,
    clientSecretSet: connection.sealedClientSecret !== null,
    createdAt: connection.createdAt.toISOString(),
    createdBy: connection.createdBy,
    updatedAt: connection.updatedAt.toISOString(),
    lastTest: connection.lastTest && { ...connection.lastTest, at: connection.lastTest.at.toISOString() },
    webhookPath: webhookPathOf(organisationId),
  };
}

/** The audit trail names the token by its fingerprint, never by value. */
export function auditOfHubSpotConnection(connection: StoredHubSpotConnection): Record<string, unknown> {
  return { fingerprint: connection.fingerprint, lastFour: connection.lastFour, clientSecretSet: connection.sealedClientSecret !== null };
}

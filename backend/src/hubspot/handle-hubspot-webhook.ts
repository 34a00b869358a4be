import { hubSpotWebhookBody, type HubSpotWebhookResponse } from '../../../contracts/hubspot';
import { isKeyUnreadable } from '../keys/key-unreadable';
import { badRequest, HttpProblem, notFound, problemTypeBase, unauthorized } from '../platform/problem';
import type { HubSpotAccess } from './hubspot-access';
import type { HubSpotConnectionRepository } from './hubspot-connection-repository';
import type { HubSpotConnectionVault } from './hubspot-connection-vault';
import type { HubSpotRunSources } from './hubspot-run-sources';
import { verifyHubSpotSignature } from './hubspot-request-signature';
import type { RunJobQueue } from './run-job-queue';
import { readHubSpotRecordsById } from './read-hubspot-records';

export interface HubSpotWebhookDependencies {
  repository: HubSpotConnectionRepository;
  vault: HubSpotConnectionVault;
  access: HubSpotAccess;
  runSources: HubSpotRunSources;
  queue: RunJobQueue;
  now?: () => number;
}

export interface HubSpotWebhookRequest {
  organisationId: string;
  runId: string;
  method: string;
  /** The full URI HubSpot called: scheme, host, path and query. */
  uri: string;
  rawBody: Buffer;
  signature: string | undefined;
  timestamp: string | undefined;
}

const unverifiable = 'The request signature could not be verified: HubSpot is not connected with a client secret for this organisation.';

/**
 * A HubSpot workflow asks for a document: verify HubSpot's v3 signature with the organisation's client secret,
 * read the enrolled record with the run's mapping (the body's values are not trusted; the record is read from
 * HubSpot), and enqueue the record's job. The queue is idempotent per record, so a delivery HubSpot repeats
 * (it retries for up to three days after a failure) makes no second document.
 */
export async function handleHubSpotWebhook(
  dependencies: HubSpotWebhookDependencies,
  request: HubSpotWebhookRequest,
): Promise<HubSpotWebhookResponse> {
  const now = dependencies.now ?? Date.now;
  const connection = await dependencies.repository.get(request.organisationId);
  let clientSecret: string | undefined;
  try {
    clientSecret = connection ? await dependencies.vault.openClientSecret(request.organisationId, connection) : undefined;
  } catch (error) {
    // A secret the key ring cannot open verifies nothing; HubSpot retries a 5xx, which will not help either.
    if (isKeyUnreadable(error)) throw unauthorized(unverifiable);
    throw error;
  }
  if (!clientSecret) throw unauthorized(unverifiable);
  const verdict = verifyHubSpotSignature({
    clientSecret,
    method: request.method,
    uri: request.uri,
    rawBody: request.rawBody,
    signature: request.signature,
    timestamp: request.timestamp,
    now: now(),
  });
  if (!verdict.ok) throw unauthorized(verdict.message);

  // Only now, from a verified sender, is the body looked at.
  let parsedBody: unknown;
  try {
    parsedBody = JSON.parse(request.rawBody.toString('utf8'));
  } catch {
    throw badRequest('The request body is not JSON.');
  }
  const body = hubSpotWebhookBody.safeParse(parsedBody);
  if (!body.success) throw badRequest("Send the enrolled record's id as objectId or hs_object_id (the Record ID property).");
  const recordId = String(body.data.objectId ?? body.data.hs_object_id);

  const source = await dependencies.runSources.find(request.organisationId, request.runId);
  if (!source) throw notFound(`There is no run ${request.runId} reading HubSpot records in this organisation.`);
  const session = await dependencies.access.open(request.organisationId);
  const { records } = await readHubSpotRecordsById(session, { objectType: source.objectType, mapping: source.mapping, ids: [recordId] });
  const record = records[0];
  if (!record)
    throw new HttpProblem({
      status: 422,
      type: `${problemTypeBase}hubspot-record-missing`,
      title: 'No such HubSpot record',
      detail: `HubSpot has no ${source.objectType} record ${recordId}; the run reads ${source.objectType}.`,
    });
  const job = await dependencies.queue.enqueue(request.organisationId, request.runId, record);
  return { ...job, recordKey: record.recordKey };
}

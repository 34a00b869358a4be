import { z } from 'zod';
import { hubSpotWebhookParams, hubSpotWebhookResponse } from '../../../contracts/hubspot';
import { defineRoute, json, type Route } from '../platform/http/define-route';
import { handleHubSpotWebhook, type HubSpotWebhookDependencies } from './handle-hubspot-webhook';
import { HubSpotCallError } from './hubspot-call-error';
import { problemOfHubSpotFailure } from './hubspot-problem';
import { serviceUnavailable } from '../platform/problem';

/**
 * A HubSpot workflow's "Send a webhook" action asks for one document. Public (HubSpot has no Google token),
 * but every request is verified with HubSpot's v3 signature before its body is read. HubSpot retries a 5xx
 * or a timeout for up to three days and never a 4xx (but 429): refusals are 4xx, HubSpot's own outages 5xx.
 */
export function createHubSpotWebhookRoutes(
  dependencies: HubSpotWebhookDependencies & {
    publicBaseUrl?: string | undefined;
    webhookLimits: { perAddressPerMinute: number; perOrganisationPerMinute: number };
  },
): Route[] {
  const baseUrl = dependencies.publicBaseUrl?.replace(/\/+$/, '');
  return [
    defineRoute({
      method: 'post',
      path: '/v1/hubspot/webhooks/{organisationId}/runs/{runId}',
      operationId: 'hubSpotWorkflowWebhook',
      summary: "A HubSpot workflow asks for a run's document for the enrolled record (X-HubSpot-Signature-v3 verified)",
      tag: 'hubspot',
      access: 'public',
      params: hubSpotWebhookParams,
      // Anyone can send to it: a flood is turned away before any secret is opened or signature computed.
      publicLimits: {
        perAddressPerMinute: dependencies.webhookLimits.perAddressPerMinute,
        perPathParameter: { name: 'organisationId', perMinute: dependencies.webhookLimits.perOrganisationPerMinute },
      },
      // Documented loosely and read only after the signature is verified: nothing of an unsigned body is parsed.
      body: z.looseObject({}).describe('The workflow action body: the enrolled record id as objectId or hs_object_id'),
      response: {
        status: 202,
        description:
          'The job is queued (created: false when this record of the run already had one); 401 when the signature does not verify',
        schema: hubSpotWebhookResponse,
      },
      async handle({ params, request }) {
        const origin = baseUrl ?? `${request.protocol}://${request.host ?? 'localhost'}`;
        try {
          const queued = await handleHubSpotWebhook(dependencies, {
            organisationId: params.organisationId,
            runId: params.runId,
            method: request.method,
            uri: `${origin}${request.originalUrl}`,
            rawBody: request.rawBody,
            signature: request.header('x-hubspot-signature-v3'),
            timestamp: request.header('x-hubspot-request-timestamp'),
          });
          return json(queued, 202);
        } catch (error) {
          // HubSpot's API limiting us is not a refusal of this request: a 503 makes HubSpot deliver it again later.
          // Not a 429: workflows read its Retry-After as milliseconds (knowledge.hubspot.com, "Use webhooks with
          // HubSpot workflows"), where ours, like every other, counts seconds.
          if (error instanceof HubSpotCallError && (error.code === 'rate_limited' || error.code === 'daily_limit'))
            throw serviceUnavailable(`${error.message} HubSpot will deliver this request again.`);
          throw problemOfHubSpotFailure(error);
        }
      },
    }),
  ];
}

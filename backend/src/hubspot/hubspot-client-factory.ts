import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { Client } from '@hubspot/api-client';
import type { OutboundGuard } from '../platform/outbound/outbound-guard';

/** HubSpot's API, unless configuration points elsewhere (HUBSPOT_BASE_URL: the local stand-in in tests). */
export const hubSpotDefaultBaseUrl = 'https://api.hubapi.com';

/**
 * What every call passes as its last argument (`_options`). The client's generated APIs apply the middleware of
 * their configuration (and with it the `httpAgent` option) only when a call brings options of its own
 * (types/ObservableAPI.js: `allMiddleware` stays empty otherwise; HubSpot/hubspot-api-nodejs issues 671 and
 * 683), so without these the agent, and the guard in it, would be silently skipped. 'append' keeps the
 * configuration's middleware (the User-Agent header) and adds ours, which sets the agent on each request.
 */
export interface HubSpotRequestOptions {
  middleware: {
    pre<Context extends { setAgent(agent: HttpAgent | HttpsAgent): void }>(context: Context): Promise<Context>;
    post<Context>(context: Context): Promise<Context>;
  }[];
  middlewareMergeStrategy: 'append';
}

/** An organisation's client and the options each of its calls passes. */
export interface HubSpotClient {
  client: Client;
  options: HubSpotRequestOptions;
}

export type HubSpotClientFactory = (accessToken: string) => Promise<HubSpotClient>;

/**
 * The official client, one per use, pointed at the configured base URL through the outbound guard: the URL
 * is checked before the client is made, and every connection's DNS lookup is checked again by the agent
 * (node-fetch, which the client uses, takes no fetch of ours, so the guard comes in as the agent's lookup).
 *
 * The client's own retries and limiter stay off (no numberOfApiCallRetries, no limiterOptions), deliberately:
 * its RetryDecorator ignores HubSpot's rate-limit headers (fixed 10 s × attempt), cannot see the 429's
 * policyName (the generated client drops it when it parses the error body), logs with console.error past our
 * redacting logger, and has no deadline; its Bottleneck limiter is one process-wide singleton
 * (ApiDecoratorService) while HubSpot's limits are per account. One retry layer (hubspot-retry.ts) decides
 * instead, with the AI core's discipline.
 */
export function createHubSpotClientFactory(options: { baseUrl: string; guard: OutboundGuard }): HubSpotClientFactory {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const agentOptions = { keepAlive: true, lookup: options.guard.lookup };
  const httpAgent = baseUrl.startsWith('https:') ? new HttpsAgent(agentOptions) : new HttpAgent(agentOptions);
  const requestOptions: HubSpotRequestOptions = {
    middleware: [
      {
        pre(context) {
          context.setAgent(httpAgent);
          return Promise.resolve(context);
        },
        post: (context) => Promise.resolve(context),
      },
    ],
    middlewareMergeStrategy: 'append',
  };
  return async (accessToken) => {
    // An address literal never reaches the agent's lookup: the guard checks the URL itself first.
    await options.guard.check(baseUrl);
    return { client: new Client({ accessToken, basePath: baseUrl, httpAgent }), options: requestOptions };
  };
}

import type { StoredHubSpotConnection } from './hubspot-connection-repository';
import type { HubSpotConnectionVault } from './hubspot-connection-vault';
import type { HubSpotClientFactory } from './hubspot-client-factory';
import { type HubSpotCallError, hubSpotCallErrorOf, type HubSpotFailureCode } from './hubspot-call-error';
import { problemOfHubSpotFailure } from './hubspot-problem';
import { callHubSpot } from './hubspot-retry';
import { HttpProblem, problemTypeBase } from '../platform/problem';

export type HubSpotTokenTest = NonNullable<StoredHubSpotConnection['lastTest']> & { failure?: HubSpotCallError };

/** Failures that are the token's (or the app's scopes): the admin fixes them; anything else is HubSpot's or the network's. */
const tokenFailures: readonly HubSpotFailureCode[] = ['authentication', 'permission', 'bad_request', 'not_found'];

/**
 * The cheapest real call a private-app token can make: one contact (GET /crm/v3/objects/contacts?limit=1),
 * which also proves the contacts read scope. Rate limits are waited out as any call's are.
 */
export async function testHubSpotToken(
  clientFor: HubSpotClientFactory,
  accessToken: string,
  options: { timeoutMs: number; now?: () => number },
): Promise<HubSpotTokenTest> {
  const now = options.now ?? Date.now;
  const startedAt = now();
  try {
    const { client, options: requestOptions } = await clientFor(accessToken);
    await callHubSpot(
      () => client.crm.objects.basicApi.getPage('contacts', 1, undefined, undefined, undefined, undefined, undefined, requestOptions),
      {
        deadlineAt: startedAt + options.timeoutMs,
        attemptTimeoutMs: options.timeoutMs,
        now,
      },
    );
    return { ok: true, message: 'HubSpot accepted the token.', latencyMs: now() - startedAt, at: new Date() };
  } catch (error) {
    const failure = hubSpotCallErrorOf(error);
    return { ok: false, message: failure.message, latencyMs: now() - startedAt, at: new Date(), failure };
  }
}

/** 422: the token did not work, so nothing was stored; the detail says why in HubSpot's terms. */
function tokenRefused(message: string): HttpProblem {
  return new HttpProblem({
    status: 422,
    type: `${problemTypeBase}hubspot-token-refused`,
    title: 'HubSpot did not accept the token',
    detail: `${message} Nothing was saved.`,
  });
}

/**
 * Tests the token with a real call, then seals and stores it. A token HubSpot refuses is a 422 and nothing is
 * stored; HubSpot unreachable or rate limiting is its own problem (503, 429…), also storing nothing.
 */
export async function saveHubSpotConnection(
  dependencies: { vault: HubSpotConnectionVault; clientFor: HubSpotClientFactory; testTimeoutMs: number },
  organisationId: string,
  savedBy: string,
  input: { accessToken: string; clientSecret?: string | null | undefined },
): Promise<StoredHubSpotConnection> {
  const test = await testHubSpotToken(dependencies.clientFor, input.accessToken, { timeoutMs: dependencies.testTimeoutMs });
  if (test.failure) throw tokenFailures.includes(test.failure.code) ? tokenRefused(test.message) : problemOfHubSpotFailure(test.failure);
  const { failure: _none, ...lastTest } = test;
  return dependencies.vault.save(organisationId, savedBy, input, lastTest);
}

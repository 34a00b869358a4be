import type { StoredHubSpotConnection } from './hubspot-connection-repository';
import type { HubSpotConnectionVault } from './hubspot-connection-vault';
import type { HubSpotClientFactory } from './hubspot-client-factory';
import { hubSpotCallErrorOf } from './hubspot-call-error';
import { callHubSpot } from './hubspot-retry';
import { HttpProblem, problemTypeBase } from '../platform/problem';

export type HubSpotTokenTest = StoredHubSpotConnection['lastTest'] & {};

/**
 * The cheapest real call a private-app token can make: one contact (GET /crm/v3/objects/contacts?limit=1),
 * which also proves the contacts read scope. Rate limits are waited out as any call's are.
 */
export async function testHubSpotToken(
  clientFor: HubSpotClientFactory,
  accessToken: string,
  options: { timeoutMs: number; now?: () => number },
): Promise<NonNullable<HubSpotTokenTest>> {
  const now = options.now ?? Date.now;
  const startedAt = now();
  try {
    const client = await clientFor(accessToken);
    await callHubSpot(() => client.crm.objects.basicApi.getPage('contacts', 1), {
      deadlineAt: startedAt + options.timeoutMs,
      attemptTimeoutMs: options.timeoutMs,
      now,
    });
    return { ok: true, message: 'HubSpot accepted the token.', latencyMs: now() - startedAt, at: new Date() };
  } catch (error) {
    return { ok: false, message: hubSpotCallErrorOf(error).message, latencyMs: now() - startedAt, at: new Date() };
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

/** Tests the token with a real call, then seals and stores it; a token that fails is refused and not stored. */
export async function saveHubSpotConnection(
  dependencies: { vault: HubSpotConnectionVault; clientFor: HubSpotClientFactory; testTimeoutMs: number },
  organisationId: string,
  savedBy: string,
  input: { accessToken: string; clientSecret?: string | null | undefined },
): Promise<StoredHubSpotConnection> {
  const test = await testHubSpotToken(dependencies.clientFor, input.accessToken, { timeoutMs: dependencies.testTimeoutMs });
  if (!test.ok) throw tokenRefused(test.message);
  return dependencies.vault.save(organisationId, savedBy, input, test);
}

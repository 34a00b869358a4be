import type { Client } from '@hubspot/api-client';
import { isKeyUnreadable } from '../keys/key-unreadable';
import { HttpProblem, problemTypeBase } from '../platform/problem';
import type { HubSpotClientFactory, HubSpotRequestOptions } from './hubspot-client-factory';
import type { HubSpotConnectionRepository } from './hubspot-connection-repository';
import type { HubSpotConnectionVault } from './hubspot-connection-vault';
import { callHubSpot, type HubSpotRetryOptions } from './hubspot-retry';

/** 409: the organisation has no HubSpot connection yet; only an admin can add one. */
export function hubSpotNotConnected(): HttpProblem {
  return new HttpProblem({
    status: 409,
    type: `${problemTypeBase}hubspot-not-connected`,
    title: 'HubSpot is not connected',
    detail: "An admin connects HubSpot first: Admin settings → HubSpot, with a private app's access token.",
  });
}

function hubSpotTokenUnreadable(): HttpProblem {
  return new HttpProblem({
    status: 409,
    type: `${problemTypeBase}key-unreadable`,
    title: 'Stored HubSpot token cannot be decrypted',
    detail:
      'The stored HubSpot token cannot be decrypted with the configured key-encryption key; restore KEY_ENCRYPTION_KEYS or connect HubSpot again.',
  });
}

/** An organisation's HubSpot client and the retrying call around each request. */
export interface HubSpotSession {
  /** One call through the retry layer; `options` goes last in every client call (see HubSpotRequestOptions). */
  call<T>(operation: (client: Client, options: HubSpotRequestOptions) => Promise<T>): Promise<T>;
}

export interface HubSpotAccess {
  open(organisationId: string): Promise<HubSpotSession>;
}

/** Opens the organisation's token (never outside the server) and gives calls the retry layer's discipline. */
export function createHubSpotAccess(options: {
  repository: HubSpotConnectionRepository;
  vault: HubSpotConnectionVault;
  clientFor: HubSpotClientFactory;
  /** Retry settings, without the deadline: each session's calls share one of `deadlineMs` from its opening. */
  retry: Omit<HubSpotRetryOptions, 'deadlineAt'> & { deadlineMs: number };
}): HubSpotAccess {
  const now = options.retry.now ?? Date.now;
  return {
    async open(organisationId) {
      const connection = await options.repository.get(organisationId);
      if (!connection) throw hubSpotNotConnected();
      const token = await options.vault.openToken(organisationId, connection).catch((error: unknown) => {
        throw isKeyUnreadable(error) ? hubSpotTokenUnreadable() : error;
      });
      const { client, options: requestOptions } = await options.clientFor(token);
      const deadlineAt = now() + options.retry.deadlineMs;
      return { call: (operation) => callHubSpot(() => operation(client, requestOptions), { ...options.retry, deadlineAt }) };
    },
  };
}

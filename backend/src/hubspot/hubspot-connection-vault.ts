import { keyFingerprint } from '../keys/key-vault';
import { openSecret, rewrapSecret, sealSecret, type SecretBinding } from '../keys/envelope-encryption';
import type { KeyRing } from '../keys/key-encryption-key';
import type { HubSpotConnectionRepository, StoredHubSpotConnection } from './hubspot-connection-repository';

/**
 * The HubSpot token and client secret, sealed exactly as provider keys are (envelope encryption: a data key per
 * secret, wrapped by the ring's key-encryption key, the organisation and the record bound as associated data),
 * each bound to what it is for, so one cannot be opened as the other.
 */
const tokenBinding = (organisationId: string): SecretBinding => ({ organisationId, recordId: 'hubspot', usedWith: ['hubspot', 'token'] });
const secretBinding = (organisationId: string): SecretBinding => ({
  organisationId,
  recordId: 'hubspot',
  usedWith: ['hubspot', 'client-secret'],
});

export interface HubSpotConnectionVault {
  /** Seals and stores the token (and the client secret: a string replaces it, null removes it, undefined keeps it). */
  save(
    organisationId: string,
    savedBy: string,
    input: { accessToken: string; clientSecret?: string | null | undefined },
    lastTest: StoredHubSpotConnection['lastTest'],
  ): Promise<StoredHubSpotConnection>;
  openToken(organisationId: string, connection: StoredHubSpotConnection): Promise<string>;
  /** undefined when no client secret was given. */
  openClientSecret(organisationId: string, connection: StoredHubSpotConnection): Promise<string | undefined>;
  /** Re-wraps every organisation's sealed token and secret under the ring's current key (admin rotate-kek). */
  rewrapAll(): Promise<{ visited: number; rewrapped: number }>;
}

export function createHubSpotConnectionVault(options: {
  repository: HubSpotConnectionRepository;
  ring: KeyRing;
  now?: () => Date;
}): HubSpotConnectionVault {
  const { repository, ring } = options;
  const now = options.now ?? (() => new Date());
  return {
    async save(organisationId, savedBy, input, lastTest) {
      const existing = await repository.get(organisationId);
      const at = now();
      const sealedClientSecret =
        input.clientSecret === undefined
          ? (existing?.sealedClientSecret ?? null)
          : input.clientSecret === null
            ? null
            : await sealSecret(input.clientSecret, secretBinding(organisationId), ring);
      const connection: StoredHubSpotConnection = {
        sealedToken: await sealSecret(input.accessToken, tokenBinding(organisationId), ring),
        ...keyFingerprint(input.accessToken),
        sealedClientSecret,
        createdAt: existing?.createdAt ?? at,
        createdBy: existing?.createdBy ?? savedBy,
        updatedAt: at,
        lastTest,
      };
      await repository.put(organisationId, connection);
      return connection;
    },
    openToken: (organisationId, connection) => openSecret(connection.sealedToken, tokenBinding(organisationId), ring),
    async openClientSecret(organisationId, connection) {
      if (!connection.sealedClientSecret) return undefined;
      return openSecret(connection.sealedClientSecret, secretBinding(organisationId), ring);
    },
    async rewrapAll() {
      let rewrapped = 0;
      const visited = await repository.forEachAcrossOrganisations(async (organisationId, connection) => {
        const change: Partial<StoredHubSpotConnection> = {};
        if (connection.sealedToken.keyEncryptionKeyId !== ring.current.id)
          change.sealedToken = await rewrapSecret(connection.sealedToken, tokenBinding(organisationId), ring);
        if (connection.sealedClientSecret && connection.sealedClientSecret.keyEncryptionKeyId !== ring.current.id)
          change.sealedClientSecret = await rewrapSecret(connection.sealedClientSecret, secretBinding(organisationId), ring);
        if (Object.keys(change).length === 0) return;
        await repository.update(organisationId, change);
        rewrapped += 1;
      });
      return { visited, rewrapped };
    },
  };
}

import { createHash, randomUUID } from 'node:crypto';
import type { ProviderConnection, ProviderId } from '../ai/providers/provider-adapter';
import type { ConnectionsRepository, StoredConnection } from './connections-repository';
import { openSecret, rewrapSecret, sealSecret } from './envelope-encryption';
import type { KeyRing } from './key-encryption-key';

export interface NewConnection {
  provider: ProviderId;
  name: string;
  apiKey: string;
  baseUrl?: string | undefined;
  defaultModel?: string | undefined;
  requestsPerMinute?: number | undefined;
  tokensPerMinute?: number | undefined;
}

export interface KeyVault {
  create(organisationId: string, createdBy: string, connection: NewConnection): Promise<StoredConnection>;
  /**
   * Replaces the key, keeping the connection's id, name and settings; with `baseUrl` (null for the provider's
   * own endpoint) the key is bound to that endpoint instead. The endpoint never changes without a key.
   */
  rotate(organisationId: string, connectionId: string, apiKey: string, baseUrl?: string | null): Promise<StoredConnection | undefined>;
  /** The decrypted connection the provider adapters need; only the server ever holds it. */
  open(organisationId: string, connection: StoredConnection): Promise<ProviderConnection>;
  /** Re-wraps every stored key under the ring's current key-encryption key; answers how many were visited. */
  rewrapAll(): Promise<{ visited: number; rewrapped: number }>;
}

/** The connection's own limits, shared by every key it has had (a rotation does not reset the window). */
function rateLimitsOf(connection: StoredConnection): Pick<ProviderConnection, 'rateLimits'> {
  if (connection.requestsPerMinute === null && connection.tokensPerMinute === null) return {};
  return {
    rateLimits: {
      connectionId: connection.id,
      connectionName: connection.name,
      requestsPerMinute: connection.requestsPerMinute ?? undefined,
      tokensPerMinute: connection.tokensPerMinute ?? undefined,
    },
  };
}

/** What a person may see of a key: enough to tell two keys apart, nothing to use one. */
export function keyFingerprint(apiKey: string): { fingerprint: string; lastFour: string } {
  return { fingerprint: `sha256:${createHash('sha256').update(apiKey).digest('hex').slice(0, 12)}`, lastFour: apiKey.slice(-4) };
}

/**
 * A provider key may only be used with the provider and endpoint it was entered for: both are authenticated
 * with the ciphertext, so a record whose base URL was changed without the key no longer decrypts.
 */
function bindingOf(organisationId: string, connection: Pick<StoredConnection, 'id' | 'provider' | 'baseUrl'>) {
  return { organisationId, recordId: connection.id, usedWith: [connection.provider, connection.baseUrl ?? ''] };
}

export function createKeyVault(options: { repository: ConnectionsRepository; ring: KeyRing; now?: () => Date }): KeyVault {
  const now = options.now ?? (() => new Date());
  const { repository, ring } = options;
  return {
    async create(organisationId, createdBy, input) {
      const id = randomUUID();
      const at = now();
      const baseUrl = input.baseUrl ?? null;
      const connection: StoredConnection = {
        id,
        provider: input.provider,
        name: input.name,
        baseUrl,
        defaultModel: input.defaultModel ?? null,
        enabled: true,
        requestsPerMinute: input.requestsPerMinute ?? null,
        tokensPerMinute: input.tokensPerMinute ?? null,
        sealedKey: await sealSecret(input.apiKey, bindingOf(organisationId, { id, provider: input.provider, baseUrl }), ring),
        ...keyFingerprint(input.apiKey),
        createdAt: at,
        createdBy,
        updatedAt: at,
        rotatedAt: null,
        lastTest: null,
      };
      await repository.create(organisationId, connection);
      return connection;
    },
    async rotate(organisationId, connectionId, apiKey, baseUrl) {
      const existing = await repository.get(organisationId, connectionId);
      if (!existing) return undefined;
      const at = now();
      const endpoint = baseUrl === undefined ? existing.baseUrl : baseUrl;
      const change = {
        baseUrl: endpoint,
        sealedKey: await sealSecret(apiKey, bindingOf(organisationId, { ...existing, baseUrl: endpoint }), ring),
        ...keyFingerprint(apiKey),
        updatedAt: at,
        rotatedAt: at,
        lastTest: null,
      };
      await repository.update(organisationId, connectionId, change);
      return { ...existing, ...change };
    },
    async open(organisationId, connection) {
      const binding = bindingOf(organisationId, connection);
      const apiKey = await openSecret(connection.sealedKey, binding, ring);
      if (connection.sealedKey.version === 1) {
        // A key stored before endpoints were bound is bound now, to the endpoint it has been used with.
        await repository.update(organisationId, connection.id, { sealedKey: await sealSecret(apiKey, binding, ring) });
      }
      // The fingerprint in the id makes a rotated key a new connection for cooldowns and usage records.
      return {
        id: `${connection.id}@${connection.fingerprint}`,
        apiKey,
        baseUrl: connection.baseUrl ?? undefined,
        ...rateLimitsOf(connection),
      };
    },
    async rewrapAll() {
      let rewrapped = 0;
      const visited = await repository.forEachAcrossOrganisations(async (organisationId, connection) => {
        if (connection.sealedKey.keyEncryptionKeyId === ring.current.id) return;
        const sealedKey = await rewrapSecret(
          connection.sealedKey,
          connection.sealedKey.version === 1 ? { organisationId, recordId: connection.id } : bindingOf(organisationId, connection),
          ring,
        );
        await repository.update(organisationId, connection.id, { sealedKey });
        rewrapped += 1;
      });
      return { visited, rewrapped };
    },
  };
}

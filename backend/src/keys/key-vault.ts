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
}

export interface KeyVault {
  create(organisationId: string, createdBy: string, connection: NewConnection): Promise<StoredConnection>;
  /** Replaces the key, keeping the connection's id, name and settings. */
  rotate(organisationId: string, connectionId: string, apiKey: string): Promise<StoredConnection | undefined>;
  /** The decrypted connection the provider adapters need; only the server ever holds it. */
  open(organisationId: string, connection: StoredConnection): Promise<ProviderConnection>;
  /** Re-wraps every stored key under the ring's current key-encryption key; answers how many were visited. */
  rewrapAll(): Promise<{ visited: number; rewrapped: number }>;
}

/** What a person may see of a key: enough to tell two keys apart, nothing to use one. */
export function keyFingerprint(apiKey: string): { fingerprint: string; lastFour: string } {
  return { fingerprint: `sha256:${createHash('sha256').update(apiKey).digest('hex').slice(0, 12)}`, lastFour: apiKey.slice(-4) };
}

export function createKeyVault(options: { repository: ConnectionsRepository; ring: KeyRing; now?: () => Date }): KeyVault {
  const now = options.now ?? (() => new Date());
  const { repository, ring } = options;
  return {
    async create(organisationId, createdBy, input) {
      const id = randomUUID();
      const at = now();
      const connection: StoredConnection = {
        id,
        provider: input.provider,
        name: input.name,
        baseUrl: input.baseUrl ?? null,
        defaultModel: input.defaultModel ?? null,
        enabled: true,
        sealedKey: await sealSecret(input.apiKey, { organisationId, recordId: id }, ring),
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
    async rotate(organisationId, connectionId, apiKey) {
      const existing = await repository.get(organisationId, connectionId);
      if (!existing) return undefined;
      const at = now();
      const change = {
        sealedKey: await sealSecret(apiKey, { organisationId, recordId: connectionId }, ring),
        ...keyFingerprint(apiKey),
        updatedAt: at,
        rotatedAt: at,
        lastTest: null,
      };
      await repository.update(organisationId, connectionId, change);
      return { ...existing, ...change };
    },
    async open(organisationId, connection) {
      const apiKey = await openSecret(connection.sealedKey, { organisationId, recordId: connection.id }, ring);
      // The fingerprint in the id makes a rotated key a new connection for cooldowns and usage records.
      return { id: `${connection.id}@${connection.fingerprint}`, apiKey, baseUrl: connection.baseUrl ?? undefined };
    },
    async rewrapAll() {
      let rewrapped = 0;
      const visited = await repository.forEachAcrossOrganisations(async (organisationId, connection) => {
        if (connection.sealedKey.keyEncryptionKeyId === ring.current.id) return;
        const sealedKey = await rewrapSecret(connection.sealedKey, { organisationId, recordId: connection.id }, ring);
        await repository.update(organisationId, connection.id, { sealedKey });
        rewrapped += 1;
      });
      return { visited, rewrapped };
    },
  };
}

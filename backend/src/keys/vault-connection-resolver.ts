import type { ConnectionAvailability, ConnectionResolver } from '../ai/connections/connection-resolver';
import type { ModelReference } from '../ai/models/model-catalog';
import { providerDefaultModel } from '../ai/models/provider-default-models';
import type { ProviderConnection, ProviderId } from '../ai/providers/provider-adapter';
import type { Logger } from '../platform/logger';
import type { ConnectionsRepository, StoredConnection } from './connections-repository';
import { SecretDecryptionError } from './envelope-encryption';
import { isKeyUnreadable } from './key-unreadable';
import type { KeyVault } from './key-vault';

interface OpenedConnections {
  byProvider: Map<ProviderId, ProviderConnection>;
  /** Every enabled connection that opens, by its stored id (a tag's chosen connection). */
  byId: Map<string, { provider: ProviderId; name: string; connection: ProviderConnection }>;
  /** Enabled connections whose stored key no key of the ring opens, by id. */
  unreadableById: Map<string, StoredConnection>;
  defaultModel: ModelReference | undefined;
  /** Providers whose every enabled connection has a stored key no key of the ring opens, with those connections. */
  unreadable: Map<ProviderId, StoredConnection[]>;
  expiresAt: number;
}

/** Thrown to a request that needs a provider whose stored keys cannot be decrypted. */
class ConnectionKeyUnreadableError extends SecretDecryptionError {
  override readonly name = 'ConnectionKeyUnreadableError';
}

/** Safe to show: a connection's name is the admin's label, never key material. */
function unreadableSetupHint(connections: readonly StoredConnection[]): string {
  const names = connections.map((connection) => `"${connection.name}"`).join(' and ');
  return `The stored key for ${names} cannot be decrypted; an admin must add it again or restore KEY_ENCRYPTION_KEYS.`;
}

export interface VaultConnectionResolver extends ConnectionResolver {
  /** Forgets an organisation's opened connections after a change made on this instance. */
  forget(organisationId: string): void;
}

/**
 * An organisation's own connections first (the oldest enabled one per provider that opens), then the server's
 * environment connections. Opened keys are kept in memory for a short while: askAI resolves connections on
 * every call, and a Firestore read plus a key unwrap (a KMS call in production) per call would dominate it.
 *
 * A stored key the key ring cannot decrypt (KEY_ENCRYPTION_KEYS lost the key it was sealed with) makes its
 * connection unusable, not the service: the session and model list show the provider as not configured with
 * a hint naming the connection. A request for that provider still fails with key-unreadable rather than
 * falling back to the server's own key, which the organisation did not choose to spend.
 */
export function createVaultConnectionResolver(options: {
  repository: ConnectionsRepository;
  vault: KeyVault;
  fallback: ConnectionResolver;
  logger?: Logger | undefined;
  cacheMs?: number;
  now?: () => number;
}): VaultConnectionResolver {
  const cacheMs = options.cacheMs ?? 30_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, Promise<OpenedConnections>>();

  async function openAll(organisationId: string): Promise<OpenedConnections> {
    const stored = (await options.repository.list(organisationId)).filter((connection) => connection.enabled);
    const byProvider = new Map<ProviderId, ProviderConnection>();
    const byId: OpenedConnections['byId'] = new Map();
    const unreadableById = new Map<string, StoredConnection>();
    const unreadable = new Map<ProviderId, StoredConnection[]>();
    let defaultModel: ModelReference | undefined;
    for (const connection of stored) {
      try {
        const opened = await options.vault.open(organisationId, connection);
        byId.set(connection.id, { provider: connection.provider, name: connection.name, connection: opened });
        // The oldest that opens is the provider's default; the others are there for tags that choose them.
        if (byProvider.has(connection.provider)) continue;
        byProvider.set(connection.provider, opened);
      } catch (error) {
        // Anything else (KMS unreachable) is transient: the request fails and the next one tries again.
        if (!isKeyUnreadable(error)) throw error;
        options.logger?.warn(
          {
            organisationId,
            connectionId: connection.id,
            provider: connection.provider,
            keyEncryptionKeyId: connection.sealedKey?.keyEncryptionKeyId,
          },
          'a stored provider key cannot be decrypted with the configured key-encryption keys; the connection is not usable until an admin adds the key again or KEY_ENCRYPTION_KEYS is restored',
        );
        unreadableById.set(connection.id, connection);
        if (!byProvider.has(connection.provider))
          unreadable.set(connection.provider, [...(unreadable.get(connection.provider) ?? []), connection]);
        continue;
      }
      unreadable.delete(connection.provider);
      const model = connection.defaultModel ?? providerDefaultModel(connection.provider);
      if (!defaultModel && model) defaultModel = { provider: connection.provider, model };
    }
    return { byProvider, byId, unreadableById, defaultModel, unreadable, expiresAt: now() + cacheMs };
  }

  const unreadableError = (connections: readonly StoredConnection[]) =>
    new ConnectionKeyUnreadableError(
      `The stored key of connection ${connections.map((connection) => connection.id).join(', ')} cannot be decrypted.`,
    );

  function opened(organisationId: string): Promise<OpenedConnections> {
    const cached = cache.get(organisationId);
    if (cached) {
      // A settled entry past its time is replaced; a pending one is shared.
      return cached.then((value) => (value.expiresAt > now() ? value : refresh(organisationId)));
    }
    return refresh(organisationId);
  }

  function refresh(organisationId: string): Promise<OpenedConnections> {
    const loading = openAll(organisationId);
    cache.set(organisationId, loading);
    loading.catch(() => cache.delete(organisationId));
    if (cache.size > 5_000) cache.delete(cache.keys().next().value as string);
    return loading;
  }

  return {
    async resolve(organisationId, provider) {
      const own = await opened(organisationId);
      const connection = own.byProvider.get(provider);
      if (connection) return connection;
      const unreadable = own.unreadable.get(provider);
      if (unreadable) throw unreadableError(unreadable);
      return options.fallback.resolve(organisationId, provider);
    },
    async resolveChosen(organisationId, provider, connectionId) {
      const own = await opened(organisationId);
      const chosen = own.byId.get(connectionId);
      if (chosen) return chosen.provider === provider ? chosen.connection : undefined;
      const unreadable = own.unreadableById.get(connectionId);
      if (unreadable?.provider === provider) throw unreadableError([unreadable]);
      return undefined;
    },
    async defaultModel(organisationId) {
      const own = await opened(organisationId);
      if (own.defaultModel) return own.defaultModel;
      // The organisation set up its own provider: a request says why it cannot be used rather than silently
      // spending the server's key.
      const [unreadable] = own.unreadable.values();
      if (unreadable) throw unreadableError(unreadable);
      return options.fallback.defaultModel(organisationId);
    },
    async availability(organisationId): Promise<ConnectionAvailability> {
      const own = await opened(organisationId);
      const fallback = await options.fallback.availability(organisationId);
      const providers = new Set<ProviderId>(own.byProvider.keys());
      for (const provider of fallback.providers) if (!own.unreadable.has(provider)) providers.add(provider);
      const unreadable = [...own.unreadable.values()].flat();
      const connections = [...own.byId].map(([id, { provider, name }]) => ({ id, provider, name }));
      if (own.defaultModel) return { providers, defaultModel: own.defaultModel, setupHint: fallback.setupHint, connections };
      if (unreadable.length > 0) return { providers, defaultModel: undefined, setupHint: unreadableSetupHint(unreadable), connections };
      return {
        providers,
        defaultModel: fallback.defaultModel,
        setupHint: fallback.setupHint,
        adminSetupHint: fallback.adminSetupHint,
        connections,
      };
    },
    setupHint: options.fallback.setupHint,
    forget(organisationId) {
      cache.delete(organisationId);
    },
  };
}

import type { ConnectionResolver } from '../ai/connections/connection-resolver';
import type { ModelReference } from '../ai/models/model-catalog';
import type { ProviderConnection, ProviderId } from '../ai/providers/provider-adapter';
import type { ConnectionsRepository, StoredConnection } from './connections-repository';
import type { KeyVault } from './key-vault';

/** The model "organisation default" means for a connection whose admin chose none. */
const providerDefaultModels: Partial<Record<ProviderId, string>> = {
  openai: 'gpt-4o-mini',
  anthropic: 'claude-haiku-4-5',
  gemini: 'gemini-2.5-flash',
};

interface OpenedConnections {
  byProvider: Map<ProviderId, ProviderConnection>;
  defaultModel: ModelReference | undefined;
  expiresAt: number;
}

export interface VaultConnectionResolver extends ConnectionResolver {
  /** Forgets an organisation's opened connections after a change made on this instance. */
  forget(organisationId: string): void;
}

/**
 * An organisation's own connections first (the oldest enabled one per provider), then the server's
 * environment connections. Opened keys are kept in memory for a short while: askAI resolves connections on
 * every call, and a Firestore read plus a key unwrap (a KMS call in production) per call would dominate it.
 */
export function createVaultConnectionResolver(options: {
  repository: ConnectionsRepository;
  vault: KeyVault;
  fallback: ConnectionResolver;
  cacheMs?: number;
  now?: () => number;
}): VaultConnectionResolver {
  const cacheMs = options.cacheMs ?? 30_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, Promise<OpenedConnections>>();

  async function openAll(organisationId: string): Promise<OpenedConnections> {
    const stored = (await options.repository.list(organisationId)).filter((connection) => connection.enabled);
    const byProvider = new Map<ProviderId, ProviderConnection>();
    let defaultModel: ModelReference | undefined;
    const firstPerProvider = new Map<ProviderId, StoredConnection>();
    for (const connection of stored) if (!firstPerProvider.has(connection.provider)) firstPerProvider.set(connection.provider, connection);
    for (const connection of firstPerProvider.values()) {
      byProvider.set(connection.provider, await options.vault.open(organisationId, connection));
      const model = connection.defaultModel ?? providerDefaultModels[connection.provider];
      if (!defaultModel && model) defaultModel = { provider: connection.provider, model };
    }
    return { byProvider, defaultModel, expiresAt: now() + cacheMs };
  }

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
      const own = (await opened(organisationId)).byProvider.get(provider);
      return own ?? options.fallback.resolve(organisationId, provider);
    },
    async defaultModel(organisationId) {
      return (await opened(organisationId)).defaultModel ?? options.fallback.defaultModel(organisationId);
    },
    setupHint: options.fallback.setupHint,
    forget(organisationId) {
      cache.delete(organisationId);
    },
  };
}

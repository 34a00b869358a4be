import { createHash } from 'node:crypto';
import type { ProviderConnection } from './provider-adapter';

/**
 * Reuses one SDK client per connection (key and endpoint) instead of building one per call. Bounded, least
 * recently used first out; the map key is a hash, so the pool holds no key in clear besides the clients.
 */
export function createClientPool<Client>(
  create: (connection: ProviderConnection) => Client,
  maxClients = 200,
): (connection: ProviderConnection) => Client {
  const clients = new Map<string, Client>();
  return (connection) => {
    const key = createHash('sha256')
      .update(`${connection.id}\n${connection.baseUrl ?? ''}\n${connection.apiKey}`)
      .digest('base64url');
    let client = clients.get(key);
    if (client) {
      clients.delete(key);
    } else {
      client = create(connection);
      if (clients.size >= maxClients) clients.delete(clients.keys().next().value as string);
    }
    clients.set(key, client);
    return client;
  };
}

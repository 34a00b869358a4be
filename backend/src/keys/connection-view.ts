import type { ConnectionView } from '../../../contracts/connections';
import type { StoredConnection } from './connections-repository';

export type { ConnectionView };

/** Everything about a connection a person may see; the sealed key is left out by construction. */
export function viewOfConnection(connection: StoredConnection): ConnectionView {
  return {
    id: connection.id,
    provider: connection.provider,
    name: connection.name,
    baseUrl: connection.baseUrl,
    defaultModel: connection.defaultModel,
    enabled: connection.enabled,
    requestsPerMinute: connection.requestsPerMinute,
    tokensPerMinute: connection.tokensPerMinute,
    fingerprint: connection.fingerprint,
    lastFour: connection.lastFour,
    createdAt: connection.createdAt.toISOString(),
    createdBy: connection.createdBy,
    updatedAt: connection.updatedAt.toISOString(),
    rotatedAt: connection.rotatedAt?.toISOString() ?? null,
    lastTest: connection.lastTest && { ...connection.lastTest, at: connection.lastTest.at.toISOString() },
  };
}

/** The audit trail records what changed, never the key: the fingerprint identifies it. */
export function auditOfConnection(connection: StoredConnection): Record<string, unknown> {
  const { sealedKey: _sealedKey, ...rest } = connection;
  return rest;
}

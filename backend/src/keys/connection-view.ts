import { z } from 'zod';
import { providerIds } from '../ai/providers/provider-adapter';
import type { StoredConnection } from './connections-repository';

export const connectionView = z.object({
  id: z.string(),
  provider: z.enum(providerIds),
  name: z.string(),
  baseUrl: z.string().nullable(),
  defaultModel: z.string().nullable(),
  enabled: z.boolean(),
  fingerprint: z.string(),
  lastFour: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  rotatedAt: z.string().nullable(),
  lastTest: z.object({ ok: z.boolean(), at: z.string(), message: z.string(), latencyMs: z.number() }).nullable(),
});

export type ConnectionView = z.infer<typeof connectionView>;

/** Everything about a connection a person may see; the sealed key is left out by construction. */
export function viewOfConnection(connection: StoredConnection): ConnectionView {
  return {
    id: connection.id,
    provider: connection.provider,
    name: connection.name,
    baseUrl: connection.baseUrl,
    defaultModel: connection.defaultModel,
    enabled: connection.enabled,
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

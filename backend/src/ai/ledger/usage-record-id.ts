import { createHash } from 'node:crypto';

/** Deterministic: the same request and attempt always map to the same record, so a replay writes nothing new. */
export function usageRecordId(organisationId: string, requestId: string, attempt: number | 'cache' | 'stale'): string {
  return createHash('sha256').update(`${organisationId}\n${requestId}\n${attempt}`).digest('base64url').slice(0, 32);
}

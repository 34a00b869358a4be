import type { Caller } from '../platform/http/caller';
import type { AuditEntry, AuditRepository } from './audit-repository';

export interface AuditChange {
  action: string;
  target: string;
  before?: Record<string, unknown> | null | undefined;
  after?: Record<string, unknown> | null | undefined;
}

export interface AuditLog {
  record(caller: Caller, change: AuditChange): Promise<AuditEntry>;
}

/** Field names whose values never enter the audit log, whoever passes them. */
const secretFields = /^(apiKey|api_key|key|secret|token|password|sealed|sealedKey|webhookUrl)$/i;

function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value instanceof Date || value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([name, inner]) => [
      name,
      secretFields.test(name) ? '[redacted]' : withoutSecrets(inner),
    ]),
  );
}

/** Who changed what and when, with before and after; secrets are replaced before anything is stored. */
export function createAuditLog(repository: AuditRepository, now: () => Date = () => new Date()): AuditLog {
  return {
    record(caller, change) {
      return repository.append(caller.organisationId, {
        at: now(),
        actorUserId: caller.userId,
        actorEmail: caller.email,
        action: change.action,
        target: change.target,
        before: (withoutSecrets(change.before ?? null) as Record<string, unknown> | null) ?? null,
        after: (withoutSecrets(change.after ?? null) as Record<string, unknown> | null) ?? null,
      });
    },
  };
}

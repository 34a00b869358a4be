import { z } from 'zod';

export const auditEntryView = z.object({
  id: z.string(),
  at: z.string(),
  actorUserId: z.string(),
  actorEmail: z.string(),
  action: z.string(),
  target: z.string(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEntryView = z.infer<typeof auditEntryView>;

/** GET /v1/audit: newest first; `next` is the `after` of the following page. */
export const auditPageResponse = z.object({ entries: z.array(auditEntryView), next: z.string().optional() });
export type AuditPageResponse = z.infer<typeof auditPageResponse>;

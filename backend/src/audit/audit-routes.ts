import { z } from 'zod';
import { pageQuery } from '../platform/http/common-schemas';
import { defineRoute, json, type Route } from '../platform/http/define-route';
import type { AuditRepository } from './audit-repository';

const auditEntryView = z.object({
  id: z.string(),
  at: z.string(),
  actorUserId: z.string(),
  actorEmail: z.string(),
  action: z.string(),
  target: z.string(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
});

export function createAuditRoutes(repository: AuditRepository): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/audit',
      operationId: 'listAuditEntries',
      summary: 'Admin changes, newest first, a page at a time',
      tag: 'audit',
      access: 'admin',
      query: pageQuery,
      response: {
        status: 200,
        description: 'One page of the audit log',
        schema: z.object({ entries: z.array(auditEntryView), next: z.string().optional() }),
      },
      async handle({ caller, query }) {
        const page = await repository.list(caller.organisationId, query);
        return json({ ...page, entries: page.entries.map((entry) => ({ ...entry, at: entry.at.toISOString() })) });
      },
    }),
  ];
}

import { auditPageResponse } from '../../../contracts/audit';
import { pageQuery } from '../platform/http/common-schemas';
import { defineRoute, json, type Route } from '../platform/http/define-route';
import type { AuditRepository } from './audit-repository';

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
        schema: auditPageResponse,
      },
      async handle({ caller, query }) {
        const page = await repository.list(caller.organisationId, query);
        return json({ ...page, entries: page.entries.map((entry) => ({ ...entry, at: entry.at.toISOString() })) });
      },
    }),
  ];
}

import {
  usagePeriodQuery,
  usageRecordsQuery,
  usageRecordsResponse,
  usageSummaryResponse,
  type UsagePeriod,
} from '../../../contracts/usage';
import { summariseSatisfaction } from '../feedback/satisfaction-summary';
import type { TagFeedbackRepository } from '../feedback/tag-feedback-repository';
import { isAdmin, type Caller } from '../platform/http/caller';
import { defineRoute, json, type Route } from '../platform/http/define-route';
import { badRequest, forbidden } from '../platform/problem';
import { usageRecordsToCsv } from './usage-csv';
import type { UsageQuery, UsageRepository } from './usage-repository';
import { summariseUsage, type UsageRow } from './usage-summary';

const maxDays = 366;
const maxExportRecords = 200_000;

function usageQueryOf(caller: Caller, query: UsagePeriod): UsageQuery {
  if (query.scope === 'organisation' && !isAdmin(caller))
    throw forbidden("Only admins see the whole organisation's usage; use scope=mine.");
  const days = (Date.parse(query.to) - Date.parse(query.from)) / 86_400_000;
  if (days < 0) throw badRequest('`from` must not be after `to`.');
  if (days >= maxDays) throw badRequest(`A period is at most ${maxDays} days; choose a shorter one.`);
  return { from: query.from, to: query.to, userId: query.scope === 'mine' ? caller.userId : undefined };
}

/** Usage and cost (SPEC.md section 8): members see their own, admins the organisation's. */
export function createUsageRoutes(repository: UsageRepository, feedback: TagFeedbackRepository): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/usage/summary',
      operationId: 'getUsageSummary',
      summary:
        'Totals and breakdowns by day, user, model, provider, template and tag over a period, with the satisfaction (👍/👎) of its generated tags',
      tag: 'usage',
      access: 'member',
      query: usagePeriodQuery,
      response: {
        status: 200,
        description: 'The summary',
        schema: usageSummaryResponse,
      },
      async handle({ caller, query }) {
        const usageQuery = usageQueryOf(caller, query);
        const rows: UsageRow[] = [];
        const [records, ratings] = await Promise.all([
          repository.scanRows(caller.organisationId, usageQuery, (page) => rows.push(...page)),
          feedback.satisfactionRows(caller.organisationId, usageQuery),
        ]);
        return json({
          from: query.from,
          to: query.to,
          scope: query.scope,
          records,
          ...summariseUsage(rows, query),
          satisfaction: summariseSatisfaction(ratings, query),
        });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/usage/records',
      operationId: 'listUsageRecords',
      summary: 'Usage records of a period, oldest first, a page at a time',
      tag: 'usage',
      access: 'member',
      query: usageRecordsQuery,
      response: {
        status: 200,
        description: 'One page of records',
        schema: usageRecordsResponse,
      },
      async handle({ caller, query }) {
        const page = await repository.page(caller.organisationId, {
          ...usageQueryOf(caller, query),
          limit: query.limit,
          after: query.after,
        });
        return json({ ...page, records: page.records.map((record) => ({ ...record, createdAt: record.createdAt.toISOString() })) });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/usage/export',
      operationId: 'exportUsage',
      summary: "Usage records of a period as CSV, each with its tag's rating and reason",
      tag: 'usage',
      access: 'member',
      query: usagePeriodQuery,
      response: {
        status: 200,
        description: "CSV, one row per record; feedbackRating (up, down or empty) and feedbackComment are its fill's tag's",
        contentType: 'text/csv',
      },
      async handle({ caller, query }) {
        const usageQuery = usageQueryOf(caller, query);
        const ratings = await feedback.ratingsByTag(caller.organisationId, usageQuery);
        const chunks: string[] = [];
        let count = 0;
        await repository.scan(caller.organisationId, usageQuery, (records) => {
          count += records.length;
          if (count > maxExportRecords) throw badRequest(`The period has more than ${maxExportRecords} records; export a shorter one.`);
          const csv = usageRecordsToCsv(records, ratings);
          // Each page's CSV starts with the header row; keep only the first.
          chunks.push(chunks.length === 0 ? csv : csv.slice(csv.indexOf('\r\n') + 2));
        });
        const body = chunks.length > 0 ? chunks.join('') : usageRecordsToCsv([], ratings);
        return {
          status: 200,
          contentType: 'text/csv; charset=utf-8',
          body,
          headers: { 'content-disposition': `attachment; filename="usage-${query.from}-to-${query.to}.csv"` },
        };
      },
    }),
  ];
}

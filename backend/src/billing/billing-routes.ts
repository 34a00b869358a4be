import { billingEventsQuery, billingEventsResponse, billingPeriodQuery } from '../../../contracts/billing';
import { toDollars } from '../ai/models/model-cost';
import type { BillingEvent } from '../ai/ledger/billing-events';
import { defineRoute, json, type Route } from '../platform/http/define-route';
import { badRequest } from '../platform/problem';
import { billingEventsToCsv } from './billing-events-csv';
import type { BillingEventsRepository, BillingPeriod } from './billing-events-repository';

const maxDays = 366;
const maxExportEvents = 200_000;

function checkedPeriod(period: BillingPeriod): BillingPeriod {
  const days = (Date.parse(period.to) - Date.parse(period.from)) / 86_400_000;
  if (days < 0) throw badRequest('`from` must not be after `to`.');
  if (days >= maxDays) throw badRequest(`A period is at most ${maxDays} days; choose a shorter one.`);
  return { from: period.from, to: period.to };
}

function viewOf(event: BillingEvent) {
  return { ...event, at: event.at.toISOString(), amountUsd: toDollars(event.amountNanoDollars) };
}

/** The organisation's money events (SPEC.md section 8, billing events), for admins: read a page at a time, or export as CSV. */
export function createBillingRoutes(repository: BillingEventsRepository): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/billing/events',
      operationId: 'listBillingEvents',
      summary: 'Money events of a period (charged, refunded, budget reserved and released, limit reached), oldest first',
      tag: 'billing',
      access: 'admin',
      query: billingEventsQuery,
      response: { status: 200, description: 'One page of events', schema: billingEventsResponse },
      async handle({ caller, query }) {
        const page = await repository.page(caller.organisationId, { ...checkedPeriod(query), limit: query.limit, after: query.after });
        return json({ ...page, events: page.events.map(viewOf) });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/billing/events/export',
      operationId: 'exportBillingEvents',
      summary: 'Money events of a period as CSV',
      tag: 'billing',
      access: 'admin',
      query: billingPeriodQuery,
      response: { status: 200, description: 'CSV, one row per event', contentType: 'text/csv' },
      async handle({ caller, query }) {
        const period = checkedPeriod(query);
        const events: BillingEvent[] = [];
        await repository.scan(caller.organisationId, period, (page) => {
          events.push(...page);
          if (events.length > maxExportEvents)
            throw badRequest(`The period has more than ${maxExportEvents} events; export a shorter one.`);
        });
        return {
          status: 200,
          contentType: 'text/csv; charset=utf-8',
          body: billingEventsToCsv(events),
          headers: { 'content-disposition': `attachment; filename="billing-events-${query.from}-to-${query.to}.csv"` },
        };
      },
    }),
  ];
}

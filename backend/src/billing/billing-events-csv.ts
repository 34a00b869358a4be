import type { BillingEvent } from '../ai/ledger/billing-events';
import { formatField, formatNanoDollars, toCsv } from '../usage/usage-csv';

const columns = [
  'at',
  'day',
  'type',
  'amountUsd',
  'amountNanoDollars',
  'userId',
  'fillId',
  'requestId',
  'usageRecordId',
  'provider',
  'model',
  'scope',
  'period',
  'leaseId',
  'target',
  'id',
] as const;

function eventLine(event: BillingEvent): string {
  const cells: Record<(typeof columns)[number], string> = {
    at: formatField(event.at.toISOString()),
    day: formatField(event.day),
    type: formatField(event.type),
    // Written from the integer nano-dollars, exactly, so a spreadsheet's sum matches the usage export's.
    amountUsd: formatNanoDollars(event.amountNanoDollars),
    amountNanoDollars: formatField(event.amountNanoDollars),
    userId: formatField(event.userId),
    fillId: formatField(event.fillId),
    requestId: formatField(event.requestId),
    usageRecordId: formatField(event.usageRecordId),
    provider: formatField(event.provider),
    model: formatField(event.model),
    scope: formatField(event.scope),
    period: formatField(event.period),
    leaseId: formatField(event.leaseId),
    target: formatField(event.target),
    id: formatField(event.id),
  };
  return columns.map((column) => cells[column]).join(',');
}

/** One line per event, RFC 4180 with CRLF line endings, cells that look like formulas defused. */
export function billingEventsToCsv(events: Iterable<BillingEvent>): string {
  return toCsv(columns, Array.from(events, eventLine));
}

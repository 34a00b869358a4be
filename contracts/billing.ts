import { z } from 'zod';

/** A real calendar day, YYYY-MM-DD (2026-02-30 is refused), as the usage routes take it. */
const day = z.iso.date();

export const billingEventTypes = [
  'charged',
  'refunded',
  'budget_reserved',
  'budget_released',
  'limit_reached',
  'price_changed',
  'key_rotated',
] as const;

/** GET /v1/billing/events/export: the events of a period (UTC days, inclusive). */
export const billingPeriodQuery = z.strictObject({ from: day, to: day });

/** GET /v1/billing/events: oldest first, a page at a time; `after` is the previous page's `next`. */
export const billingEventsQuery = billingPeriodQuery.extend({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  after: z.string().min(1).max(300).optional(),
});

/**
 * One money event, append-only (backend/src/ai/ledger/billing-events.ts says when each is written). Charged minus
 * refunded over a period equals the cost of its usage records, exactly, in nano-dollars.
 */
export const billingEventView = z.object({
  id: z.string(),
  type: z.enum(billingEventTypes),
  at: z.string(),
  day: z.string(),
  /** Whole nano-dollars (1e-9 US dollars), never negative: the type says which way the money moved. */
  amountNanoDollars: z.number().int(),
  amountUsd: z.number(),
  userId: z.string().nullable(),
  fillId: z.string().nullable(),
  requestId: z.string().nullable(),
  usageRecordId: z.string().nullable(),
  provider: z.string().nullable(),
  model: z.string().nullable(),
  /** The budget counter of a hold or a limit: "org" or "user:<id>", and "d:YYYY-MM-DD" or "m:YYYY-MM". */
  scope: z.string().nullable(),
  period: z.string().nullable(),
  leaseId: z.string().nullable(),
  /** What an admin change was about ("connections/<id>", "openai:gpt-6-luna"), and its values before and after (no secrets). */
  target: z.string().nullable(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
  sortKey: z.string(),
});
export type BillingEventView = z.infer<typeof billingEventView>;

export const billingEventsResponse = z.object({ events: z.array(billingEventView), next: z.string().optional() });
export type BillingEventsResponse = z.infer<typeof billingEventsResponse>;

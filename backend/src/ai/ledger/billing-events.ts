import { createHash } from 'node:crypto';
import { billingEventTypes } from '../../../../contracts/billing';
import type { CounterReference, UsageRecord } from './ledger-types';

/**
 * Money events of an organisation, append-only (SPEC.md section 8, billing events), at
 * `orgs/{orgId}/billingEvents/{id}`. Each is written in the batch of the effect it records, so it exists exactly
 * when the effect does:
 * - `charged`: a billed provider attempt, in the batch of its usage record (same deterministic id, so a replay is
 *   refused with it). Charged minus refunded equals the usage records' cost, to the nano-dollar.
 * - `refunded`: a charge given back. Nothing gives a charge back today (a billed attempt stays billed); the type
 *   keeps the reconciliation's formula whole for corrections.
 * - `budget_reserved` / `budget_released`: an instance's lease on a limited budget counter taken, or given back
 *   (its unused part, or the whole balance of a lease whose instance stopped), in the batch that moves the counter.
 * - `limit_reached`: a budget counter reached its limit, once per scope and period.
 * - `price_changed` / `key_rotated`: an admin changed a model's price, or rotated a provider key; written once the
 *   change is saved and audited (billing/billing-events-from-audit.ts), amount 0.
 */
// The kinds are the contract's (contracts/billing.ts), which the routes answer: written once there.
export { billingEventTypes };
export type BillingEventType = (typeof billingEventTypes)[number];

export interface BillingEvent {
  id: string;
  type: BillingEventType;
  at: Date;
  /** `at` ISO time, then id: orders events and pages through them with a keyset. */
  sortKey: string;
  day: string;
  /** Whole nano-dollars, never negative: the type says which way the money moved. */
  amountNanoDollars: number;
  userId: string | null;
  fillId: string | null;
  requestId: string | null;
  usageRecordId: string | null;
  provider: string | null;
  model: string | null;
  /** The budget counter of a hold or a limit: "org" or "user:<id>", and "d:YYYY-MM-DD" or "m:YYYY-MM". */
  scope: string | null;
  period: string | null;
  leaseId: string | null;
  /** What an admin change was about ("connections/<id>", "openai:gpt-6-luna"), and its values before and after (no secrets). */
  target: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export function billingEventsPath(organisationId: string): string {
  return `orgs/${organisationId}/billingEvents`;
}

export function eventOf(
  type: BillingEventType,
  id: string,
  at: Date,
  fields: Partial<BillingEvent> & { amountNanoDollars: number },
): BillingEvent {
  return {
    target: null,
    before: null,
    after: null,
    userId: null,
    fillId: null,
    requestId: null,
    usageRecordId: null,
    provider: null,
    model: null,
    scope: null,
    period: null,
    leaseId: null,
    ...fields,
    id,
    type,
    at,
    sortKey: `${at.toISOString()}|${id}`,
    day: at.toISOString().slice(0, 10),
  };
}

/** The charge of a billed usage record; none for a record that cost nothing (a cache hit, an unbilled failure). */
export function chargedEvent(record: UsageRecord): BillingEvent | undefined {
  if (record.costNanoDollars <= 0) return undefined;
  return eventOf('charged', `charged~${record.id}`, record.createdAt, {
    amountNanoDollars: record.costNanoDollars,
    userId: record.userId,
    fillId: record.fillId,
    requestId: record.requestId,
    usageRecordId: record.id,
    provider: record.provider,
    model: record.servedModel,
  });
}

/** A lease's hold on a counter moved: taken (positive) or given back (negative). */
export function holdEvent(counter: CounterReference, nanoDollars: number, leaseId: string, at: Date, id: string): BillingEvent {
  return eventOf(nanoDollars > 0 ? 'budget_reserved' : 'budget_released', id, at, {
    amountNanoDollars: Math.abs(nanoDollars),
    scope: counter.scope,
    period: counter.period,
    leaseId,
  });
}

/** A counter reached its limit: one event per scope and period, however many instances notice. */
export function limitReachedEvent(counter: CounterReference, usedNanoDollars: number, at: Date): BillingEvent {
  const id = `limit~${createHash('sha256').update(`${counter.scope}|${counter.period}`).digest('base64url').slice(0, 22)}`;
  return eventOf('limit_reached', id, at, { amountNanoDollars: Math.max(0, Math.round(usedNanoDollars)), ...counter });
}

import { z } from 'zod';
import { providerId } from './common';

const day = z.iso.date();

/** GET /v1/usage/summary and /export: a period of UTC days, inclusive; `organisation` is for admins. */
export const usagePeriodQuery = z.strictObject({
  from: day,
  to: day,
  /** `organisation` is for admins; members always see their own usage. */
  scope: z.enum(['mine', 'organisation']).default('mine'),
});
export type UsagePeriod = z.infer<typeof usagePeriodQuery>;
export type UsageScope = UsagePeriod['scope'];

/** GET /v1/usage/records. */
export const usageRecordsQuery = usagePeriodQuery.extend({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  after: z.string().min(1).max(300).optional(),
});

/** Totals of one group of usage records; the definitions are backend/src/usage/usage-summary.ts's. */
export const usageTotals = z.object({
  requests: z.number(),
  attempts: z.number(),
  cachedRequests: z.number(),
  errorAttempts: z.number(),
  failedRequests: z.number(),
  inputTokens: z.number(),
  cachedInputTokens: z.number(),
  outputTokens: z.number(),
  costUsd: z.number(),
  costNanoDollars: z.number(),
  /** 0..1 */
  cacheHitRate: z.number(),
  /** 0..1 */
  errorRate: z.number(),
  averageLatencyMs: z.number(),
  p95LatencyMs: z.number(),
});
export type UsageTotals = z.infer<typeof usageTotals>;

export const usageBreakdownRow = usageTotals.extend({ key: z.string() });
export type UsageBreakdownRow = z.infer<typeof usageBreakdownRow>;

/** 👍 and 👎 on generated tags; the definitions are backend/src/feedback/satisfaction-summary.ts's. */
export const satisfactionTotals = z.object({
  up: z.number(),
  down: z.number(),
  ratings: z.number(),
  /** up / ratings, 0..1; null when nothing was rated. */
  satisfaction: z.number().nullable(),
});
export type SatisfactionTotals = z.infer<typeof satisfactionTotals>;

export const satisfactionBreakdownRow = satisfactionTotals.extend({ key: z.string() });
export type SatisfactionBreakdownRow = z.infer<typeof satisfactionBreakdownRow>;

/** Ratings of the fills of the period, counted on the day each fill ran; keys as the usage breakdowns'. */
export const satisfactionSummary = z.object({
  totals: satisfactionTotals,
  /** Every day of the period, ascending, days without ratings included. */
  byDay: z.array(satisfactionBreakdownRow),
  /** Keyed `${provider}:${model}`, or '(none)'. */
  byModel: z.array(satisfactionBreakdownRow),
  byProvider: z.array(satisfactionBreakdownRow),
  /** Keyed by template (document) id, or '(none)'. */
  byTemplate: z.array(satisfactionBreakdownRow),
  byTag: z.array(satisfactionBreakdownRow),
});
export type SatisfactionSummary = z.infer<typeof satisfactionSummary>;

export const usageSummaryResponse = z.object({
  from: z.string(),
  to: z.string(),
  scope: z.enum(['mine', 'organisation']),
  /** Usage records read for the period. */
  records: z.number(),
  totals: usageTotals,
  /** Every day of the period, ascending, days without usage included. */
  byDay: z.array(usageBreakdownRow),
  byUser: z.array(usageBreakdownRow),
  /** Keyed `${provider}:${servedModel}`. */
  byModel: z.array(usageBreakdownRow),
  byProvider: z.array(usageBreakdownRow),
  /** Keyed by template (document) id, or '(none)'. */
  byTemplate: z.array(usageBreakdownRow),
  /** Keyed by tag, or '(none)'. */
  byTag: z.array(usageBreakdownRow),
  /** 👍/👎 on the generated tags of the period's fills. */
  satisfaction: satisfactionSummary,
});
export type UsageSummaryResponse = z.infer<typeof usageSummaryResponse>;

/** One billed provider attempt or one cache hit (SPEC.md section 6). */
export const usageRecordView = z.object({
  id: z.string(),
  organisationId: z.string(),
  userId: z.string(),
  templateId: z.string().nullable(),
  fillId: z.string().nullable(),
  tag: z.string().nullable(),
  requestId: z.string(),
  attempt: z.number(),
  /** The provider that served (or failed) this attempt. */
  provider: providerId,
  requestedProvider: providerId,
  requestedModel: z.string(),
  servedModel: z.string(),
  inputTokens: z.number(),
  cachedInputTokens: z.number(),
  /** Prompt tokens written to the provider's cache. */
  cacheWriteInputTokens: z.number().optional(),
  outputTokens: z.number(),
  /** The part of outputTokens spent reasoning or thinking. */
  reasoningTokens: z.number().optional(),
  /** True when the provider billed without reporting usage: the tokens are an estimate. */
  usageEstimated: z.boolean(),
  costNanoDollars: z.number(),
  costUsd: z.number(),
  latencyMs: z.number(),
  cached: z.boolean(),
  /** `stale`: the last good answer to the prompt, served at no cost while every provider was down. */
  status: z.enum(['success', 'error', 'cached', 'stale']),
  errorCode: z.string().nullable(),
  /** The provider connection's id: which key paid, never the key itself. */
  keyId: z.string().nullable(),
  createdAt: z.string(),
  /** Orders records; the `after` of a page is the last record's. */
  sortKey: z.string(),
  day: z.string(),
  month: z.string(),
});
export type UsageRecordView = z.infer<typeof usageRecordView>;

/** GET /v1/usage/records: oldest first. */
export const usageRecordsResponse = z.object({ records: z.array(usageRecordView), next: z.string().optional() });
export type UsageRecordsResponse = z.infer<typeof usageRecordsResponse>;

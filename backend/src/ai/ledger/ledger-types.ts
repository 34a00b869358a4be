import type { BudgetLevel } from '../budget/budget-level';
import type { ProviderId } from '../providers/provider-adapter';

/** A spend counter: one scope (the organisation or one user) over one period (a UTC day or month). */
export interface CounterReference {
  /** "org" or "user:<userId>" */
  scope: string;
  /** "d:2026-11-23" or "m:2026-11" */
  period: string;
}

export interface CounterTotals {
  reservedNanoDollars: number;
  spentNanoDollars: number;
}

/** `stale`: the last good answer to the prompt, served at no cost while every provider was down. */
export type UsageStatus = 'success' | 'error' | 'cached' | 'stale';

/** One billed provider attempt, one cache hit or one last good answer (SPEC.md section 6, logAICost). */
export interface UsageRecord {
  id: string;
  organisationId: string;
  userId: string;
  templateId: string | null;
  fillId: string | null;
  tag: string | null;
  requestId: string;
  attempt: number;
  /** The provider that served (or failed) this attempt. */
  provider: ProviderId;
  requestedProvider: ProviderId;
  requestedModel: string;
  servedModel: string;
  inputTokens: number;
  cachedInputTokens: number;
  /** Prompt tokens written to the provider's cache (billed at its cache-write price). */
  cacheWriteInputTokens?: number;
  outputTokens: number;
  /** The part of outputTokens spent reasoning or thinking. */
  reasoningTokens?: number;
  /** True when the provider billed without reporting usage: the tokens are our estimate (the worst case for an unusable answer). */
  usageEstimated: boolean;
  costNanoDollars: number;
  costUsd: number;
  latencyMs: number;
  cached: boolean;
  status: UsageStatus;
  errorCode: string | null;
  /** The provider connection's id: which key paid, never the key itself. */
  keyId: string | null;
  createdAt: Date;
  /** `createdAt` ISO time, then id: orders records and pages through a period with a keyset. */
  sortKey: string;
  day: string;
  month: string;
}

/** A limited counter and its limit, as the request that spent on it saw them. */
export interface BudgetLimit {
  counter: CounterReference;
  limitNanoDollars: number;
  /**
   * The counter's level and its use (spend plus every instance's reservations) as this instance last read them
   * from the shared counters, when the request settled; absent when unknown. The exhausted check reads the
   * counter again only when these say it may be near its limit.
   */
  seen?: { level: BudgetLevel; usedNanoDollars: number } | undefined;
}

export interface Settlement {
  /** Spend is added to every counter of the request (organisation and user, day and month). */
  spendCounters: readonly CounterReference[];
  /** The limited counters, whose leased reservation the spend replaces. */
  leasedCounters: readonly CounterReference[];
  /** The lease of each leased counter (same order), whose balance goes down with the counter's reservation. */
  leaseIds?: readonly string[] | undefined;
  spentNanoDollars: number;
  /**
   * The part of the spend that was reserved and so leaves the leased counters and their leases (never more than
   * the request held: a provider billing over the worst case overran it); absent, all of the spend.
   */
  fromReservationNanoDollars?: number | undefined;
  /** The limits of the leased counters: once the spend is written, one it reached raises the exhausted alert. */
  budgetLimits?: readonly BudgetLimit[] | undefined;
  /** Bumps the template's generationCount and lastGeneratedAt when the request produced text (usageCount counts fills). */
  templateUse?: { templateId: string } | undefined;
}

/** One request's usage records and the settlement that goes with them, written together. */
export interface LedgerEntry {
  organisationId: string;
  records: readonly UsageRecord[];
  settlement: Settlement;
}

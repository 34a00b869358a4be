import type { UsageRecord } from '../ai/ledger/ledger-types';

export type UsageRow = Pick<
  UsageRecord,
  | 'userId'
  | 'templateId'
  | 'tag'
  | 'requestId'
  | 'attempt'
  | 'provider'
  | 'servedModel'
  | 'inputTokens'
  | 'cachedInputTokens'
  | 'outputTokens'
  | 'costNanoDollars'
  | 'latencyMs'
  | 'cached'
  | 'status'
  | 'day'
>;

/**
 * Definitions, shared by the totals and every breakdown row:
 * - requests: distinct requestIds. Retries and fallbacks write several rows for one request.
 * - attempts: rows that are not cache hits, i.e. calls that actually reached a provider.
 * - cachedRequests: requests answered from the cache (they have a cache-hit row).
 * - errorAttempts: rows with status 'error'.
 * - failedRequests: requests whose every row is an error, so the user got no answer.
 * - inputTokens, cachedInputTokens, outputTokens: summed over attempts only; a cache-hit row repeats the
 *   usage of the answer it reuses, which was already counted (and billed) when it was first produced.
 * - costNanoDollars: summed as integers so totals are exact; costUsd is that divided by 1e9, rounded to 6 decimals.
 * - cacheHitRate: cachedRequests / requests; errorRate: errorAttempts / attempts (0 when the divisor is 0).
 * - averageLatencyMs, p95LatencyMs: over attempts only, since a cache hit's latency says nothing about
 *   providers; p95 is nearest-rank (the ceil(0.95 n)-th smallest). 0 when there are no attempts.
 */
export interface UsageTotals {
  requests: number;
  attempts: number;
  cachedRequests: number;
  errorAttempts: number;
  failedRequests: number;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  costUsd: number;
  costNanoDollars: number;
  cacheHitRate: number;
  errorRate: number;
  averageLatencyMs: number;
  p95LatencyMs: number;
}

export interface UsageBreakdownRow extends UsageTotals {
  key: string;
}

/**
 * A request's outcome is judged over all its rows, then credited to every group holding any of them: a
 * request that failed over from one provider to another counts once in each provider's `requests`, so a
 * breakdown's request counts can add up to more than the total. Errors on the first provider still show
 * there as errorAttempts.
 */
export interface UsageSummary {
  totals: UsageTotals;
  /** Every day from `from` to `to`, ascending, zero-usage days included so charts have no gaps. */
  byDay: UsageBreakdownRow[];
  byUser: UsageBreakdownRow[];
  /** Keyed `${provider}:${servedModel}`. */
  byModel: UsageBreakdownRow[];
  byProvider: UsageBreakdownRow[];
  /** Keyed by templateId, or '(none)'. */
  byTemplate: UsageBreakdownRow[];
  /** Keyed by tag, or '(none)'. */
  byTag: UsageBreakdownRow[];
}

export interface UsageSummaryOptions {
  /** First UTC day, YYYY-MM-DD, inclusive. */
  from: string;
  /** Last UTC day, YYYY-MM-DD, inclusive. */
  to: string;
}

const noneKey = '(none)';
const millisecondsPerDay = 86_400_000;
const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

interface GroupAccumulator {
  key: string;
  attempts: number;
  errorAttempts: number;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  costNanoDollars: number;
  latencySumMs: number;
  latenciesMs: number[];
  requests: number;
  cachedRequests: number;
  failedRequests: number;
}

interface RequestState {
  everyRowIsError: boolean;
  answeredFromCache: boolean;
  groups: Set<GroupAccumulator>;
}

function newAccumulator(key: string): GroupAccumulator {
  return {
    key,
    attempts: 0,
    errorAttempts: 0,
    inputTokens: 0,
    cachedInputTokens: 0,
    outputTokens: 0,
    costNanoDollars: 0,
    latencySumMs: 0,
    latenciesMs: [],
    requests: 0,
    cachedRequests: 0,
    failedRequests: 0,
  };
}

function parseDay(day: string, name: string): number {
  const time = Date.parse(`${day}T00:00:00Z`);
  // Date.parse rolls 2026-02-30 over to March, so the round trip catches impossible dates.
  if (!dayPattern.test(day) || Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== day) {
    throw new RangeError(`${name} must be a UTC day written YYYY-MM-DD, got "${day}"`);
  }
  return time;
}

function daysBetween(from: string, to: string): string[] {
  const start = parseDay(from, 'from');
  const end = parseDay(to, 'to');
  if (start > end) throw new RangeError(`from (${from}) is after to (${to})`);
  const days: string[] = [];
  for (let time = start; time <= end; time += millisecondsPerDay) days.push(new Date(time).toISOString().slice(0, 10));
  return days;
}

function groupFor(groups: Map<string, GroupAccumulator>, key: string): GroupAccumulator {
  let group = groups.get(key);
  if (!group) {
    group = newAccumulator(key);
    groups.set(key, group);
  }
  return group;
}

function addRow(group: GroupAccumulator, row: UsageRow): void {
  group.costNanoDollars += row.costNanoDollars;
  if (row.cached) return;
  group.attempts += 1;
  if (row.status === 'error') group.errorAttempts += 1;
  group.inputTokens += row.inputTokens;
  group.cachedInputTokens += row.cachedInputTokens;
  group.outputTokens += row.outputTokens;
  group.latencySumMs += row.latencyMs;
  group.latenciesMs.push(row.latencyMs);
}

function nearestRankP95(values: readonly number[]): number {
  if (values.length === 0) return 0;
  // A typed array sorts numerically without a comparator callback, which matters at 100,000 rows.
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.ceil(0.95 * sorted.length) - 1] ?? 0;
}

function ratio(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}

function toTotals(group: GroupAccumulator): UsageTotals {
  return {
    requests: group.requests,
    attempts: group.attempts,
    cachedRequests: group.cachedRequests,
    errorAttempts: group.errorAttempts,
    failedRequests: group.failedRequests,
    inputTokens: group.inputTokens,
    cachedInputTokens: group.cachedInputTokens,
    outputTokens: group.outputTokens,
    // Rounding whole micro-dollars first keeps float noise out of the sixth decimal.
    costUsd: Math.round(group.costNanoDollars / 1000) / 1_000_000,
    costNanoDollars: group.costNanoDollars,
    cacheHitRate: ratio(group.cachedRequests, group.requests),
    errorRate: ratio(group.errorAttempts, group.attempts),
    averageLatencyMs: ratio(group.latencySumMs, group.attempts),
    p95LatencyMs: nearestRankP95(group.latenciesMs),
  };
}

function toBreakdownRow(group: GroupAccumulator): UsageBreakdownRow {
  return { key: group.key, ...toTotals(group) };
}

function byCostThenKey(left: UsageBreakdownRow, right: UsageBreakdownRow): number {
  if (left.costNanoDollars !== right.costNanoDollars) return right.costNanoDollars - left.costNanoDollars;
  // Code-unit order, not localeCompare, so the order is the same on every server.
  if (left.key === right.key) return 0;
  return left.key < right.key ? -1 : 1;
}

function sortedBreakdown(groups: Map<string, GroupAccumulator>): UsageBreakdownRow[] {
  return [...groups.values()].map(toBreakdownRow).sort(byCostThenKey);
}

/**
 * Summarises usage rows over the UTC days `from` to `to` inclusive, reading the rows once. Rows dated
 * outside the range are ignored, so the totals always equal the sum of `byDay`.
 */
export function summariseUsage(rows: Iterable<UsageRow>, options: UsageSummaryOptions): UsageSummary {
  const days = daysBetween(options.from, options.to);
  const totals = newAccumulator('');
  const byDay = new Map(days.map((day) => [day, newAccumulator(day)]));
  const byUser = new Map<string, GroupAccumulator>();
  const byModel = new Map<string, GroupAccumulator>();
  const byProvider = new Map<string, GroupAccumulator>();
  const byTemplate = new Map<string, GroupAccumulator>();
  const byTag = new Map<string, GroupAccumulator>();
  const requests = new Map<string, RequestState>();

  for (const row of rows) {
    const dayGroup = byDay.get(row.day);
    if (!dayGroup) continue;
    const rowGroups = [
      totals,
      dayGroup,
      groupFor(byUser, row.userId),
      groupFor(byModel, `${row.provider}:${row.servedModel}`),
      groupFor(byProvider, row.provider),
      groupFor(byTemplate, row.templateId ?? noneKey),
      groupFor(byTag, row.tag ?? noneKey),
    ];
    let request = requests.get(row.requestId);
    if (!request) {
      request = { everyRowIsError: true, answeredFromCache: false, groups: new Set() };
      requests.set(row.requestId, request);
    }
    if (row.status !== 'error') request.everyRowIsError = false;
    if (row.cached) request.answeredFromCache = true;
    for (const group of rowGroups) {
      addRow(group, row);
      request.groups.add(group);
    }
  }

  // Request counts wait until every row is seen: whether a request failed depends on all its attempts.
  for (const request of requests.values()) {
    for (const group of request.groups) {
      group.requests += 1;
      if (request.answeredFromCache) group.cachedRequests += 1;
      if (request.everyRowIsError) group.failedRequests += 1;
    }
  }

  return {
    totals: toTotals(totals),
    byDay: days.map((day) => toBreakdownRow(byDay.get(day) ?? newAccumulator(day))),
    byUser: sortedBreakdown(byUser),
    byModel: sortedBreakdown(byModel),
    byProvider: sortedBreakdown(byProvider),
    byTemplate: sortedBreakdown(byTemplate),
    byTag: sortedBreakdown(byTag),
  };
}

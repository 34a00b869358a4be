import type { AskAiRequest } from '../ask-ai-types';
import { reservedPartOf } from '../budget/budget-leases';
import { periodsOf } from '../budget/budget-periods';
import type { UsageRecord } from '../ledger/ledger-types';
import { usageRecordId } from '../ledger/usage-record-id';
import { lossAlreadyLogged } from '../ledger/usage-writer';
import { toDollars } from '../models/model-cost';
import type { ModelReference } from '../models/model-catalog';
import type { TokenUsage } from '../providers/provider-adapter';
import type { Attempt } from '../execution/execution-outcome';
import type { AskAiDependencies, ExecutedRun, LoggedRun, SummarizedRun } from './ask-ai-run';

/** What logAICost reads of the run. */
export type LogAiCostRun = Pick<ExecutedRun, 'request' | 'requested' | 'outcome' | 'reservation' | 'now'> & {
  dependencies: Pick<AskAiDependencies, 'writer'>;
};

export interface LoggedCost {
  costNanoDollars: number;
  records: number;
  /** Resolves once the records are in Firestore; rejects only when Firestore refused them for good. */
  durable: Promise<void>;
}

function baseRecord(request: AskAiRequest, now: Date) {
  const { day, month } = periodsOf(now);
  return {
    organisationId: request.organisationId,
    userId: request.userId,
    templateId: request.origin.templateId ?? null,
    fillId: request.origin.fillId ?? null,
    tag: request.origin.tag ?? null,
    requestId: request.requestId,
    createdAt: now,
    day,
    month,
  };
}

function recordOf(input: LogAiCostRun, base: ReturnType<typeof baseRecord>, attempt: Attempt): UsageRecord {
  const id = usageRecordId(input.request.organisationId, input.request.requestId, attempt.number);
  return {
    ...base,
    id,
    sortKey: `${base.createdAt.toISOString()}|${id}`,
    attempt: attempt.number,
    provider: attempt.candidate.reference.provider,
    requestedProvider: input.requested.provider,
    requestedModel: input.requested.model,
    servedModel: attempt.servedModel,
    inputTokens: attempt.usage.inputTokens,
    cachedInputTokens: attempt.usage.cachedInputTokens,
    cacheWriteInputTokens: attempt.usage.cacheWriteInputTokens ?? 0,
    outputTokens: attempt.usage.outputTokens,
    reasoningTokens: attempt.usage.reasoningTokens ?? 0,
    usageEstimated: attempt.usageEstimated,
    costNanoDollars: attempt.costNanoDollars,
    costUsd: toDollars(attempt.costNanoDollars),
    latencyMs: attempt.latencyMs,
    cached: false,
    status: attempt.error ? 'error' : 'success',
    errorCode: attempt.error?.code ?? null,
    keyId: attempt.candidate.connection.id,
  };
}

/**
 * Step 8, logAICost: exactly one usage record per billed attempt, handed to the usage writer together with
 * the settlement that turns the request's reservation into spend; the record ids are deterministic, so a
 * replayed write is refused whole and counts nothing twice. The request's hold on the budget is given back at once.
 */
export function logAiCost<Run extends LogAiCostRun>(run: Run): Run & Pick<LoggedRun, 'logged'> {
  const base = baseRecord(run.request, new Date(run.now()));
  const records = run.outcome.attempts.filter((attempt) => attempt.billed).map((attempt) => recordOf(run, base, attempt));
  const costNanoDollars = records.reduce((sum, record) => sum + record.costNanoDollars, 0);
  const { organisationId, origin } = run.request;
  const { reservation, outcome } = run;
  // Read before settling: the settlement takes off the shared reservations what the request held, no more.
  const fromReservationNanoDollars = reservedPartOf(reservation.reservedNanoDollars, costNanoDollars);
  const seen = reservation.settle(costNanoDollars);
  let durable = Promise.resolve();
  if (records.length > 0) {
    durable = run.dependencies.writer.write({
      organisationId,
      records,
      settlement: {
        spendCounters: reservation.counters,
        leasedCounters: reservation.limited.map((entry) => entry.counter),
        leaseIds: reservation.leaseIds(),
        spentNanoDollars: costNanoDollars,
        fromReservationNanoDollars,
        budgetLimits: reservation.limited.map((entry, index) => ({
          counter: entry.counter,
          limitNanoDollars: entry.limitNanoDollars,
          seen: seen[index],
        })),
        templateUse: outcome.success && origin.templateId ? { templateId: origin.templateId } : undefined,
      },
    });
  }
  return { ...run, logged: { costNanoDollars, records: records.length, durable } };
}

/**
 * Step 8 for a cache hit: it costs nothing but is still usage, one record marked cached. Nothing is owed for
 * it, so the answer does not wait for the record (the returned promise, which never rejects, is for tests).
 * A last good answer served while every provider was down is recorded the same way (status `stale`), so the
 * dashboard counts it with the cache hits and charges nothing for it.
 */
export function logCacheHit(
  run: Pick<SummarizedRun, 'request' | 'now'> & { dependencies: Pick<AskAiDependencies, 'writer'> },
  hit: { provider: ModelReference['provider']; model: string; usage: TokenUsage },
  served: { kind: 'cache' } | { kind: 'stale'; requested: ModelReference } = { kind: 'cache' },
): Promise<void> {
  const { request } = run;
  const now = new Date(run.now());
  const id = usageRecordId(request.organisationId, request.requestId, served.kind);
  const requested = served.kind === 'stale' ? served.requested : hit;
  const record: UsageRecord = {
    ...baseRecord(request, now),
    id,
    sortKey: `${now.toISOString()}|${id}`,
    attempt: 0,
    provider: hit.provider,
    requestedProvider: requested.provider,
    requestedModel: requested.model,
    servedModel: hit.model,
    inputTokens: hit.usage.inputTokens,
    cachedInputTokens: hit.usage.cachedInputTokens,
    outputTokens: hit.usage.outputTokens,
    usageEstimated: false,
    costNanoDollars: 0,
    costUsd: 0,
    latencyMs: 0,
    cached: true,
    status: served.kind === 'stale' ? 'stale' : 'cached',
    errorCode: null,
    keyId: null,
  };
  return run.dependencies.writer
    .write({
      organisationId: request.organisationId,
      records: [record],
      settlement: {
        spendCounters: [],
        leasedCounters: [],
        spentNanoDollars: 0,
        templateUse: request.origin.templateId ? { templateId: request.origin.templateId } : undefined,
      },
    })
    .catch(lossAlreadyLogged);
}

import type { AskAiRequest } from '../ask-ai-types';
import { periodsOf } from '../budget/budget-periods';
import type { LedgerRepository } from '../ledger/ledger-repository';
import type { UsageRecord } from '../ledger/ledger-types';
import { usageRecordId } from '../ledger/usage-record-id';
import { toDollars } from '../models/model-cost';
import type { ModelReference } from '../models/model-catalog';
import type { TokenUsage } from '../providers/provider-adapter';
import type { BudgetReservation } from './enforce-budget';
import type { Attempt, ExecutionOutcome } from './execute';

export interface LogAiCostInput {
  request: AskAiRequest;
  requested: ModelReference;
  outcome: ExecutionOutcome;
  reservation: BudgetReservation;
  ledger: LedgerRepository;
  now: Date;
}

export interface LoggedCost {
  costNanoDollars: number;
  records: number;
}

const writeAttempts = 3;

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

function recordOf(input: LogAiCostInput, attempt: Attempt): UsageRecord {
  return {
    ...baseRecord(input.request, input.now),
    id: usageRecordId(input.request.organisationId, input.request.requestId, attempt.number),
    attempt: attempt.number,
    provider: attempt.candidate.reference.provider,
    requestedProvider: input.requested.provider,
    requestedModel: input.requested.model,
    servedModel: attempt.servedModel,
    inputTokens: attempt.usage.inputTokens,
    cachedInputTokens: attempt.usage.cachedInputTokens,
    outputTokens: attempt.usage.outputTokens,
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
 * Retries a ledger write. It is idempotent (records are created by deterministic id), so a retry after a
 * write that landed but whose acknowledgement was lost changes nothing; `landedEarlier` tells the caller
 * that a refused write was its own earlier one.
 */
async function withRetries(write: () => Promise<boolean>): Promise<{ written: boolean; landedEarlier: boolean }> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const written = await write();
      return { written, landedEarlier: !written && attempt > 1 };
    } catch (error) {
      if (attempt >= writeAttempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

/**
 * Exactly one usage record per billed attempt, written in the same atomic batch that moves the request's
 * reservation to spent. The records' ids are deterministic, so a replay fails as a whole and changes nothing.
 */
export async function logAiCost(input: LogAiCostInput): Promise<LoggedCost> {
  const records = input.outcome.attempts.filter((attempt) => attempt.billed).map((attempt) => recordOf(input, attempt));
  const costNanoDollars = records.reduce((sum, record) => sum + record.costNanoDollars, 0);
  const reserved = input.reservation.reservedNanoDollars;
  const templateId = input.request.origin.templateId;
  if (records.length === 0) {
    await input.ledger.release(input.request.organisationId, input.reservation.counters, reserved);
    return { costNanoDollars: 0, records: 0 };
  }
  const write = await withRetries(() =>
    input.ledger.recordAndSettle(input.request.organisationId, records, {
      counters: input.reservation.counters,
      spentNanoDollars: costNanoDollars,
      reservedNanoDollars: reserved,
      templateUse: input.outcome.success && templateId ? { templateId } : undefined,
    }),
  );
  if (!write.written && !write.landedEarlier) {
    // Another run of the same request id already logged these attempts: count nothing twice, but give back
    // what this run reserved.
    await input.ledger.release(input.request.organisationId, input.reservation.counters, reserved);
    return { costNanoDollars: 0, records: 0 };
  }
  return { costNanoDollars, records: records.length };
}

/** A cache hit costs nothing but is still usage: one record marked cached. */
export async function logCacheHit(
  request: AskAiRequest,
  hit: { provider: ModelReference['provider']; model: string; usage: TokenUsage },
  ledger: LedgerRepository,
  now: Date,
): Promise<void> {
  const record: UsageRecord = {
    ...baseRecord(request, now),
    id: usageRecordId(request.organisationId, request.requestId, 'cache'),
    attempt: 0,
    provider: hit.provider,
    requestedProvider: hit.provider,
    requestedModel: hit.model,
    servedModel: hit.model,
    inputTokens: hit.usage.inputTokens,
    cachedInputTokens: hit.usage.cachedInputTokens,
    outputTokens: hit.usage.outputTokens,
    usageEstimated: false,
    costNanoDollars: 0,
    costUsd: 0,
    latencyMs: 0,
    cached: true,
    status: 'cached',
    errorCode: null,
    keyId: null,
  };
  await withRetries(() =>
    ledger.recordAndSettle(request.organisationId, [record], {
      counters: [],
      spentNanoDollars: 0,
      reservedNanoDollars: 0,
      templateUse: request.origin.templateId ? { templateId: request.origin.templateId } : undefined,
    }),
  );
}

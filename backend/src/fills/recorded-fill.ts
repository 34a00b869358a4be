import { storedExecutionOf, tagOutputsOf, type ExecutionRecord, type StoredExecution, type StoredTagOutput } from './executions-repository';
import type { FillAbort, FillResult, TagResult, TagStatus } from './fill-result';

/** What the execution document keeps of each tag (executions-repository.ts, `tags`). */
interface StoredTag {
  tag: string;
  status: TagStatus;
  provider: string | null;
  model: string | null;
  requestedModel: string | null;
  cached: boolean;
  /** Absent on executions recorded before last good answers were served. */
  lastGoodAnswer?: { generatedAt: string; ageSeconds: number } | null;
  inputTokens: number;
  outputTokens: number;
  cost: number | null;
  durationMs: number;
  errorCode: string | null;
}

export const interruptedAbort: FillAbort = {
  code: 'interrupted',
  message: 'The fill was interrupted before it finished (the server restarted); nothing was written. Run it again.',
};

const emptyTotals: FillResult['totals'] = {
  tags: 0,
  generated: 0,
  fallback: 0,
  failed: 0,
  cached: 0,
  inputTokens: 0,
  outputTokens: 0,
  cost: 0,
  durationMs: 0,
};

/**
 * The tags of a recorded fill that had a text to write but whose text is no longer stored: deleted after the
 * retention (FILL_OUTPUT_RETENTION_HOURS), or never kept (executions recorded before texts were). Skipped
 * tags have no text to lose. The fill must then not be answered: the add-on would write blanks.
 */
export function tagsWithoutTexts(execution: StoredExecution, outputs: Record<string, StoredTagOutput>): string[] {
  const tags = (execution.tags as StoredTag[] | undefined) ?? [];
  return tags.filter((stored) => stored.status !== 'skipped' && outputs[stored.tag] === undefined).map((stored) => stored.tag);
}

/**
 * A recorded execution in the shape POST /v1/fills answers, so a client that lost the request (cut at Apps
 * Script's limit, or polled on another instance) writes the same texts; the execution's metadata comes along.
 */
export function answerOfRecordedFill(
  execution: StoredExecution,
  outputs: Record<string, StoredTagOutput>,
): FillResult & Record<string, unknown> {
  const { abortMessage, ...metadata } = execution;
  const tags = (execution.tags as StoredTag[] | undefined) ?? [];
  const results = tags.map((stored): TagResult => {
    const output = outputs[stored.tag];
    return {
      tag: stored.tag,
      status: stored.status,
      // Only skipped tags come without a text: callers refuse a fill whose texts are gone (tagsWithoutTexts).
      text: output?.text ?? '',
      outputFormat: output?.outputFormat,
      provider: stored.provider ?? undefined,
      model: stored.model ?? undefined,
      requestedModel: stored.requestedModel ?? undefined,
      cached: stored.cached,
      lastGoodAnswer: stored.lastGoodAnswer ?? undefined,
      usage:
        stored.status === 'generated'
          ? { inputTokens: stored.inputTokens, cachedInputTokens: output?.cachedInputTokens ?? 0, outputTokens: stored.outputTokens }
          : undefined,
      cost: stored.cost ?? undefined,
      durationMs: stored.durationMs,
      error: stored.errorCode ? { code: stored.errorCode, message: output?.errorMessage ?? '' } : undefined,
      warnings: output?.warnings ?? [],
    };
  });
  const status = execution.status === 'aborted' ? 'aborted' : 'completed';
  const abort =
    status === 'aborted'
      ? { code: String(execution.abortCode ?? 'aborted'), message: typeof abortMessage === 'string' ? abortMessage : '' }
      : undefined;
  return {
    ...metadata,
    fillId: execution.fillId,
    status,
    abort,
    results,
    totals: (execution.totals as FillResult['totals'] | undefined) ?? emptyTotals,
  };
}

/** A fill this instance ran and recorded, answered from memory exactly as reading it back would answer it. */
export function answerOfFinishedFill(execution: ExecutionRecord): FillResult & Record<string, unknown> {
  return answerOfRecordedFill(storedExecutionOf(execution), tagOutputsOf(execution.fill));
}

/** A claim left `running` by an instance that stopped: nothing was generated that anyone can still write. */
export function answerOfInterruptedFill(claim: StoredExecution): FillResult & Record<string, unknown> {
  const { tagNames: _tagNames, ...metadata } = claim;
  return { ...metadata, fillId: claim.fillId, status: 'aborted', abort: interruptedAbort, results: [], totals: emptyTotals };
}

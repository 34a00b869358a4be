import type { Identity } from '../platform/http/caller';
import type { AskAi } from '../ai/ask-ai-types';
import { ProviderError } from '../ai/providers/provider-errors';
import { knownProviderId } from '../ai/providers/provider-lookup';
import type { Logger } from '../platform/logger';
import { classifyTagError } from './classify-tag-error';
import type { TagToFill } from './fill-request';
import type { FillProgress, FillProgressTracker } from './fill-progress';
import type { FillAbort, FillResult, TagResult } from './fill-result';
import type { ExecutionRecord, ExecutionsRepository } from './executions-repository';
import { mapWithConcurrency } from './map-with-concurrency';
import { tagFingerprint } from './tag-fingerprint';

export interface ExecuteFillTagsDependencies {
  askAi: AskAi;
  executions: ExecutionsRepository;
  concurrency: number;
  /** Every tag must be answered within this much of its own start (no single Apps Script request waits longer). */
  deadlineMs: number;
  /** Tags not started this long after the fill's start are not started: they fail with `timeout`. */
  maxDurationMs: number;
  logger: Logger;
  progress: FillProgress;
  now?: () => number;
}

/** A checked fill: every tag has its configuration, every referenced field its value. */
export interface FillPlan {
  fillId: string;
  documentId: string;
  documentName?: string | undefined;
  /** The document whose configuration applies (the template of a copy). */
  templateId: string | undefined;
  templateVersion: number | undefined;
  fieldValues: Record<string, string>;
  documentText?: string | undefined;
  tags: TagToFill[];
  regenerateOf?: string | undefined;
  /** The fill id was claimed (an execution document says `running`): progress and heartbeats go onto it. */
  claimed?: boolean | undefined;
  /** Texts an earlier, stopped fill generated, by tag: kept when the tag's fingerprint is still the same. */
  kept?: Record<string, KeptText> | undefined;
}

/** A tag an earlier fill generated and paid for. */
export interface KeptText {
  fingerprint: string;
  text: string;
  provider?: string | undefined;
  model?: string | undefined;
  requestedModel?: string | undefined;
  warnings: string[];
}

/** Shown next to a tag a resumed fill kept. */
export const keptWarning = 'Kept from the fill that stopped: not generated, or paid for, again.';

/** What the add-on shows for a fill the server stopped: nothing was written, and running it again finishes it. */
export const interruptedMessage = 'The server restarted while this fill ran, so nothing was written. Fill again to finish it.';

function failureMarker(tag: string, reason: string): string {
  return `[AI: could not generate ${tag} — ${reason}]`;
}

/**
 * Generates every tag of a fill in parallel, records the execution and says whether it may be written. The
 * fill is registered with `progress` before this returns, so a caller may stop waiting and poll instead.
 */
export function executeFillTags(identity: Identity, plan: FillPlan, dependencies: ExecuteFillTagsDependencies): Promise<FillResult> {
  const tracker = dependencies.progress.start(
    identity,
    plan.fillId,
    plan.tags.map((tag) => tag.name),
    { claimed: plan.claimed },
  );
  // The recorded execution stays with the progress, so a poll on this instance answers without reading it back.
  const recorded = generateAndRecord(identity, plan, dependencies, tracker);
  tracker.follow(recorded);
  return recorded.then((execution) => execution.fill);
}

async function generateAndRecord(
  identity: Identity,
  plan: FillPlan,
  dependencies: ExecuteFillTagsDependencies,
  tracker: FillProgressTracker,
): Promise<ExecutionRecord> {
  const now = dependencies.now ?? Date.now;
  const { fillId } = plan;
  const startedAt = now();
  let abort: FillAbort | undefined;

  const failure = (tag: TagToFill, tagStartedAt: number, failed: { code: string; message: string }): TagResult => {
    const fallback = tag.fallbackText !== undefined && tag.fallbackText !== '';
    return {
      tag: tag.name,
      status: fallback ? 'fallback' : 'failed',
      text: fallback ? (tag.fallbackText as string) : failureMarker(tag.name, failed.message),
      durationMs: now() - tagStartedAt,
      error: { code: failed.code, message: failed.message },
      warnings: [],
    };
  };

  const generate = async (tag: TagToFill): Promise<TagResult> => {
    const tagStartedAt = now();
    if (abort) return { tag: tag.name, status: 'skipped', text: '', durationMs: 0, warnings: [] };
    const fingerprint = tagFingerprint(tag, plan.fieldValues, plan.documentText);
    const kept = plan.kept?.[tag.name];
    if (kept && kept.fingerprint === fingerprint && !tag.regenerate) {
      return {
        tag: tag.name,
        status: 'generated',
        text: kept.text,
        provider: kept.provider,
        model: kept.model,
        requestedModel: kept.requestedModel,
        cached: true,
        cost: 0,
        durationMs: 0,
        warnings: [...kept.warnings, keptWarning],
        fingerprint,
      };
    }
    if (tracker.signal.aborted) {
      // Shutdown: the fill is recorded now, with what it spent, as interrupted; running it again finishes it.
      abort ??= { code: 'interrupted', message: interruptedMessage };
      return { tag: tag.name, status: 'skipped', text: '', durationMs: 0, warnings: [] };
    }
    if (tagStartedAt - startedAt >= dependencies.maxDurationMs) {
      // Each started tag may still take its own deadline, so the fill ends within maxDurationMs plus one deadline.
      const timedOut = {
        code: 'timeout',
        message: `the fill ran longer than ${Math.round(dependencies.maxDurationMs / 1000)} s, so this tag was not started; fill again to generate it`,
      };
      dependencies.logger.warn(
        { fillId, tag: tag.name, provider: tag.provider ?? null, model: tag.model ?? null, code: timedOut.code, retryable: true },
        'tag not started: the fill ran out of time',
      );
      return failure(tag, tagStartedAt, timedOut);
    }
    try {
      const answer = await dependencies.askAi({
        organisationId: identity.organisationId,
        userId: identity.userId,
        requestId: `${fillId}:${tag.name}`,
        instruction: tag.prompt,
        fields: plan.fieldValues,
        context: tag.useDocumentText ? plan.documentText : undefined,
        // The pre-run check refused a provider the registry does not have.
        provider: knownProviderId(tag.provider),
        model: tag.model,
        connectionId: tag.connectionId,
        complexity: tag.complexity,
        outputFormat: tag.outputFormat,
        temperature: tag.temperature,
        maxOutputTokens: tag.maxOutputTokens,
        tokenLimitJustification: tag.tokenLimitJustification,
        cacheTtlSeconds: tag.cacheTtlSeconds,
        bypassCache: tag.regenerate,
        // Each tag gets a whole deadline from its own start: with more tags than the concurrency, later tags
        // start late, and a deadline shared from the fill's start would time them out before they began.
        deadlineAt: tagStartedAt + dependencies.deadlineMs,
        signal: tracker.signal,
        origin: { templateId: plan.templateId, fillId, tag: tag.name },
      });
      return {
        tag: tag.name,
        status: 'generated',
        text: answer.text,
        provider: answer.provider,
        model: answer.model,
        requestedModel: answer.requestedModel,
        cached: answer.cached,
        lastGoodAnswer: answer.lastGoodAnswer && {
          generatedAt: new Date(answer.lastGoodAnswer.generatedAt).toISOString(),
          ageSeconds: answer.lastGoodAnswer.ageSeconds,
        },
        usage: answer.usage,
        cost: answer.cost,
        durationMs: now() - tagStartedAt,
        warnings: answer.warnings,
        fingerprint,
      };
    } catch (error) {
      const classified = classifyTagError(error);
      // One line per failed tag so operators see provider trouble; never the prompt, the text or the key.
      const provider = error instanceof ProviderError ? error.provider : (tag.provider ?? null);
      const model = error instanceof ProviderError ? error.model : (tag.model ?? null);
      const retryable = error instanceof ProviderError ? error.retryable : false;
      const line = { fillId, tag: tag.name, provider, model, code: classified.code, retryable, abortsFill: classified.abortsFill };
      if (classified.code === 'internal') dependencies.logger.error({ ...line, err: error }, 'tag generation failed');
      else dependencies.logger.warn(line, 'tag generation failed');
      if (classified.code === 'interrupted') abort ??= { code: 'interrupted', message: interruptedMessage };
      else if (classified.abortsFill) abort ??= { code: classified.code, message: classified.message };
      return failure(tag, tagStartedAt, classified);
    }
  };

  const generateTag = async (tag: TagToFill): Promise<TagResult> => {
    // Every result says how its text is written, so the add-on need not read the template to write it.
    const result: TagResult = { ...(await generate(tag)), outputFormat: tag.outputFormat };
    tracker.finished(result.tag, result.status);
    return result;
  };
  const results = await mapWithConcurrency(plan.tags, dependencies.concurrency, generateTag);
  const count = (status: TagResult['status']) => results.filter((result) => result.status === status).length;
  const fill: FillResult = {
    fillId,
    status: abort ? 'aborted' : 'completed',
    abort,
    results,
    totals: {
      tags: results.length,
      generated: count('generated'),
      fallback: count('fallback'),
      failed: count('failed'),
      cached: results.filter((result) => result.cached).length,
      inputTokens: results.reduce((sum, result) => sum + (result.usage?.inputTokens ?? 0), 0),
      outputTokens: results.reduce((sum, result) => sum + (result.usage?.outputTokens ?? 0), 0),
      cost: results.reduce((sum, result) => sum + (result.cost ?? 0), 0),
      durationMs: now() - startedAt,
    },
  };
  const execution: ExecutionRecord = {
    organisationId: identity.organisationId,
    userId: identity.userId,
    userEmail: identity.email,
    documentId: plan.documentId,
    documentName: plan.documentName,
    templateId: plan.templateId,
    templateVersion: plan.templateVersion,
    regenerateOf: plan.regenerateOf,
    startedAt: new Date(startedAt),
    fill,
  };
  await tracker.stop();
  await dependencies.executions.record(execution);
  return execution;
}

import type { Identity } from '../auth/identity';
import type { AskAi } from '../ai/ask-ai-types';
import type { Logger } from '../platform/logger';
import { classifyTagError } from './classify-tag-error';
import type { TagToFill } from './fill-request';
import type { FillProgress } from './fill-progress';
import type { FillAbort, FillResult, TagResult } from './fill-result';
import type { ExecutionsRepository } from './executions-repository';
import { mapWithConcurrency } from './map-with-concurrency';

export interface RunFillDependencies {
  askAi: AskAi;
  executions: ExecutionsRepository;
  concurrency: number;
  /** Every tag must be answered within this much of the fill's start (Apps Script waits about 60 s). */
  deadlineMs: number;
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
}

function failureMarker(tag: string, reason: string): string {
  return `[AI: could not generate ${tag} — ${reason}]`;
}

/** Generates every tag of a fill in parallel, records the execution and says whether it may be written. */
export async function runFill(identity: Identity, plan: FillPlan, dependencies: RunFillDependencies): Promise<FillResult> {
  const now = dependencies.now ?? Date.now;
  const { fillId } = plan;
  const startedAt = now();
  let abort: FillAbort | undefined;
  const tracker = dependencies.progress.start(identity, fillId, plan.tags.map((tag) => tag.name));

  const generate = async (tag: TagToFill): Promise<TagResult> => {
    const tagStartedAt = now();
    if (abort) return { tag: tag.name, status: 'skipped', text: '', durationMs: 0, warnings: [] };
    try {
      const answer = await dependencies.askAi({
        organisationId: identity.organisationId,
        userId: identity.userId,
        requestId: `${fillId}:${tag.name}`,
        instruction: tag.prompt,
        fields: plan.fieldValues,
        context: tag.useDocumentText ? plan.documentText : undefined,
        provider: tag.provider,
        model: tag.model,
        complexity: tag.complexity,
        outputFormat: tag.outputFormat,
        temperature: tag.temperature,
        maxOutputTokens: tag.maxOutputTokens,
        tokenLimitJustification: tag.tokenLimitJustification,
        bypassCache: tag.regenerate,
        deadlineAt: startedAt + dependencies.deadlineMs,
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
        usage: answer.usage,
        cost: answer.cost,
        durationMs: now() - tagStartedAt,
        warnings: answer.warnings,
      };
    } catch (error) {
      const classified = classifyTagError(error);
      if (classified.code === 'internal') dependencies.logger.error({ err: error, fillId, tag: tag.name }, 'tag generation failed');
      if (classified.abortsFill) abort ??= { code: classified.code, message: classified.message };
      const fallback = tag.fallbackText !== undefined && tag.fallbackText !== '';
      return {
        tag: tag.name,
        status: fallback ? 'fallback' : 'failed',
        text: fallback ? (tag.fallbackText as string) : failureMarker(tag.name, classified.message),
        durationMs: now() - tagStartedAt,
        error: { code: classified.code, message: classified.message },
        warnings: [],
      };
    }
  };

  const generateTag = async (tag: TagToFill): Promise<TagResult> => {
    const result = await generate(tag);
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
  try {
    await dependencies.executions.record({
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
    });
  } finally {
    tracker.done();
  }
  return fill;
}

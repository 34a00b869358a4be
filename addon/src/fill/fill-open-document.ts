import type { FillOutcome, FillProblem, FillRequestInput, TagOutcome } from '../../shared/sidebar-contract';
import { BackendProblem, BackendUnreachable, isFinished, type BackendClient, type BackendFillResult } from '../backend/backend-client';
import { scanDocument } from '../document/scan-document';
import type { FillLimits } from './fill-limits';
import { prepareFill } from './fill-request';
import { copyProblems, localFillProblems } from './local-fill-problems';
import { writeIntoTarget, type WriteTargetDependencies } from './write-into-target';

export interface FillOpenDocumentDependencies extends WriteTargetDependencies {
  limits: FillLimits;
  now: () => number;
}

/**
 * One click, one Apps Script execution: check, generate every tag through the backend (which runs them in
 * parallel), then write every result in one pass — or, for a preview, hand the texts to the sidebar. An
 * aborted fill writes nothing.
 */
export function fillOpenDocument(input: FillRequestInput, dependencies: FillOpenDocumentDependencies): FillOutcome {
  const { document, backend } = dependencies;
  const startedAt = dependencies.now();
  const scan = scanDocument(document);
  const problems = localFillProblems(scan, input);
  // Known before any model is called, so a copy that cannot be made costs nothing.
  if (input.mode === 'copy') problems.push(...copyProblems(document));
  let prepared;
  try {
    prepared = prepareFill(input, document, backend);
    if (problems.length > 0) return { status: 'not-ready', problems: [...problems, ...backendCheck(backend, prepared.request)] };
  } catch (error) {
    return stopped(input.fillId, error);
  }

  let fill: BackendFillResult | undefined;
  if (prepared.request.tags.length > 0) {
    try {
      fill = generate(prepared.request, dependencies, startedAt);
    } catch (error) {
      if (error instanceof BackendProblem && (error.status === 400 || error.status === 422))
        return { status: 'not-ready', problems: problemsOf(error) };
      return stopped(input.fillId, error);
    }
    if (!fill) {
      return {
        status: 'aborted',
        fillId: input.fillId,
        code: 'too_slow',
        message: 'The fill took longer than Apps Script allows, so nothing was written. Fill fewer tags at a time.',
        tags: [],
      };
    }
  }
  const tags = fill ? tagOutcomes(fill) : [];
  const durationMs = fill?.totals.durationMs ?? 0;
  if (fill?.status === 'aborted') {
    return {
      status: 'aborted',
      fillId: input.fillId,
      code: fill.abort?.code ?? 'aborted',
      message: fill.abort?.message ?? 'The fill was stopped.',
      tags,
    };
  }
  if (input.mode === 'preview') return { status: 'generated', fillId: input.fillId, tags, durationMs };
  // Markers in every placeholder would only spoil the template: when no tag produced text, the document stays as it was.
  if (fill && nothingSucceeded(fill)) return everyTagFailed(input.fillId, fill, tags);

  const { written, copy } = writeIntoTarget(
    {
      target: input.mode === 'copy' ? 'copy' : 'document',
      copyName: input.copyName,
      scan,
      aiTags: new Map(tags.map((tag) => [tag.tag, { text: tag.text, format: tag.outputFormat }])),
      fieldValues: input.fieldValues,
    },
    dependencies,
  );
  return { status: 'written', fillId: input.fillId, tags, durationMs, fieldsReplaced: written.fieldOccurrences, ...(copy ? { copy } : {}) };
}

/**
 * Starts the fill and asks again while it runs: no single request waits longer than `waitSeconds`, nor past
 * what is left of the generation budget. Undefined when the budget runs out first.
 */
function generate(
  request: Parameters<BackendClient['startFill']>[0],
  dependencies: FillOpenDocumentDependencies,
  startedAt: number,
): BackendFillResult | undefined {
  const { backend, limits } = dependencies;
  const waitSeconds = () => Math.min(limits.waitSeconds, Math.floor((limits.generationBudgetMs - (dependencies.now() - startedAt)) / 1000));
  let wait = waitSeconds();
  if (wait <= 0) return undefined;
  let answer = backend.startFill(request, wait);
  while (!isFinished(answer)) {
    wait = waitSeconds();
    if (wait <= 0) return undefined;
    answer = backend.awaitFill(request.fillId, wait);
  }
  return answer;
}

function tagOutcomes(fill: BackendFillResult): TagOutcome[] {
  return fill.results.map((result) => {
    const outcome: TagOutcome = {
      tag: result.tag,
      status: result.status,
      text: result.text,
      // The backend says how each tag's text is written; fallback texts and markers are written plain.
      outputFormat: result.status === 'generated' ? (result.outputFormat ?? 'plain') : 'plain',
    };
    if (result.error) outcome.message = result.error.message;
    if (result.warnings && result.warnings.length > 0) outcome.warnings = result.warnings;
    if (result.model) outcome.model = result.model;
    if (result.cached !== undefined) outcome.cached = result.cached;
    if (result.lastGoodAnswer) outcome.lastGoodAnswer = { ageSeconds: result.lastGoodAnswer.ageSeconds };
    if (result.durationMs !== undefined) outcome.durationMs = result.durationMs;
    return outcome;
  });
}

function nothingSucceeded(fill: BackendFillResult): boolean {
  return fill.results.length > 0 && fill.results.every((result) => result.status === 'failed' || result.status === 'skipped');
}

/** One code when every tag failed for the same reason (a revoked key, a spent budget), so the sidebar can advise on it. */
function everyTagFailed(fillId: string, fill: BackendFillResult, tags: TagOutcome[]): FillOutcome {
  const codes = new Set(fill.results.map((result) => result.error?.code ?? 'failed'));
  const reasons = [...new Set(fill.results.flatMap((result) => (result.error ? [result.error.message] : [])))];
  const why = reasons.length === 1 ? ` ${reasons[0]}` : ' Each tag says why below.';
  return {
    status: 'aborted',
    fillId,
    code: codes.size === 1 ? [...codes][0]! : 'every_tag_failed',
    message: `No AI tag could be generated, so the document was left as it was (fields included).${why}`,
    tags,
  };
}

/** The backend's own problems, so the user sees every problem at once; none if it cannot say. */
function backendCheck(backend: BackendClient, request: Parameters<BackendClient['checkFill']>[0]): FillProblem[] {
  if (request.tags.length === 0) return [];
  try {
    return backend.checkFill(request).problems;
  } catch {
    return [];
  }
}

function problemsOf(error: BackendProblem): FillProblem[] {
  const listed = error.body.problems;
  if (Array.isArray(listed) && listed.length > 0) {
    return listed.map((problem: { tag?: string; code?: string; message?: string; detail?: string; pointer?: string }) => ({
      ...(problem.tag ? { tag: problem.tag } : {}),
      code: problem.code ?? 'invalid',
      message: problem.message ?? problem.detail ?? error.detail,
    }));
  }
  return [{ code: 'invalid', message: error.detail }];
}

/** A failure before anything was written, in words the sidebar can show. */
function stopped(fillId: string, error: unknown): FillOutcome {
  if (error instanceof BackendProblem)
    return { status: 'aborted', fillId, code: String(error.body.code ?? `http_${error.status}`), message: error.detail, tags: [] };
  if (error instanceof BackendUnreachable)
    return {
      status: 'aborted',
      fillId,
      code: 'backend_unreachable',
      message: `${error.message} Try again in a minute; if it persists, tell your admin.`,
      tags: [],
    };
  throw error;
}

import type { CopyReference, FillOutcome, FillProblem, FillRequestInput, OutputFormat, TagOutcome } from '../../shared/sidebar-contract';
import { BackendProblem, BackendUnreachable, isFinished, type BackendClient, type BackendFillResult } from '../backend/backend-client';
import { scanDocument } from '../document/scan-document';
import { writeResults } from '../document/write-results';
import { fieldsToWrite } from './fields-to-write';
import type { FillLimits } from './fill-limits';
import { prepareFill } from './fill-request';
import { localFillProblems } from './local-fill-problems';

type Document = GoogleAppsScript.Document.Document;

export interface RunFillDependencies {
  document: Document;
  backend: BackendClient;
  limits: FillLimits;
  now: () => number;
  /** Makes and opens a copy of the document (mode "copy"). */
  copyDocument: (documentId: string, name: string) => { document: Document; reference: CopyReference };
}

/**
 * One click, one Apps Script execution: check, generate every tag through the backend (which runs them in
 * parallel), then write every result in one pass — or, for a preview, hand the texts to the sidebar. An
 * aborted fill writes nothing.
 */
export function runFill(input: FillRequestInput, dependencies: RunFillDependencies): FillOutcome {
  const { document, backend } = dependencies;
  const startedAt = dependencies.now();
  const scan = scanDocument(document);
  const problems = localFillProblems(scan, input);
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
      if (error instanceof BackendProblem && (error.status === 400 || error.status === 422)) return { status: 'not-ready', problems: problemsOf(error) };
      return stopped(input.fillId, error);
    }
    if (!fill) {
      return { status: 'aborted', fillId: input.fillId, code: 'too_slow', message: 'The fill took longer than Apps Script allows, so nothing was written. Fill fewer tags at a time.', tags: [] };
    }
  }
  const tags = fill ? tagOutcomes(fill, prepared.formats) : [];
  const durationMs = fill?.totals.durationMs ?? 0;
  if (fill?.status === 'aborted') {
    return { status: 'aborted', fillId: input.fillId, code: fill.abort?.code ?? 'aborted', message: fill.abort?.message ?? 'The fill was stopped.', tags };
  }
  if (input.mode === 'preview') return { status: 'generated', fillId: input.fillId, tags, durationMs };

  const target = input.mode === 'copy' ? dependencies.copyDocument(document.getId(), input.copyName?.trim() || `${document.getName()} (filled)`) : undefined;
  if (target) linkCopy(backend, document.getId(), target.reference.id);
  const written = writeResults(target?.document ?? document, {
    aiTags: new Map(tags.map((tag) => [tag.tag, { text: tag.text, format: tag.outputFormat }])),
    fields: fieldsToWrite(scan, input.fieldValues),
  });
  return { status: 'written', fillId: input.fillId, tags, durationMs, fieldsReplaced: written.fieldOccurrences, ...(target ? { copy: target.reference } : {}) };
}

/** Starts the fill and asks again while it runs: no single request waits longer than `waitSeconds`. */
function generate(request: Parameters<BackendClient['startFill']>[0], dependencies: RunFillDependencies, startedAt: number): BackendFillResult | undefined {
  const { backend, limits } = dependencies;
  let answer = backend.startFill(request, limits.waitSeconds);
  while (!isFinished(answer)) {
    if (dependencies.now() - startedAt >= limits.generationBudgetMs) return undefined;
    answer = backend.awaitFill(request.fillId, limits.waitSeconds);
  }
  return answer;
}

function tagOutcomes(fill: BackendFillResult, formats: Record<string, OutputFormat>): TagOutcome[] {
  return fill.results.map((result) => {
    const outcome: TagOutcome = { tag: result.tag, status: result.status, text: result.text, outputFormat: result.status === 'generated' ? (formats[result.tag] ?? 'plain') : 'plain' };
    if (result.error) outcome.message = result.error.message;
    if (result.model) outcome.model = result.model;
    if (result.cached !== undefined) outcome.cached = result.cached;
    if (result.durationMs !== undefined) outcome.durationMs = result.durationMs;
    return outcome;
  });
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
  if (error instanceof BackendProblem) return { status: 'aborted', fillId, code: String(error.body.code ?? `http_${error.status}`), message: error.detail, tags: [] };
  if (error instanceof BackendUnreachable) return { status: 'aborted', fillId, code: 'backend_unreachable', message: `${error.message} Try again in a minute; if it persists, tell your admin.`, tags: [] };
  throw error;
}

/** A copy keeps using its template's configuration; failing to record that must not lose the written copy. */
function linkCopy(backend: BackendClient, templateDocumentId: string, copyDocumentId: string): void {
  try {
    backend.linkCopy(templateDocumentId, copyDocumentId);
  } catch {
    // A document never configured has nothing to inherit (404); anything else only costs the link.
  }
}

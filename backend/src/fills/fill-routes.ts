import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import {
  feedbackParams,
  feedbackRequest,
  fillCheckResponse,
  fillListQuery,
  fillListResponse,
  fillParams,
  fillPollQuery,
  fillPollResponse,
  startFillResponse,
  type ExecutionView,
  type FillListResponse,
  type FillPollResponse,
  type FillProgress,
} from '../../../contracts/fills';
import { isAdmin, type Caller } from '../platform/http/caller';
import type { BudgetStatusReader } from '../ai/budget/budget-status';
import { customiseCatalog, type CatalogModel } from '../ai/models/model-catalog';
import type { AiSettingsRepository } from '../ai/settings/ai-settings-repository';
import { defineRoute, json, noContent, type Route } from '../platform/http/define-route';
import { badRequest, conflict, forbidden, gone, HttpProblem, notFound, problemTypeBase, serviceUnavailable } from '../platform/problem';
import { resolveTemplate } from '../templates/resolve-template';
import type { TemplatesRepository } from '../templates/templates-repository';
import { dayOf } from '../ai/models/model-lifecycle';
import type { ConnectionResolver } from '../ai/connections/connection-resolver';
import type { TagFeedbackRepository } from '../feedback/tag-feedback-repository';
import { checkFill, type FillProblem } from './check-fill';
import type { StoredExecution } from './executions-repository';
import { settlesWithin } from '../platform/settles-within';
import { fillRequestSchema } from './fill-request';
import { answerOfFinishedFill, answerOfInterruptedFill, answerOfRecordedFill, interruptedAbort, tagsWithoutTexts } from './recorded-fill';
import { keptWarning, runFill, type KeptText, type RunFillDependencies } from './run-fill';

export interface FillRoutesDependencies extends RunFillDependencies {
  templates: TemplatesRepository;
  settings: AiSettingsRepository;
  budgetStatus: BudgetStatusReader;
  models: readonly CatalogModel[];
  /** The organisation's default connection model, which tags with no model of their own may fall back to. */
  connections: Pick<ConnectionResolver, 'defaultModel'>;
  feedback: TagFeedbackRepository;
  /** How long generated texts are kept (FILL_OUTPUT_RETENTION_HOURS), for the message once they are gone. */
  outputRetentionHours: number;
  /** Aborted when the server begins to shut down: long polls answer at once, so callers poll another instance. */
  stopping?: AbortSignal | undefined;
  /** A claim silent this long (3.5 heartbeats) belongs to an instance that crashed. */
  silentClaimMs?: number | undefined;
}

/** How often a poll reads a fill another instance runs: a Firestore read each time, so not too often. */
const repositoryPollMs = 500;
/** A claim still `running` this long after the longest a fill may run belongs to an instance that stopped. */
const interruptedAfterExtraMs = 60_000;
/**
 * A running fill's instance writes a heartbeat every 20 s by default (fill-progress.ts): a claim silent for
 * 70 s belongs to an instance that crashed, so the poll says interrupted well within the add-on's 300 s.
 */
const defaultSilentClaimMs = 70_000;

/**
 * Waits `ms`, or less when `signal` aborts (shutdown). The listener goes with the wait: a promise raced against
 * one that never settles would keep a reaction per poll for the life of the process.
 */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    timer.unref();
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** A fill another instance runs, as its claim shows it: per-tag progress once that instance published it. */
function progressOfClaim(execution: StoredExecution): FillProgress {
  const tagNames = Array.isArray(execution.tagNames) ? (execution.tagNames as string[]) : [];
  const stored = (execution.progress ?? {}) as FillProgress['tags'];
  const tags = Object.fromEntries(tagNames.map((tag) => [tag, stored[tag] ?? 'pending']));
  const finished = Object.values(tags).filter((status) => status !== 'pending').length;
  return { fillId: execution.fillId, status: 'running', total: tagNames.length, finished, tags };
}

function notReady(problems: FillProblem[]): HttpProblem {
  return new HttpProblem({
    status: 422,
    type: `${problemTypeBase}fill-not-ready`,
    title: 'The fill cannot start',
    detail: problems.map((problem) => problem.message).join(' '),
    extensions: { problems },
  });
}

/** Fills (SPEC.md section 5): check, generate every tag in parallel, record the execution; progress and feedback. */
export function createFillRoutes(dependencies: FillRoutesDependencies): Route[] {
  const prepare = async (caller: Caller, request: z.infer<typeof fillRequestSchema>) => {
    const [template, settings, budget, connectionDefault] = await Promise.all([
      resolveTemplate(dependencies.templates, caller.organisationId, request.documentId),
      dependencies.settings.get(caller.organisationId),
      dependencies.budgetStatus(caller.organisationId, caller.userId),
      // A stored key that cannot be opened is reported by the fill itself, not here.
      dependencies.connections.defaultModel(caller.organisationId).catch(() => undefined),
    ]);
    const checked = checkFill(
      request,
      template?.content,
      settings,
      customiseCatalog(dependencies.models, settings),
      dayOf(now()),
      connectionDefault,
    );
    const exhausted = budget.budgets.find((entry) => entry.level === 'exhausted');
    if (exhausted) {
      const whose = exhausted.scope === 'organisation' ? "The organisation's" : 'Your';
      checked.problems.push({
        tag: '*',
        code: 'budget_exhausted',
        message: `${whose} ${exhausted.period === 'day' ? 'daily' : 'monthly'} AI budget ($${exhausted.limitUsd}) is used up; ask an admin to raise it.`,
      });
    }
    return { template, ...checked };
  };
  const visibleExecution = async (caller: Caller, fillId: string) => {
    const execution = await dependencies.executions.get(caller.organisationId, fillId);
    // A member sees only their own fills; someone else's is "not found", not "forbidden", to reveal nothing.
    if (!execution || (execution.userId !== caller.userId && !isAdmin(caller))) {
      throw notFound(`There is no fill ${fillId} of yours.`);
    }
    return execution;
  };

  /** The texts a stopped fill of this user, on this document, generated: a resumed fill keeps them (see KeptText). */
  const keptTexts = async (caller: Caller, fillId: string, documentId: string): Promise<Record<string, KeptText>> => {
    const execution = await visibleExecution(caller, fillId);
    if (execution.userId !== caller.userId) throw notFound(`There is no fill ${fillId} of yours to resume.`);
    if (execution.status !== 'aborted')
      throw conflict(
        `The fill ${fillId} did not stop (it is ${String(execution.status)}): there is nothing to resume; fill without resumeOf.`,
      );
    if (execution.documentId !== undefined && execution.documentId !== documentId)
      throw badRequest(`The fill ${fillId} was of another document; resume it from that document.`);
    const outputs = await dependencies.executions.getOutputs(caller.organisationId, fillId);
    const kept: Record<string, KeptText> = {};
    for (const stored of (execution.tags as Array<Record<string, unknown>> | undefined) ?? []) {
      const tag = String(stored.tag);
      const output = outputs[tag];
      if (stored.status !== 'generated' || typeof stored.fingerprint !== 'string' || !output) continue;
      kept[tag] = {
        fingerprint: stored.fingerprint,
        text: output.text,
        provider: typeof stored.provider === 'string' ? stored.provider : undefined,
        model: typeof stored.model === 'string' ? stored.model : undefined,
        requestedModel: typeof stored.requestedModel === 'string' ? stored.requestedModel : undefined,
        warnings: output.warnings.filter((warning) => warning !== keptWarning),
      };
    }
    return kept;
  };

  const now = dependencies.now ?? Date.now;
  /** A recorded fill: the result with its texts for the user who ran it, the metrics alone for an admin. */
  // Stored executions are loose records; their shape is the contract's, which the response walk checks.
  const answerOf = async (caller: Caller, execution: StoredExecution): Promise<FillPollResponse> => {
    if (execution.userId !== caller.userId) return execution as ExecutionView;
    const outputs = await dependencies.executions.getOutputs(caller.organisationId, execution.fillId);
    // An aborted fill wrote nothing and has nothing to write: its abort is still the answer once the texts are gone.
    if (execution.status !== 'aborted' && tagsWithoutTexts(execution, outputs).length > 0) {
      throw gone(`The texts of this fill were deleted after ${dependencies.outputRetentionHours} hours; run the fill again.`);
    }
    return answerOfRecordedFill(execution, outputs) as FillPollResponse;
  };
  const stopping = dependencies.stopping;
  const silentClaimMs = dependencies.silentClaimMs ?? defaultSilentClaimMs;
  /** A fill this instance does not run (another instance runs it, or ran it, or stopped while running it). */
  const answerFromRepository = async (caller: Caller, fillId: string, until: number) => {
    for (;;) {
      const execution = await visibleExecution(caller, fillId);
      if (execution.status !== 'running') return json(await answerOf(caller, execution));
      const startedAt = Date.parse(String(execution.startedAt));
      const lastSeenAt = Date.parse(String(execution.heartbeatAt ?? execution.startedAt));
      const outlived = Number.isFinite(startedAt) && now() - startedAt > dependencies.maxDurationMs + interruptedAfterExtraMs;
      if (outlived || (Number.isFinite(lastSeenAt) && now() - lastSeenAt > silentClaimMs)) {
        // Recorded too, so lists and other instances agree; a fill recorded meanwhile is answered as recorded.
        const silentSince = new Date(outlived ? now() : now() - silentClaimMs);
        if (await dependencies.executions.markInterrupted(caller.organisationId, fillId, silentSince, interruptedAbort))
          return json(answerOfInterruptedFill(execution) as FillPollResponse);
        // Not interrupted after all (recorded, or heard of, meanwhile): the next read tells.
      }
      const remaining = until - now();
      if (remaining <= 0 || stopping?.aborted) return json(progressOfClaim(execution));
      await sleep(Math.min(repositoryPollMs, remaining), stopping);
    }
  };

  return [
    defineRoute({
      method: 'post',
      path: '/v1/fills/check',
      operationId: 'checkFill',
      summary: 'List every problem that would stop a fill, without calling any model',
      tag: 'fills',
      access: 'member',
      body: fillRequestSchema,
      response: {
        status: 200,
        description: 'The problems (none: the fill can start)',
        schema: fillCheckResponse,
      },
      async handle({ caller, body }) {
        const { problems } = await prepare(caller, body);
        return json({ ready: problems.length === 0, problems });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/fills',
      operationId: 'fill',
      summary: 'Generate every listed AI tag in parallel and record the execution; 422 lists every problem first',
      tag: 'fills',
      access: 'member',
      body: fillRequestSchema,
      response: {
        status: 200,
        description:
          'Per-tag results; `aborted` means nothing may be written. With `waitSeconds` (and a `fillId`), a fill still running after that many seconds goes on in the background and the answer is 202 with its progress `{ fillId, status: "running", total, finished, tags: { name: status | "pending" } }`; poll GET /v1/fills/{fillId}?waitSeconds=… for the result.',
        schema: startFillResponse,
      },
      async handle({ caller, body }) {
        const { template, tags, problems } = await prepare(caller, body);
        if (problems.length > 0) throw notReady(problems);
        const kept = body.resumeOf ? await keptTexts(caller, body.resumeOf, body.documentId) : undefined;
        const fillId = body.fillId ?? randomUUID();
        // A fill id the add-on chose is claimed before any model is called: sent twice (a retried request,
        // on this instance or another), the second is refused instead of paying for every tag again.
        if (
          body.fillId &&
          !(await dependencies.executions.claim(caller.organisationId, fillId, {
            userId: caller.userId,
            startedAt: new Date(now()),
            tags: tags.map((tag) => tag.name),
          }))
        ) {
          throw conflict(`The fill ${fillId} is running or already ran; send a new fill id.`);
        }
        const plan = {
          fillId,
          documentId: body.documentId,
          documentName: body.documentName,
          templateId: template?.templateId,
          templateVersion: template?.version,
          fieldValues: body.fieldValues,
          documentText: body.documentText,
          tags,
          regenerateOf: body.regenerateOf,
          claimed: body.fillId !== undefined,
          kept,
        };
        if (body.waitSeconds === undefined) return json(await runFill(caller, plan, dependencies));
        // Apps Script cuts a request at about a minute, and a long fill takes longer: it goes on here in the
        // background, held by the progress registry (which shutdown waits for), and the add-on polls for it.
        const outcome = runFill(caller, plan, dependencies);
        outcome.catch((error: unknown) => dependencies.logger.error({ err: error, fillId }, 'a fill could not be recorded'));
        if (await settlesWithin(outcome, body.waitSeconds * 1000)) return json(await outcome);
        // The caller polls from now on, perhaps through another instance: progress goes to Firestore too.
        dependencies.progress.publish(caller, fillId);
        // runFill registered the fill's progress before it started, and keeps it a while after it ends.
        return json(dependencies.progress.get(caller, fillId) as FillProgress, 202);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/fills',
      operationId: 'listFills',
      summary: "Fills, newest first: your own, or the whole organisation's for an admin with scope=organisation",
      tag: 'fills',
      access: 'member',
      query: fillListQuery,
      response: {
        status: 200,
        description: 'One page of executions',
        schema: fillListResponse,
      },
      async handle({ caller, query }) {
        if (query.scope === 'organisation' && !isAdmin(caller)) {
          throw forbidden("Only admins see the whole organisation's fills; use scope=mine.");
        }
        const page = await dependencies.executions.list(caller.organisationId, {
          userId: query.scope === 'mine' ? caller.userId : undefined,
          limit: query.limit,
          after: query.after,
        });
        return json(page as FillListResponse);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/fills/{fillId}',
      operationId: 'getFill',
      summary:
        'A fill: its progress (status running) while it runs, its result (completed or aborted) afterwards; waitSeconds holds the answer until it ends',
      tag: 'fills',
      access: 'member',
      params: fillParams,
      query: fillPollQuery,
      response: {
        status: 200,
        description:
          "While the fill runs (and `waitSeconds` has passed): `{ fillId, status: \"running\", total, finished, tags }`. Once it ended: the result as POST /v1/fills answers it (`fillId`, `status` completed|aborted, `abort`, `results` with each tag's `text`, `totals`) plus the execution's metadata; an admin reading someone else's fill gets the metadata only. A fill whose instance stopped while it ran is `aborted` with code `interrupted`. Once its generated texts were deleted (FILL_OUTPUT_RETENTION_HOURS after it ran), the fill's own user gets 410 instead: run it again.",
        schema: fillPollResponse,
      },
      async handle({ caller, params, query }) {
        const waitMs = (query.waitSeconds ?? 0) * 1000;
        const until = now() + waitMs;
        const outcome = dependencies.progress.outcome(caller, params.fillId);
        if (!outcome) return answerFromRepository(caller, params.fillId, until);
        if (!(await settlesWithin(outcome, waitMs))) return json(dependencies.progress.get(caller, params.fillId) as FillProgress);
        let execution;
        try {
          execution = await outcome;
        } catch {
          throw serviceUnavailable(`The fill ${params.fillId} ran but its result could not be saved; fill again.`);
        }
        // Ran here, by the caller (progress is kept per user): the result is in memory, no need to read it back.
        return json(answerOfFinishedFill(execution) as FillPollResponse);
      },
    }),
    defineRoute({
      method: 'put',
      path: '/v1/fills/{fillId}/feedback/{tag}',
      operationId: 'putFeedback',
      summary: 'Thumbs up or down, with an optional comment, on one generated tag',
      tag: 'fills',
      access: 'member',
      params: feedbackParams,
      body: feedbackRequest,
      response: { status: 204, description: 'Recorded' },
      async handle({ caller, params, body }) {
        const execution = await visibleExecution(caller, params.fillId);
        const tags = (execution.tags as { tag: string; provider?: string | null; model?: string | null }[] | undefined) ?? [];
        const rated = tags.find((tag) => tag.tag === params.tag);
        if (!rated) throw notFound(`The fill ${params.fillId} has no tag ${params.tag}.`);
        const at = new Date();
        // The fill's day, user, template, provider and model go with the rating: the usage summary groups by them.
        await dependencies.feedback.put(caller.organisationId, {
          fillId: params.fillId,
          tag: params.tag,
          day: typeof execution.startedAt === 'string' ? execution.startedAt.slice(0, 10) : at.toISOString().slice(0, 10),
          userId: execution.userId,
          templateId: typeof execution.templateId === 'string' ? execution.templateId : null,
          provider: rated.provider ?? null,
          model: rated.model ?? null,
          rating: body.rating,
          comment: body.comment ?? null,
          ratedBy: caller.userId,
          at,
        });
        return noContent;
      },
    }),
  ];
}

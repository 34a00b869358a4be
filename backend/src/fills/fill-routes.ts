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
  type FillListResponse,
} from '../../../contracts/fills';
import { refinementParams, refinementRequest, refinementResponse } from '../../../contracts/refinements';
import { isAdmin } from '../platform/http/caller';
import { defineRoute, json, noContent, type Route } from '../platform/http/define-route';
import { forbidden, notFound } from '../platform/problem';
import type { FillDependencies } from './fill-dependencies';
import { fillRequestSchema } from './fill-request';
import { preRunCheck } from './pre-run-check';
import { readFill } from './read-a-fill';
import { refineTag } from './refine-a-tag';
import { startFill } from './start-a-fill';
import { visibleExecution } from './visible-execution';

export type FillRoutesDependencies = FillDependencies;

/**
 * Fills (SPEC.md section 5): check, generate every tag in parallel, record the execution; progress and feedback.
 * Each handler hands its parsed input to a use case (pre-run-check.ts, start-a-fill.ts, read-a-fill.ts) and
 * answers its result.
 */
export function createFillRoutes(dependencies: FillRoutesDependencies): Route[] {
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
        const { problems } = await preRunCheck(caller, body, dependencies);
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
        const started = await startFill(caller, body, dependencies);
        return started.status === 'finished' ? json(started.result) : json(started.progress, 202);
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
        return json(await readFill(caller, params.fillId, query.waitSeconds, dependencies));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/fills/{fillId}/tags/{tag}/refinements',
      operationId: 'refineTag',
      summary:
        'Rewrite one tag of your fill with an instruction ("Shorter", "More formal", free text): a paid generation with the tag\'s model',
      tag: 'fills',
      access: 'member',
      params: refinementParams,
      body: refinementRequest,
      response: {
        status: 200,
        description:
          "The rewritten text in the tag's output format, its cost and model; recorded under the fill and in usage like any generation. 422 when a key, quota or budget refuses it, 502 when the model did not answer.",
        schema: refinementResponse,
      },
      async handle({ caller, params, body }) {
        return json(await refineTag(caller, { ...params, ...body }, dependencies));
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
        const execution = await visibleExecution(dependencies.executions, caller, params.fillId);
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

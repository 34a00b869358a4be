import { randomUUID } from 'node:crypto';
import type { FillProgress, FillResult } from '../../../contracts/fills';
import type { Caller } from '../platform/http/caller';
import { conflict, HttpProblem, problemTypeBase } from '../platform/problem';
import { settlesWithin } from '../platform/settles-within';
import type { FillProblem } from './check-fill';
import { executeFillTags, type FillPlan } from './execute-fill-tags';
import type { FillDependencies } from './fill-dependencies';
import type { FillRequest } from './fill-request';
import { keptTextsOfStoppedFill } from './kept-texts';
import { preRunCheck } from './pre-run-check';

/** A started fill: its result when it ended in time, else its progress while it goes on in the background. */
export type StartedFill = { status: 'finished'; result: FillResult } | { status: 'running'; progress: FillProgress };

function notReady(problems: FillProblem[]): HttpProblem {
  return new HttpProblem({
    status: 422,
    type: `${problemTypeBase}fill-not-ready`,
    title: 'The fill cannot start',
    detail: problems.map((problem) => problem.message).join(' '),
    extensions: { problems },
  });
}

/**
 * Checks the fill (422 with every problem), claims its id, and generates every tag in parallel; with
 * `waitSeconds`, a fill still running after that long goes on in the background and its progress is answered.
 */
export async function startFill(caller: Caller, request: FillRequest, dependencies: FillDependencies): Promise<StartedFill> {
  const now = dependencies.now ?? Date.now;
  const { template, tags, problems } = await preRunCheck(caller, request, dependencies);
  if (problems.length > 0) throw notReady(problems);
  const kept = request.resumeOf
    ? await keptTextsOfStoppedFill(dependencies.executions, caller, request.resumeOf, request.documentId)
    : undefined;
  const fillId = request.fillId ?? randomUUID();
  // A fill id the add-on chose is claimed before any model is called: sent twice (a retried request,
  // on this instance or another), the second is refused instead of paying for every tag again.
  if (
    request.fillId &&
    !(await dependencies.executions.claim(caller.organisationId, fillId, {
      userId: caller.userId,
      startedAt: new Date(now()),
      tags: tags.map((tag) => tag.name),
    }))
  ) {
    throw conflict(`The fill ${fillId} is running or already ran; send a new fill id.`);
  }
  const plan: FillPlan = {
    fillId,
    documentId: request.documentId,
    documentName: request.documentName,
    templateId: template?.templateId,
    templateVersion: template?.version,
    fieldValues: request.fieldValues,
    documentText: request.documentText,
    tags,
    regenerateOf: request.regenerateOf,
    claimed: request.fillId !== undefined,
    kept,
  };
  if (request.waitSeconds === undefined) return { status: 'finished', result: await executeFillTags(caller, plan, dependencies) };
  // Apps Script cuts a request at about a minute, and a long fill takes longer: it goes on here in the
  // background, held by the progress registry (which shutdown waits for), and the add-on polls for it.
  const outcome = executeFillTags(caller, plan, dependencies);
  outcome.catch((error: unknown) => dependencies.logger.error({ err: error, fillId }, 'a fill could not be recorded'));
  if (await settlesWithin(outcome, request.waitSeconds * 1000)) return { status: 'finished', result: await outcome };
  // The caller polls from now on, perhaps through another instance: progress goes to Firestore too.
  dependencies.progress.publish(caller, fillId);
  // executeFillTags registered the fill's progress before it started, and keeps it a while after it ends.
  return { status: 'running', progress: dependencies.progress.get(caller, fillId) as FillProgress };
}

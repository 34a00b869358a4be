import { randomUUID } from 'node:crypto';
import type { RefinementResponse } from '../../../contracts/refinements';
import { renderPrompt } from '../ai/prompt/render-prompt';
import { knownProviderId } from '../ai/providers/provider-lookup';
import type { Caller } from '../platform/http/caller';
import { HttpProblem, notFound, problemTypeBase } from '../platform/problem';
import { classifyTagError } from './classify-tag-error';
import type { FillDependencies } from './fill-dependencies';
import { visibleExecution } from './visible-execution';
import type { TagConfiguration } from '../templates/template-configuration';

export interface RefinementInput {
  fillId: string;
  tag: string;
  previousText: string;
  instruction: string;
  fieldValues: Record<string, string>;
  configuration?: TagConfiguration | undefined;
}

/**
 * The prompt of a rewrite. The person's words and texts go in as field values, which renderPrompt inserts
 * literally in one pass, so a `{{…}}` inside them is never expanded.
 */
const refinementPrompt = [
  'Rewrite the text below as the instruction says. Keep its meaning, facts and language unless the instruction asks otherwise, and answer with the rewritten text only.',
  '',
  'Instruction: {{refinement_instruction}}',
  '',
  'The text was written for this request: {{refinement_request}}',
  '',
  'Text to rewrite:',
  '{{refinement_text}}',
].join('\n');

/** Key, quota and budget refusals are the person's to act on (422); anything else is the provider's trouble (502). */
function refusal(error: unknown): HttpProblem {
  const classified = classifyTagError(error);
  if (classified.code === 'storage_unavailable')
    return new HttpProblem({
      status: 503,
      type: `${problemTypeBase}unavailable`,
      title: 'Service unavailable',
      detail: classified.message,
    });
  return classified.abortsFill
    ? new HttpProblem({
        status: 422,
        type: `${problemTypeBase}refinement-refused`,
        title: 'The text cannot be refined',
        detail: classified.message,
        extensions: { code: classified.code },
      })
    : new HttpProblem({
        status: 502,
        type: `${problemTypeBase}refinement-failed`,
        title: 'The model did not answer',
        detail: `${classified.message} Try again, or keep the current version.`,
        extensions: { code: classified.code },
      });
}

/**
 * Refine a result (issue 21, item 7): one tag's text rewritten with an instruction through askAI, like any
 * generation (budget, fallbacks, usage record and cost), with the tag's own model and output format, and
 * recorded under the fill. Whoever may see the fill (its user, an admin) may refine it, as with feedback.
 */
export async function refineTag(caller: Caller, input: RefinementInput, dependencies: FillDependencies): Promise<RefinementResponse> {
  const execution = await visibleExecution(dependencies.executions, caller, input.fillId);
  const configurationDocument =
    typeof execution.templateId === 'string' && execution.templateId !== '' ? execution.templateId : String(execution.documentId);
  const configuration =
    input.configuration ?? (await dependencies.templates.current(caller.organisationId, configurationDocument))?.content?.tags[input.tag];
  if (!configuration)
    throw notFound(`The tag ${input.tag} has no configuration in this fill's template any more; fill the document again instead.`);
  const refinementId = randomUUID();
  const now = dependencies.now ?? Date.now;
  const outputFormat = configuration.outputFormat ?? 'plain';
  let answer;
  try {
    answer = await dependencies.askAi({
      organisationId: caller.organisationId,
      userId: caller.userId,
      requestId: `${input.fillId}:${input.tag}:refinement:${refinementId}`,
      instruction: refinementPrompt,
      fields: {
        refinement_instruction: input.instruction,
        refinement_request: renderPrompt(configuration.prompt, input.fieldValues),
        refinement_text: input.previousText,
      },
      provider: knownProviderId(configuration.provider),
      model: configuration.model,
      complexity: configuration.complexity,
      outputFormat,
      temperature: configuration.temperature,
      maxOutputTokens: configuration.maxOutputTokens,
      tokenLimitJustification: configuration.tokenLimitJustification,
      // Each rewrite is asked for anew: "Shorter" twice should give a new text, not the cached one.
      cacheTtlSeconds: 0,
      bypassCache: true,
      deadlineAt: now() + dependencies.deadlineMs,
      signal: dependencies.stopping,
      origin: {
        templateId: typeof execution.templateId === 'string' ? execution.templateId : undefined,
        fillId: input.fillId,
        tag: input.tag,
      },
    });
  } catch (error) {
    dependencies.logger.warn({ fillId: input.fillId, tag: input.tag, code: classifyTagError(error).code }, 'refinement failed');
    throw refusal(error);
  }
  await dependencies.executions.recordRefinement(caller.organisationId, input.fillId, {
    refinementId,
    tag: input.tag,
    instruction: input.instruction,
    userId: caller.userId,
    at: new Date(now()),
    provider: answer.provider,
    model: answer.model,
    requestedModel: answer.requestedModel,
    inputTokens: answer.usage.inputTokens,
    outputTokens: answer.usage.outputTokens,
    cost: answer.cost,
  });
  return {
    fillId: input.fillId,
    tag: input.tag,
    refinementId,
    text: answer.text,
    outputFormat,
    provider: answer.provider,
    model: answer.model,
    cost: answer.cost,
    warnings: answer.warnings,
  };
}

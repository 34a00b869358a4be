import type { Caller } from '../platform/http/caller';
import { badRequest, conflict, notFound } from '../platform/problem';
import { keptWarning, type KeptText } from './execute-fill-tags';
import type { ExecutionsRepository } from './executions-repository';
import { visibleExecution } from './visible-execution';

/** The texts a stopped fill of this user, on this document, generated: a resumed fill keeps them (see KeptText). */
export async function keptTextsOfStoppedFill(
  executions: ExecutionsRepository,
  caller: Caller,
  fillId: string,
  documentId: string,
): Promise<Record<string, KeptText>> {
  const execution = await visibleExecution(executions, caller, fillId);
  if (execution.userId !== caller.userId) throw notFound(`There is no fill ${fillId} of yours to resume.`);
  if (execution.status !== 'aborted')
    throw conflict(
      `The fill ${fillId} did not stop (it is ${String(execution.status)}): there is nothing to resume; fill without resumeOf.`,
    );
  if (execution.documentId !== undefined && execution.documentId !== documentId)
    throw badRequest(`The fill ${fillId} was of another document; resume it from that document.`);
  const outputs = await executions.getOutputs(caller.organisationId, fillId);
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
}

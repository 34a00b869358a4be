import type { RefineInput, RefineOutcome } from '../../shared/sidebar-contract';
import { BackendProblem, BackendUnreachable, type BackendClient } from '../backend/backend-client';

/**
 * Asks the backend to rewrite one tag's text with an instruction. What goes wrong comes back as a sentence for
 * the sidebar to show under the tag, and the version shown stays.
 */
export function refineTag(backend: Pick<BackendClient, 'refineTag'>, input: RefineInput): RefineOutcome {
  const instruction = input.instruction.trim();
  if (!instruction) return { status: 'not-refined', message: 'Say how to change the text, for example “Shorter” or “More formal”.' };
  try {
    const answer = backend.refineTag(input.fillId, input.tag, {
      previousText: input.previousText,
      instruction,
      fieldValues: input.fieldValues,
      ...(input.configuration ? { configuration: input.configuration } : {}),
    });
    return { status: 'refined', text: answer.text, outputFormat: answer.outputFormat, model: answer.model, warnings: answer.warnings };
  } catch (error) {
    if (error instanceof BackendProblem && error.status === 404)
      return { status: 'not-refined', message: 'This result is no longer known to the server; fill again to refine it.' };
    if (error instanceof BackendProblem || error instanceof BackendUnreachable)
      return { status: 'not-refined', message: `The text was not refined: ${error.message}` };
    throw error;
  }
}

import { CannotCallAiError } from '../ai-errors';
import type { AskAiRequest } from '../ask-ai-types';

/** Refuses what no model should be asked: a prompt with no instruction left once fields are substituted. */
export function canCallAi(request: AskAiRequest): void {
  if (request.prompt.trim().length === 0) {
    throw new CannotCallAiError('The prompt is empty: write an instruction for this tag.');
  }
  if (!/[\p{L}\p{N}]/u.test(request.prompt)) {
    throw new CannotCallAiError('The prompt has no words left after the fields were filled in.');
  }
}

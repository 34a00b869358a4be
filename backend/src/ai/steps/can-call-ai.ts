import { CannotCallAiError } from '../ai-errors';
import type { AskAiRequest } from '../ask-ai-types';
import { referencedFields } from '../prompt/render-prompt';

export type CanCallAiDecision = { call: true } | { call: false; answer: string; reason: string };

/**
 * Answers without a model when it can: a configured static answer is returned as is; a request that no
 * model should get (a field it needs is empty, no instruction left) is refused with the reason, and the
 * tag falls back.
 */
export function canCallAi(request: AskAiRequest): CanCallAiDecision {
  if (request.staticAnswer !== undefined && request.staticAnswer.trim() !== '') {
    return { call: false, answer: request.staticAnswer, reason: 'The tag has a static answer configured.' };
  }
  const fields = request.fields ?? {};
  const empty = referencedFields(request.instruction).filter((name) => (fields[name] ?? '').trim() === '');
  if (empty.length > 0) {
    const names = empty.map((name) => `{{${name}}}`).join(', ');
    throw new CannotCallAiError({
      message: `The prompt needs ${names}, which ${empty.length === 1 ? 'is' : 'are'} empty; fill ${empty.length === 1 ? 'it' : 'them'} in.`,
    });
  }
  const withoutReferences = request.instruction.replace(/\{\{[^}]*\}\}/g, ' ');
  if (!/[\p{L}\p{N}]/u.test(withoutReferences)) {
    throw new CannotCallAiError({ message: 'The prompt has no instruction besides the fields; say what the AI should write.' });
  }
  return { call: true };
}

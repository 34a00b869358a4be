import { CannotCallAiError } from '../ai-errors';
import type { AskAiRequest } from '../ask-ai-types';
import { referencedFields } from '../prompt/render-prompt';

/**
 * Step 1, canCallAI: refuses, with the reason, a request no model should get (a field it needs is empty,
 * no instruction left once the fields are taken out), so the tag gets its fallback text and nothing is spent.
 */
export function canCallAi<Run extends { request: AskAiRequest }>(run: Run): Run {
  const { request } = run;
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
  return run;
}

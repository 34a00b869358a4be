import type { FillRequest } from './fill-request';
import { referencedFields } from '../ai/prompt/render-prompt';

export interface FillProblem {
  tag: string;
  code: 'duplicate_tag' | 'empty_prompt' | 'missing_field';
  message: string;
}

/** Every problem that would stop the fill, listed at once before any model is called. */
export function checkFill(request: FillRequest): FillProblem[] {
  const problems: FillProblem[] = [];
  const seen = new Set<string>();
  for (const tag of request.tags) {
    if (seen.has(tag.name)) {
      problems.push({ tag: tag.name, code: 'duplicate_tag', message: `The tag ai:${tag.name} is sent twice; send each tag once.` });
    }
    seen.add(tag.name);
    if (tag.prompt.trim() === '') {
      problems.push({ tag: tag.name, code: 'empty_prompt', message: `The tag ai:${tag.name} has no prompt; write one.` });
    }
    for (const field of referencedFields(tag.prompt)) {
      const value = request.fieldValues[field];
      if (value === undefined || value.trim() === '') {
        problems.push({ tag: tag.name, code: 'missing_field', message: `The prompt of ai:${tag.name} uses {{${field}}}, which has no value; fill it in.` });
      }
    }
  }
  return problems;
}

import { isValidTagName } from '../../shared/tag-names';

export interface FoundPlaceholder {
  kind: 'ai' | 'field';
  name: string;
  /** The placeholder as written, e.g. `<<ai:intro>>`. */
  text: string;
  start: number;
  /** Exclusive. */
  end: number;
}

export interface MalformedPlaceholder {
  text: string;
  start: number;
  message: string;
}

export interface TextScan {
  placeholders: FoundPlaceholder[];
  problems: MalformedPlaceholder[];
}

const open = '<<';
const close = '>>';
const maxSnippet = 40;

/**
 * Finds `<<ai:NAME>>` and `<<NAME>>` in one run of text. `<<` followed by a space is ordinary prose
 * ("a << b"), not a placeholder; anything else that starts like a placeholder but is not one is a problem.
 */
export function scanText(text: string): TextScan {
  const placeholders: FoundPlaceholder[] = [];
  const problems: MalformedPlaceholder[] = [];
  let index = text.indexOf(open);
  while (index !== -1) {
    const after = text.charAt(index + open.length);
    if (after === '' || /\s/.test(after) || after === '<') {
      index = text.indexOf(open, index + 1);
      continue;
    }
    const end = matchingClose(text, index);
    if (end === -1) {
      const snippet = text.slice(index, Math.min(text.length, index + maxSnippet));
      problems.push({ text: snippet, start: index, message: 'This placeholder is not closed with >>.' });
      index = text.indexOf(open, index + open.length);
      continue;
    }
    const whole = text.slice(index, end);
    const inner = whole.slice(open.length, whole.length - close.length);
    if (inner.includes(open)) {
      problems.push({ text: whole, start: index, message: 'Placeholders cannot be nested inside each other.' });
    } else {
      const found = classify(inner, whole, index, end);
      if ('message' in found) problems.push(found);
      else placeholders.push(found);
    }
    index = text.indexOf(open, end);
  }
  return { placeholders, problems };
}

/** Index just past the `>>` that closes the `<<` at `start`, counting nested `<<`; -1 when unclosed. */
function matchingClose(text: string, start: number): number {
  let depth = 0;
  let index = start;
  while (index < text.length) {
    if (text.startsWith(open, index)) {
      depth += 1;
      index += open.length;
    } else if (text.startsWith(close, index)) {
      depth -= 1;
      index += close.length;
      if (depth === 0) return index;
    } else {
      index += 1;
    }
  }
  return -1;
}

function classify(inner: string, whole: string, start: number, end: number): FoundPlaceholder | MalformedPlaceholder {
  if (inner.startsWith('ai:')) {
    const name = inner.slice(3);
    if (name === '') return { text: whole, start, message: 'This AI tag has no name: write <<ai:NAME>>.' };
    if (!isValidTagName(name)) return { text: whole, start, message: nameAdvice('AI tag') };
    return { kind: 'ai', name, text: whole, start, end };
  }
  if (!isValidTagName(inner)) return { text: whole, start, message: nameAdvice('field') };
  return { kind: 'field', name: inner, text: whole, start, end };
}

function nameAdvice(kind: string): string {
  return `This ${kind} name is not valid: use a letter, then letters, digits, _ - or . (no spaces, at most 64).`;
}

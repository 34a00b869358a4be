import { re2ToRegExp } from './re2-pattern';

export interface TextMatch {
  start: number;
  /** Exclusive. */
  end: number;
  groups: string[];
}

/** Non-empty matches of an RE2 pattern within one paragraph's text; Docs never matches across paragraphs. */
export function findMatches(text: string, pattern: string): TextMatch[] {
  const expression = re2ToRegExp(pattern);
  const matches: TextMatch[] = [];
  for (const match of text.matchAll(expression)) {
    if (match[0].length === 0) continue;
    const start = match.index ?? 0;
    matches.push({ start, end: start + match[0].length, groups: [...match].map((group) => group ?? '') });
  }
  return matches;
}

/** `$1`…`$99`, `$&` and `$$` in a replacement, as JavaScript's replace reads them. */
export function expandReplacement(replacement: string, match: TextMatch): string {
  return replacement.replace(/\$(\$|&|\d{1,2})/g, (token, reference: string) => {
    if (reference === '$') return '$';
    if (reference === '&') return match.groups[0] ?? '';
    const index = Number(reference);
    return index < match.groups.length ? (match.groups[index] ?? '') : token;
  });
}

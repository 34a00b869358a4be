import { decode, encode } from 'gpt-tokenizer/encoding/o200k_base';

export const omissionMarker = '\n[…]\n';

/**
 * Keeps the start and the end of a text within `maxTokens` (o200k tokens), cut at word boundaries, with a
 * visible marker where the middle was left out. Openings and closings carry most of a document's intent,
 * and the cut is pure arithmetic: the same text and limit always give the same result.
 */
export function shortenText(text: string, maxTokens: number): string {
  const tokens = encode(text);
  if (tokens.length <= maxTokens) return text;
  const room = Math.max(0, maxTokens - 4);
  if (room === 0) return omissionMarker.trim();
  const headTokens = Math.ceil(room * 0.7);
  const tailTokens = room - headTokens;
  let head = decode(tokens.slice(0, headTokens));
  let tail = tailTokens > 0 ? decode(tokens.slice(tokens.length - tailTokens)) : '';
  const lastSpace = head.search(/\s\S*$/);
  if (lastSpace > head.length / 2) head = head.slice(0, lastSpace);
  const firstSpace = tail.search(/\s/);
  if (firstSpace >= 0 && firstSpace < tail.length / 2) tail = tail.slice(firstSpace + 1);
  return `${head.trimEnd()}${omissionMarker}${tail.trimStart()}`;
}

export function tokenCount(text: string): number {
  return encode(text).length;
}

import { Lexer, type Token, type Tokens } from 'marked';

/** A piece of text with the formatting Markdown gave it; everything else comes from the placeholder. */
export interface InlineSpan {
  text: string;
  bold?: boolean;
  italic?: boolean;
  strikethrough?: boolean;
  /** Inline code: written in a monospace font. */
  code?: boolean;
  /** Only http, https and mailto links; any other target stays plain text. */
  linkUrl?: string;
}

/**
 * One paragraph of output, as the writer puts it into the document. `spans` never contain a line break and
 * their joined text is never empty, except for a blank line inside a code block (`code`), which stays an
 * empty paragraph in the monospace font so the code keeps its spacing.
 */
export type OutputBlock =
  | { kind: 'paragraph'; heading?: 1 | 2 | 3 | 4 | 5 | 6; code?: true; spans: InlineSpan[] }
  /** `list` numbers the separate lists of one output; `depth` 0 is the outermost level. */
  | { kind: 'listItem'; list: number; depth: number; ordered: boolean; spans: InlineSpan[] };

export const monospaceFont = 'Courier New';

/**
 * Markdown as the blocks Docs can show natively: headings, paragraphs, bulleted and numbered lists (nested),
 * with bold, italic, strikethrough, inline code and safe links inside. Anything else (tables, images, code
 * blocks, block quotes) becomes its plain text, one paragraph per line or row; code blocks keep their
 * indentation, in a monospace font.
 *
 * What Markdown would pass through as HTML stays literal text: a Doc is not a web page, and what a model
 * writes in angle brackets is far more often a placeholder or a type (`<<client>>`, `List<T>`) than markup.
 */
export function markdownToBlocks(markdown: string): OutputBlock[] {
  let tokens: Token[];
  try {
    tokens = Lexer.lex(normaliseNewlines(markdown), { gfm: true, breaks: false });
  } catch {
    // marked does not throw on any input we know of; if it ever does, the text still goes in, unformatted.
    return plainTextToBlocks(markdown);
  }
  const builder = new BlockBuilder();
  builder.blocks(tokens);
  return builder.output;
}

/** Plain text: each non-blank line is a paragraph, trimmed; blank lines only separate. */
export function plainTextToBlocks(text: string): OutputBlock[] {
  return normaliseNewlines(text)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => ({ kind: 'paragraph', spans: [{ text: line }] }));
}

/** The blocks as one line, for a placeholder that shares its paragraph with other text: joined by a space. */
export function flattenBlocks(blocks: readonly OutputBlock[]): InlineSpan[] {
  const spans: InlineSpan[] = [];
  // An empty code line has nothing to join: it would only double the space between its neighbours.
  blocks
    .filter((block) => block.spans.length > 0)
    .forEach((block, index) => {
      if (index > 0) spans.push({ text: ' ' });
      spans.push(...block.spans);
    });
  return mergeSpans(spans);
}

export function spansText(spans: readonly InlineSpan[]): string {
  return spans.map((span) => span.text).join('');
}

function normaliseNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

interface InlineStyle {
  bold?: boolean;
  italic?: boolean;
  strikethrough?: boolean;
  linkUrl?: string;
}

class BlockBuilder {
  readonly output: OutputBlock[] = [];
  #lists = 0;

  blocks(tokens: readonly Token[]): void {
    for (const token of tokens) this.block(token);
  }

  block(token: Token): void {
    switch (token.type) {
      case 'heading': {
        const heading = token as Tokens.Heading;
        this.paragraph(inlineSpans(heading.tokens), Math.min(Math.max(heading.depth, 1), 6) as 1 | 2 | 3 | 4 | 5 | 6);
        return;
      }
      case 'paragraph':
        this.paragraph(inlineSpans((token as Tokens.Paragraph).tokens));
        return;
      case 'text': {
        const text = token as Tokens.Text;
        this.paragraph(text.tokens ? inlineSpans(text.tokens) : [{ text: decodeEntities(text.text) }]);
        return;
      }
      case 'list':
        this.list(token as Tokens.List, 0, (this.#lists += 1));
        return;
      case 'blockquote':
        this.blocks((token as Tokens.Blockquote).tokens);
        return;
      case 'code':
        this.codeBlock((token as Tokens.Code).text);
        return;
      case 'table': {
        const table = token as Tokens.Table;
        for (const row of [table.header, ...table.rows]) this.paragraph(joinCells(row));
        return;
      }
      case 'html':
        for (const line of literalHtml((token as Tokens.HTML).text).split('\n')) this.paragraph([{ text: line }]);
        return;
      default:
        // space, hr, def (link definitions) and anything unknown add no text.
        return;
    }
  }

  list(list: Tokens.List, depth: number, id: number): void {
    for (const item of list.items) {
      const spans: InlineSpan[] = [];
      const nested: Tokens.List[] = [];
      for (const child of item.tokens) {
        if (child.type === 'list') {
          nested.push(child as Tokens.List);
          continue;
        }
        const childSpans = itemChildSpans(child);
        if (childSpans.length === 0) continue;
        if (spans.length > 0) spans.push({ text: ' ' });
        spans.push(...childSpans);
      }
      const cleaned = cleanSpans(spans);
      if (cleaned.length > 0) this.output.push({ kind: 'listItem', list: id, depth, ordered: list.ordered, spans: cleaned });
      for (const inner of nested) this.list(inner, depth + 1, id);
    }
  }

  /**
   * A code block, one paragraph per line. Leading spaces and tabs are a line's indentation, so only the end is
   * trimmed. Blank lines between code lines separate its parts (functions, steps) and stay as empty code
   * paragraphs; blank lines before the first or after the last line show nothing and are left out.
   */
  codeBlock(code: string): void {
    const lines = code.split('\n').map((line) => line.replace(/\s+$/, ''));
    const first = lines.findIndex((line) => line.length > 0);
    if (first < 0) return;
    const last = lines.length - 1 - [...lines].reverse().findIndex((line) => line.length > 0);
    for (const text of lines.slice(first, last + 1)) {
      this.output.push({ kind: 'paragraph', code: true, spans: text.length > 0 ? [{ text, code: true }] : [] });
    }
  }

  paragraph(spans: InlineSpan[], heading?: 1 | 2 | 3 | 4 | 5 | 6): void {
    const cleaned = cleanSpans(spans);
    if (cleaned.length === 0) return;
    this.output.push(heading ? { kind: 'paragraph', heading, spans: cleaned } : { kind: 'paragraph', spans: cleaned });
  }
}

/** What a list item shows for one of its children other than a nested list. */
function itemChildSpans(token: Token): InlineSpan[] {
  if (token.type === 'text') {
    const text = token as Tokens.Text;
    return text.tokens ? inlineSpans(text.tokens) : [{ text: decodeEntities(text.text) }];
  }
  if (token.type === 'paragraph' || token.type === 'heading') return inlineSpans((token as Tokens.Paragraph).tokens);
  if (token.type === 'space' || token.type === 'hr' || token.type === 'def' || token.type === 'checkbox') return [];
  const builder = new BlockBuilder();
  builder.block(token);
  return flattenBlocks(builder.output);
}

function joinCells(cells: readonly Tokens.TableCell[]): InlineSpan[] {
  const spans: InlineSpan[] = [];
  cells.forEach((cell, index) => {
    if (index > 0) spans.push({ text: ' | ' });
    spans.push(...inlineSpans(cell.tokens));
  });
  return spans;
}

function inlineSpans(tokens: readonly Token[] | undefined, style: InlineStyle = {}): InlineSpan[] {
  const spans: InlineSpan[] = [];
  for (const token of tokens ?? []) {
    switch (token.type) {
      case 'strong':
        spans.push(...inlineSpans((token as Tokens.Strong).tokens, { ...style, bold: true }));
        break;
      case 'em':
        spans.push(...inlineSpans((token as Tokens.Em).tokens, { ...style, italic: true }));
        break;
      case 'del':
        spans.push(...inlineSpans((token as Tokens.Del).tokens, { ...style, strikethrough: true }));
        break;
      case 'link': {
        const link = token as Tokens.Link;
        const url = safeLinkUrl(link.href);
        // `<ai:intro>` reads as an autolink to the scheme "ai": when it is no web or mail link, the text
        // stays as written, angle brackets included, so a placeholder like <<ai:intro>> survives whole.
        if (!url && link.raw.startsWith('<')) spans.push({ ...style, text: link.raw });
        else spans.push(...inlineSpans(link.tokens, url ? { ...style, linkUrl: url } : style));
        break;
      }
      case 'codespan':
        // marked leaves code span text as written, and CommonMark keeps entities in code literal: `x &amp; y` stays so.
        spans.push({ ...style, text: (token as Tokens.Codespan).text, code: true });
        break;
      case 'image':
        spans.push({ ...style, text: decodeEntities((token as Tokens.Image).text) });
        break;
      case 'br':
        spans.push({ ...style, text: ' ' });
        break;
      case 'html':
        spans.push({ ...style, text: literalHtml((token as Tokens.Tag).text) });
        break;
      case 'text':
      case 'escape': {
        const text = token as Tokens.Text;
        if (text.tokens && text.tokens.length > 0) spans.push(...inlineSpans(text.tokens, style));
        else spans.push({ ...style, text: decodeEntities(text.text) });
        break;
      }
      default:
        if ('text' in token && typeof token.text === 'string') spans.push({ ...style, text: decodeEntities(token.text) });
    }
  }
  return spans;
}

/** Only web and mail links become links; javascript:, data:, relative and other targets are refused. */
export function safeLinkUrl(href: string | null | undefined): string | undefined {
  if (typeof href !== 'string') return undefined;
  const url = href.trim();
  if (/[\s\u0000-\u001f\u007f]/.test(url)) return undefined;
  if (/^https?:\/\/[^/?#]+/i.test(url)) return url;
  if (/^mailto:[^@\s]+@[^@\s]+$/i.test(url)) return url;
  return undefined;
}

/** Line breaks inside a paragraph become spaces; spaces at the edges go; empty spans are dropped. */
function cleanSpans(spans: readonly InlineSpan[]): InlineSpan[] {
  const flattened = spans.map((span) => ({ ...span, text: span.text.replace(/[ \t]*\n[ \t]*/g, ' ') }));
  const merged = mergeSpans(flattened);
  const first = merged[0];
  if (first) first.text = first.text.replace(/^\s+/, '');
  const last = merged[merged.length - 1];
  if (last) last.text = last.text.replace(/\s+$/, '');
  return merged.filter((span) => span.text.length > 0);
}

function mergeSpans(spans: readonly InlineSpan[]): InlineSpan[] {
  const merged: InlineSpan[] = [];
  for (const span of spans) {
    if (span.text.length === 0) continue;
    const last = merged[merged.length - 1];
    if (last && sameStyle(last, span)) last.text += span.text;
    else merged.push({ ...span });
  }
  return merged;
}

function sameStyle(left: InlineSpan, right: InlineSpan): boolean {
  return (
    !!left.bold === !!right.bold &&
    !!left.italic === !!right.italic &&
    !!left.strikethrough === !!right.strikethrough &&
    !!left.code === !!right.code &&
    left.linkUrl === right.linkUrl
  );
}

/** Raw HTML as the text it was written as; only an HTML comment, which nobody means to show, is left out. */
function literalHtml(html: string): string {
  return decodeEntities(html.replace(/<!--[\s\S]*?-->/g, ''));
}

const namedEntities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]+);/gi, (entity, body: string) => {
    if (body.startsWith('#')) {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : entity;
    }
    return namedEntities[body.toLowerCase()] ?? entity;
  });
}

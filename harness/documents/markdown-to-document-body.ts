import { Lexer, type Tokens } from 'marked';
import {
  flattenBlocks,
  markdownToBlocks,
  monospaceFont,
  type InlineSpan,
  type OutputBlock,
} from '../../addon/src/markdown/markdown-blocks';
import type { BlockSpec, TextRunSpec } from '../fakes/document-service';

/**
 * A Markdown file as the body of a harness document: headings, paragraphs, nested lists, tables, bold, italic,
 * strikethrough, code and links. Everything but tables goes through the add-on's own Markdown reading, so a
 * loaded document looks as a generated one would; tables, which the add-on writes as text, become real tables.
 * Placeholders such as `<<ai:intro>>` stay literal text.
 */
export function markdownToDocumentBody(markdown: string): BlockSpec[] {
  const body: BlockSpec[] = [];
  Lexer.lex(markdown.replace(/\r\n?/g, '\n'), { gfm: true }).forEach((token, index) => {
    if (token.type === 'space') return;
    if (token.type === 'table') {
      const table = token as Tokens.Table;
      const cell = (text: string, bold: boolean): BlockSpec[] => [
        { type: 'paragraph', runs: runsOf(flattenBlocks(markdownToBlocks(text)), bold) },
      ];
      body.push({
        type: 'table',
        rows: [
          table.header.map((header) => cell(header.text, true)),
          ...table.rows.map((row) => row.map((entry) => cell(entry.text, false))),
        ],
      });
      return;
    }
    // Lists of separate tokens are separate lists in the document too.
    body.push(...markdownToBlocks(token.raw).map((block) => blockSpec(block, `list-${index}`)));
  });
  return body.length > 0 ? body : [{ type: 'paragraph', runs: [{ text: '' }] }];
}

function blockSpec(block: OutputBlock, listPrefix: string): BlockSpec {
  if (block.kind === 'listItem') {
    return {
      type: 'listItem',
      listId: `${listPrefix}-${block.list}`,
      nestingLevel: block.depth,
      glyphType: block.ordered ? 'NUMBER' : 'BULLET',
      runs: runsOf(block.spans, false),
    };
  }
  const runs = runsOf(block.spans, false).map((run) => (block.code ? { ...run, fontFamily: monospaceFont } : run));
  return { type: 'paragraph', ...(block.heading ? { heading: `HEADING${block.heading}` } : {}), runs };
}

function runsOf(spans: readonly InlineSpan[], bold: boolean): TextRunSpec[] {
  if (spans.length === 0) return [{ text: '' }];
  return spans.map((span) => ({
    text: span.text,
    ...(span.bold || bold ? { bold: true } : {}),
    ...(span.italic ? { italic: true } : {}),
    ...(span.strikethrough ? { strikethrough: true } : {}),
    ...(span.code ? { fontFamily: monospaceFont } : {}),
    ...(span.linkUrl ? { linkUrl: span.linkUrl } : {}),
  }));
}

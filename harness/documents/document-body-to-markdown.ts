import type { BlockSpec, RunSpec } from '../fakes/document-service';
import { monospaceFont } from '../../addon/src/markdown/markdown-blocks';

const headingLevels: Record<string, number> = {
  TITLE: 1,
  SUBTITLE: 2,
  HEADING1: 1,
  HEADING2: 2,
  HEADING3: 3,
  HEADING4: 4,
  HEADING5: 5,
  HEADING6: 6,
};

/**
 * A document body as Markdown for the harness's text editor: what markdownToDocumentBody reads back. Footnotes
 * and colours have no Markdown form and are left out; the editor says so.
 */
export function documentBodyToMarkdown(body: readonly BlockSpec[]): string {
  const lines: string[] = [];
  let previous: BlockSpec['type'] | undefined;
  for (const block of body) {
    // A blank line separates blocks, except list items of one list.
    if (previous !== undefined && !(previous === 'listItem' && block.type === 'listItem')) lines.push('');
    previous = block.type;
    if (block.type === 'table') lines.push(...tableLines(block.rows));
    else if (block.type === 'listItem') {
      const marker = block.glyphType === 'NUMBER' || block.glyphType === 'LATIN_UPPER' || block.glyphType === 'ROMAN_LOWER' ? '1.' : '-';
      lines.push(`${'   '.repeat(block.nestingLevel ?? 0)}${marker} ${inline(block.runs)}`);
    } else {
      const level = block.heading ? headingLevels[block.heading] : undefined;
      lines.push(`${level ? `${'#'.repeat(level)} ` : ''}${inline(block.runs)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function tableLines(rows: BlockSpec[][][]): string[] {
  const cellText = (cell: BlockSpec[]) =>
    cell
      .map((block) => (block.type === 'table' ? '' : inline(block.runs)))
      .join(' ')
      .replace(/\|/g, '\\|')
      .trim();
  const [header = [], ...rest] = rows.map((row) => row.map(cellText));
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rest.map((row) => `| ${row.join(' | ')} |`)];
}

function inline(runs: readonly RunSpec[]): string {
  return runs
    .map((run) => {
      if ('footnote' in run || run.text === '') return '';
      // Emphasis markers must touch the text: the spaces around a run stay outside them.
      const [, lead = '', core = '', trail = ''] = /^(\s*)([\s\S]*?)(\s*)$/.exec(run.text.replace(/\n/g, ' ')) ?? [];
      if (core === '') return lead + trail;
      let text = run.fontFamily === monospaceFont ? `\`${core}\`` : core.replace(/([*`\\])/g, '\\$1');
      if (run.bold) text = `**${text}**`;
      if (run.italic) text = `*${text}*`;
      if (run.strikethrough) text = `~~${text}~~`;
      if (run.linkUrl) text = `[${text}](${run.linkUrl})`;
      return lead + text + trail;
    })
    .join('');
}

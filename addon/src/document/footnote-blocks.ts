import type { OutputBlock } from '../markdown/markdown-blocks';

/**
 * Markdown lists as plain paragraphs, for a section that cannot hold new list items: a FootnoteSection has
 * appendParagraph and insertParagraph but no insertListItem
 * (https://developers.google.com/apps-script/reference/document/footnote-section). Each item becomes a
 * paragraph starting with its marker ("• item", "1. item"), indented two spaces per nesting level;
 * numbering restarts for each list and each nested run.
 */
export function listsAsParagraphs(blocks: readonly OutputBlock[]): OutputBlock[] {
  const counters: number[] = [];
  let currentList = -1;
  return blocks.map((block) => {
    if (block.kind !== 'listItem') {
      currentList = -1;
      return block;
    }
    if (block.list !== currentList) {
      counters.length = 0;
      currentList = block.list;
    }
    // Deeper levels left behind start again the next time they open.
    counters.length = block.depth + 1;
    counters[block.depth] = (counters[block.depth] ?? 0) + 1;
    const marker = block.ordered ? `${counters[block.depth]}. ` : '• ';
    return { kind: 'paragraph', spans: [{ text: `${'  '.repeat(block.depth)}${marker}` }, ...block.spans] };
  });
}

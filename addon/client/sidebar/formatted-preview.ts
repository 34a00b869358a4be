import type { OutputFormat } from '../../shared/sidebar-contract';
import { markdownToBlocks, plainTextToBlocks, type InlineSpan, type OutputBlock } from '../../src/markdown/markdown-blocks';

/**
 * A tag's text as the document will show it: the same blocks the writer puts into the Doc (headings,
 * paragraphs, nested lists, bold, italic, code, safe links), drawn with DOM nodes. Text only ever becomes text
 * nodes, never HTML, so whatever a model writes cannot run in the sidebar.
 */
export function formattedPreview(text: string, format: OutputFormat): Node[] {
  const blocks = format === 'markdown' ? markdownToBlocks(text) : plainTextToBlocks(text);
  const nodes: Node[] = [];
  /** The open lists of the current run of list items, outermost first. */
  let openLists: { list: number; element: HTMLElement; lastItem: HTMLElement | undefined }[] = [];
  for (const block of blocks) {
    if (block.kind === 'paragraph') {
      openLists = [];
      nodes.push(paragraph(block));
      continue;
    }
    if (openLists[0] && openLists[0].list !== block.list) openLists = [];
    while (openLists.length > block.depth + 1) openLists.pop();
    while (openLists.length < block.depth + 1) {
      const list = document.createElement(block.ordered ? 'ol' : 'ul');
      const parent = openLists[openLists.length - 1];
      if (parent) (parent.lastItem ?? parent.element).appendChild(list);
      else nodes.push(list);
      openLists.push({ list: block.list, element: list, lastItem: undefined });
    }
    const level = openLists[openLists.length - 1]!;
    const item = document.createElement('li');
    item.append(...block.spans.map(span));
    level.element.appendChild(item);
    level.lastItem = item;
  }
  return nodes;
}

function paragraph(block: Extract<OutputBlock, { kind: 'paragraph' }>): HTMLElement {
  // Headings inside a small card: an h-level of its own would outrank the sidebar's own headings.
  const element = document.createElement('p');
  if (block.heading) element.className = `heading heading-${block.heading}`;
  if (block.code) element.className = 'code-line';
  element.append(...block.spans.map(span));
  return element;
}

function span(inline: InlineSpan): Node {
  let node: Node = document.createTextNode(inline.text);
  const wrap = (tag: string) => {
    const element = document.createElement(tag);
    element.appendChild(node);
    node = element;
  };
  if (inline.code) wrap('code');
  if (inline.bold) wrap('strong');
  if (inline.italic) wrap('em');
  if (inline.strikethrough) wrap('s');
  if (inline.linkUrl) {
    const link = document.createElement('a');
    // markdownToBlocks keeps only http, https and mailto targets.
    link.href = inline.linkUrl;
    link.target = '_blank';
    link.rel = 'noopener noreferrer';
    link.appendChild(node);
    node = link;
  }
  return node;
}

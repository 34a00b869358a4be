import { DOMParser } from '@xmldom/xmldom';
import mammoth from 'mammoth';
import type { BlockSpec, TextRunSpec } from '../fakes/document-service';

type Style = Omit<TextRunSpec, 'text'>;

/**
 * A Word file as the body of a harness document. mammoth reads the .docx into semantic HTML (headings,
 * paragraphs, lists, tables, bold, italic, strikethrough, links; images and layout are dropped), which is
 * then walked into the harness's document description.
 */
export async function docxToDocumentBody(file: Buffer): Promise<{ body: BlockSpec[]; warnings: string[] }> {
  const converted = await mammoth.convertToHtml({ buffer: file });
  // mammoth writes well-formed markup escaping only &, <, > and ", so an XML parser reads it exactly.
  const root = new DOMParser().parseFromString(`<body>${converted.value}</body>`, 'text/xml').documentElement;
  const body = root ? blocksOf(root) : [];
  return {
    body: body.length > 0 ? body : [{ type: 'paragraph', runs: [{ text: '' }] }],
    warnings: converted.messages.map((message) => message.message),
  };
}

function elementChildren(node: Node): Element[] {
  return Array.from(node.childNodes).filter((child): child is Element => child.nodeType === 1);
}

function blocksOf(container: Element): BlockSpec[] {
  const blocks: BlockSpec[] = [];
  let lists = 0;
  for (const child of elementChildren(container)) {
    const tag = child.tagName.toLowerCase();
    const heading = /^h([1-6])$/.exec(tag);
    if (heading) blocks.push({ type: 'paragraph', heading: `HEADING${heading[1]}`, runs: runsOf(child, {}) });
    else if (tag === 'p') blocks.push({ type: 'paragraph', runs: runsOf(child, {}) });
    else if (tag === 'ul' || tag === 'ol') {
      lists += 1;
      blocks.push(...listItems(child, `list-${lists}`, 0));
    } else if (tag === 'table') blocks.push({ type: 'table', rows: tableRows(child) });
    else blocks.push(...blocksOf(child));
  }
  return blocks;
}

function listItems(list: Element, listId: string, nestingLevel: number): BlockSpec[] {
  const glyphType = list.tagName.toLowerCase() === 'ol' ? 'NUMBER' : 'BULLET';
  const items: BlockSpec[] = [];
  for (const item of elementChildren(list).filter((child) => child.tagName.toLowerCase() === 'li')) {
    const nested = elementChildren(item).filter((child) => ['ul', 'ol'].includes(child.tagName.toLowerCase()));
    items.push({ type: 'listItem', listId, nestingLevel, glyphType, runs: runsOf(item, {}, nested) });
    for (const sublist of nested) items.push(...listItems(sublist, listId, nestingLevel + 1));
  }
  return items;
}

function tableRows(table: Element): BlockSpec[][][] {
  const rows: BlockSpec[][][] = [];
  const walk = (element: Element) => {
    for (const child of elementChildren(element)) {
      const tag = child.tagName.toLowerCase();
      if (tag === 'tr') rows.push(elementChildren(child).map(cellBlocks));
      else if (tag === 'thead' || tag === 'tbody') walk(child);
    }
  };
  walk(table);
  return rows;
}

function cellBlocks(cell: Element): BlockSpec[] {
  const blocks = blocksOf(cell);
  // A cell of bare text (no paragraph of its own) is still one paragraph in Docs.
  return blocks.length > 0 ? blocks : [{ type: 'paragraph', runs: runsOf(cell, {}) }];
}

function runsOf(element: Element, style: Style, skip: readonly Element[] = []): TextRunSpec[] {
  const runs: TextRunSpec[] = [];
  for (const child of Array.from(element.childNodes)) {
    if (child.nodeType === 3) {
      const text = child.nodeValue ?? '';
      if (text !== '') runs.push({ text, ...style });
      continue;
    }
    if (child.nodeType !== 1 || skip.includes(child as Element)) continue;
    const inner = child as Element;
    const tag = inner.tagName.toLowerCase();
    if (tag === 'br') runs.push({ text: '\n', ...style });
    else if (tag === 'strong' || tag === 'b') runs.push(...runsOf(inner, { ...style, bold: true }));
    else if (tag === 'em' || tag === 'i') runs.push(...runsOf(inner, { ...style, italic: true }));
    else if (tag === 's' || tag === 'del') runs.push(...runsOf(inner, { ...style, strikethrough: true }));
    else if (tag === 'a' && /^(https?:|mailto:)/i.test(inner.getAttribute('href') ?? ''))
      runs.push(...runsOf(inner, { ...style, linkUrl: inner.getAttribute('href') as string }));
    else if (tag !== 'img') runs.push(...runsOf(inner, style));
  }
  return runs.length > 0 ? runs : [{ text: '' }];
}

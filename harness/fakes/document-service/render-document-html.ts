import { Table, type Container } from './containers';
import type { CharacterAttributes } from './enums';
import type { FakeDocument } from './fake-document';
import { ListItem, type TextBlock } from './paragraphs';
import type { Tab } from './tabs';

const headingTags: Record<string, string> = {
  TITLE: 'h1',
  SUBTITLE: 'h2',
  HEADING1: 'h1',
  HEADING2: 'h2',
  HEADING3: 'h3',
  HEADING4: 'h4',
  HEADING5: 'h5',
  HEADING6: 'h6',
};

const htmlEntities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => htmlEntities[character] as string);
}

/**
 * The document as the harness page shows it; every piece of document text is escaped. Each tab is a page of
 * its own, titled when the document has more than one; its first-page and even-page headers and footers
 * show above and below the default ones.
 */
export function renderDocumentHtml(document: FakeDocument): string {
  const tabs = document._allTabs();
  return tabs.map((tab) => renderTab(tab, tabs.length > 1)).join('');
}

function renderTab(tab: Tab, titled: boolean): string {
  const content = tab.asDocumentTab();
  const footnotes: string[] = [];
  const context = { footnoteNumber: (html: string) => footnotes.push(html) };
  const parts = [
    titled
      ? `<article class="doc-page" data-tab-id="${escapeHtml(tab.getId())}"><p class="doc-tab-title">${escapeHtml(tab.getTitle())}</p>`
      : '<article class="doc-page">',
  ];
  for (const header of content._headers.values()) parts.push(`<header class="doc-header">${renderContainer(header, context)}</header>`);
  parts.push(`<section class="doc-body">${renderContainer(content.getBody(), context)}</section>`);
  for (const footer of content._footers.values()) parts.push(`<footer class="doc-footer">${renderContainer(footer, context)}</footer>`);
  if (footnotes.length > 0) parts.push(`<ol class="doc-footnotes">${footnotes.map((html) => `<li>${html}</li>`).join('')}</ol>`);
  parts.push('</article>');
  return parts.join('');
}

interface RenderContext {
  /** Renders footnotes in reference order and returns the number to show. */
  footnoteNumber(html: string): number;
}

function renderContainer(container: Container, context: RenderContext): string {
  const html: string[] = [];
  let openList: string | null = null;
  for (const child of container._children) {
    if (child instanceof ListItem) {
      if (openList !== child.getListId()) {
        if (openList) html.push('</ul>');
        html.push(`<ul class="doc-list" data-list-id="${escapeHtml(child.getListId())}">`);
        openList = child.getListId();
      }
      html.push(`<li style="margin-left:${child.getNestingLevel() * 24}px">${renderRuns(child, context)}</li>`);
      continue;
    }
    if (openList) {
      html.push('</ul>');
      openList = null;
    }
    if (child instanceof Table) {
      const rows = child._rows.map((row) => `<tr>${row._cells.map((cell) => `<td>${renderContainer(cell, context)}</td>`).join('')}</tr>`);
      html.push(`<table class="doc-table"><tbody>${rows.join('')}</tbody></table>`);
    } else {
      const tag = headingTags[child.getHeading()] ?? 'p';
      const alignment = child.getAlignment() ? ` style="text-align:${child.getAlignment()?.toLowerCase()}"` : '';
      html.push(`<${tag}${alignment}>${renderRuns(child, context) || '<br>'}</${tag}>`);
    }
  }
  if (openList) html.push('</ul>');
  return html.join('');
}

function renderRuns(block: TextBlock, context: RenderContext): string {
  const html: string[] = [];
  const text = block._text;
  const footnotesAt = (offset: number) => block._footnotes.filter((anchored) => anchored.offset === offset);
  let offset = 0;
  const emitFootnotes = (at: number) => {
    for (const anchored of footnotesAt(at)) {
      const number = context.footnoteNumber(renderContainer(anchored.footnote.getFootnoteContents(), context));
      html.push(`<sup class="doc-footnote-ref">${number}</sup>`);
    }
  };
  for (const run of text.runs()) {
    let pending = '';
    for (const character of run.text.split('')) {
      if (footnotesAt(offset).length > 0) {
        if (pending) html.push(renderSpan(pending, run.attributes));
        pending = '';
        emitFootnotes(offset);
      }
      pending += character;
      offset += 1;
    }
    if (pending) html.push(renderSpan(pending, run.attributes));
  }
  emitFootnotes(offset);
  return html.join('');
}

function renderSpan(text: string, attributes: CharacterAttributes): string {
  const styles: string[] = [];
  if (attributes.BOLD) styles.push('font-weight:bold');
  if (attributes.ITALIC) styles.push('font-style:italic');
  const decorations = [attributes.UNDERLINE ? 'underline' : '', attributes.STRIKETHROUGH ? 'line-through' : ''].filter(Boolean);
  if (decorations.length > 0) styles.push(`text-decoration:${decorations.join(' ')}`);
  if (typeof attributes.FOREGROUND_COLOR === 'string') styles.push(`color:${cssValue(attributes.FOREGROUND_COLOR)}`);
  if (typeof attributes.BACKGROUND_COLOR === 'string') styles.push(`background-color:${cssValue(attributes.BACKGROUND_COLOR)}`);
  if (typeof attributes.FONT_FAMILY === 'string') styles.push(`font-family:'${cssValue(attributes.FONT_FAMILY)}'`);
  if (typeof attributes.FONT_SIZE === 'number') styles.push(`font-size:${attributes.FONT_SIZE}pt`);
  const span =
    styles.length > 0 ? `<span style="${escapeHtml(styles.join(';'))}">${escapeHtml(text)}</span>` : `<span>${escapeHtml(text)}</span>`;
  if (typeof attributes.LINK_URL === 'string' && /^(https?:|mailto:)/i.test(attributes.LINK_URL))
    return `<a href="${escapeHtml(attributes.LINK_URL)}">${span}</a>`;
  return span;
}

/** Attribute values come from documents; only characters a colour or font name needs are kept. */
function cssValue(value: string): string {
  return value.replace(/[^\w #.,-]/g, '');
}

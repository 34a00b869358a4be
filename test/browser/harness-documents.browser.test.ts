import JSZip from 'jszip';
import type { Browser, Page } from 'playwright-core';
import { documentToSpec } from '../../harness/fakes/document-service';
import type { FillOutcome, SidebarState } from '../../addon/shared/sidebar-contract';
import { artifactPath, launchChromium } from '../support/chromium';
import { startLocalStack, type LocalStack } from '../support/local-stack';

/** A .docx as Word writes its essentials: content types, the package relationship and the document part. */
async function wordFile(paragraphsXml: string): Promise<Buffer> {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  zip.file(
    'word/document.xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
      `<w:body>${paragraphsXml}</w:body></w:document>`,
  );
  return zip.generateAsync({ type: 'nodebuffer' });
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const paragraph = (text: string, options: { bold?: boolean; style?: string } = {}) =>
  `<w:p>${options.style ? `<w:pPr><w:pStyle w:val="${options.style}"/></w:pPr>` : ''}<w:r>${options.bold ? '<w:rPr><w:b/></w:rPr>' : ''}<w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r></w:p>`;
const cell = (text: string) => `<w:tc>${paragraph(text)}</w:tc>`;

describe('the harness: edit the document, or open a Markdown or Word file of your own', () => {
  let browser: Browser;
  let stack: LocalStack;
  let page: Page;
  const run = <Result>(name: string, ...args: unknown[]) => stack.harness.runtime.run(name, args) as Promise<Result>;

  beforeAll(async () => {
    browser = await launchChromium();
    stack = await startLocalStack();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });
  beforeEach(async () => {
    stack.harness.workspace.resetDocument();
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto(stack.harness.url);
    await page.locator('#document .doc-body').waitFor();
  });
  afterEach(async () => {
    await page.close();
  });

  it('edits the body as Markdown, keeping the header and the document, and the add-on finds the new tag', async () => {
    const documentId = stack.harness.workspace.document.getId();
    await page.getByRole('button', { name: 'Edit text' }).click();
    const editor = page.getByLabel('Document body (Markdown)');
    const markdown = await editor.inputValue();
    expect(markdown).toContain('# Proposal for <<client_name>>');
    expect(markdown).toContain('- Delivery of <<project_name>>');
    expect(markdown).toContain('| **Client** | <<client_name>> |');
    await editor.fill(`${markdown}\n## Summary\n\n<<ai:summary>> for **<<client_name>>**.\n`);
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.locator('#document', { hasText: 'Summary' }).waitFor();
    await page.screenshot({ path: artifactPath('harness-edited.png'), fullPage: true });

    const spec = documentToSpec(stack.harness.workspace.document);
    expect(spec.id).toBe(documentId);
    expect(JSON.stringify(spec.header)).toContain('Confidential — <<client_name>>');
    expect(spec.body.at(-2)).toEqual({ type: 'paragraph', heading: 'HEADING2', runs: [{ text: 'Summary' }] });
    expect(spec.body.at(-1)).toMatchObject({
      type: 'paragraph',
      runs: [{ text: '<<ai:summary>> for ' }, { text: '<<client_name>>', bold: true }, { text: '.' }],
    });
    const state = await run<SidebarState>('getSidebarState');
    expect(state.scan.aiTags.map((tag) => tag.name)).toEqual(expect.arrayContaining(['intro', 'next_steps', 'summary']));
  });

  it('opens a Markdown file with a heading, a nested list and a table, and fills it', async () => {
    await page.locator('#file').setInputFiles({
      name: 'Offer.md',
      mimeType: 'text/markdown',
      buffer: Buffer.from(
        [
          '# Offer for <<client_name>>',
          '',
          '<<ai:pitch>>',
          '',
          '1. Scope',
          '   - Workshops',
          '2. Price',
          '',
          '| Item | Cost |',
          '| --- | --- |',
          '| Audit | 100 |',
        ].join('\n'),
      ),
    });
    await page.locator('#file-status', { hasText: 'Opened Offer.md.' }).waitFor();
    await page.locator('#document-title', { hasText: 'Offer' }).waitFor();
    const spec = documentToSpec(stack.harness.workspace.document);
    expect(spec.name).toBe('Offer');
    expect(spec.body).toEqual([
      { type: 'paragraph', heading: 'HEADING1', runs: [{ text: 'Offer for <<client_name>>' }] },
      { type: 'paragraph', runs: [{ text: '<<ai:pitch>>' }] },
      expect.objectContaining({ type: 'listItem', glyphType: 'NUMBER', runs: [{ text: 'Scope' }] }),
      expect.objectContaining({ type: 'listItem', nestingLevel: 1, runs: [{ text: 'Workshops' }] }),
      expect.objectContaining({ type: 'listItem', glyphType: 'NUMBER', runs: [{ text: 'Price' }] }),
      {
        type: 'table',
        rows: [
          [[{ type: 'paragraph', runs: [{ text: 'Item', bold: true }] }], [{ type: 'paragraph', runs: [{ text: 'Cost', bold: true }] }]],
          [[{ type: 'paragraph', runs: [{ text: 'Audit' }] }], [{ type: 'paragraph', runs: [{ text: '100' }] }]],
        ],
      },
    ]);
    await expect(page.locator('#document table td').count()).resolves.toBe(4);

    const state = await run<SidebarState>('getSidebarState');
    expect(state.scan.aiTags.map((tag) => tag.name)).toEqual(['pitch']);
    const filled = await run<FillOutcome>('fillDocument', {
      fillId: crypto.randomUUID(),
      tags: ['pitch'],
      fieldValues: { client_name: 'Acme Corp' },
      configurations: { pitch: { prompt: 'Pitch to {{client_name}}.', fields: [], outputFormat: 'plain', useDocumentText: false } },
      mode: 'write',
    });
    expect(filled).toMatchObject({ status: 'written' });
    expect(JSON.stringify(documentToSpec(stack.harness.workspace.document).body)).toContain('Generated for: Pitch to Acme Corp.');
  });

  it('opens a Word file: headings, bold and tables come across', async () => {
    const file = await wordFile(
      paragraph('Statement of work', { style: 'Heading1' }) +
        paragraph('Prepared for ') +
        paragraph('<<client_name>>', { bold: true }) +
        `<w:tbl><w:tr>${cell('Phase')}${cell('<<ai:phases>>')}</w:tr></w:tbl>`,
    );
    await page.locator('#file').setInputFiles({
      name: 'Statement.docx',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      buffer: file,
    });
    await page.locator('#file-status', { hasText: 'Opened Statement.docx.' }).waitFor();
    await page.locator('#document-title', { hasText: 'Statement' }).waitFor();
    await page.screenshot({ path: artifactPath('harness-opened-docx.png'), fullPage: true });
    const spec = documentToSpec(stack.harness.workspace.document);
    expect(spec.body).toEqual([
      { type: 'paragraph', heading: 'HEADING1', runs: [{ text: 'Statement of work' }] },
      { type: 'paragraph', runs: [{ text: 'Prepared for ' }] },
      { type: 'paragraph', runs: [{ text: '<<client_name>>', bold: true }] },
      {
        type: 'table',
        rows: [[[{ type: 'paragraph', runs: [{ text: 'Phase' }] }], [{ type: 'paragraph', runs: [{ text: '<<ai:phases>>' }] }]]],
      },
    ]);
    const state = await run<SidebarState>('getSidebarState');
    expect(state.scan.aiTags.map((tag) => tag.name)).toEqual(['phases']);
  });

  it('says what is wrong with a file it cannot read, and keeps the open document', async () => {
    const before = documentToSpec(stack.harness.workspace.document);
    await page
      .locator('#file')
      .setInputFiles({ name: 'Broken.docx', mimeType: 'application/octet-stream', buffer: Buffer.from('not a zip') });
    await page.locator('#file-status', { hasText: 'Cannot read Broken as docx' }).waitFor();
    expect(documentToSpec(stack.harness.workspace.document)).toEqual(before);
    // A real zip whose document part is not well-formed XML.
    await page.locator('#file').setInputFiles({
      name: 'Malformed.docx',
      mimeType: 'application/octet-stream',
      buffer: await wordFile('<w:p><w:r><w:t><<client_name>></w:t></w:r></w:p>'),
    });
    await page.locator('#file-status', { hasText: 'Cannot read Malformed as docx' }).waitFor();
    expect(documentToSpec(stack.harness.workspace.document)).toEqual(before);
  });
});

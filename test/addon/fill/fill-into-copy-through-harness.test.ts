import path from 'node:path';
import type { FillOutcome, SaveTemplateOutcome, SidebarState } from '../../../addon/shared/sidebar-contract';
import { documentToSpec, type BlockSpec, type DocumentSpec } from '../../../harness/fakes/document-service';
import { startHarness, type RunningHarness } from '../../../harness/server/start-harness';
import { startLocalStack, type LocalStack } from '../../support/local-stack';

/**
 * Fill into a copy, through the built bundle (dist/addon/Code.js) in the harness runtime: the copy is a new
 * document made with DocumentApp.create, so what DocumentApp cannot recreate is refused before any model is
 * called, and what it can (page size and margins) comes along (issue 17, point 4).
 */
const addonDirectory = path.resolve(__dirname, '..', '..', '..', 'dist', 'addon');
const fieldValues = { client_name: 'Acme Corp' };
const text = (value: string): BlockSpec => ({ type: 'paragraph', runs: [{ text: value }] });

describe('the built add-on filling into a copy', () => {
  let stack: LocalStack;
  let harness: RunningHarness;
  let template: DocumentSpec = { id: 'unused', name: 'Unused', body: [text('')] };
  const run = <Result>(name: string, ...args: unknown[]) => harness.runtime.run(name, args) as Promise<Result>;
  const modelCalls = () => stack.provider.requests.filter((request) => request.path === '/v1/chat/completions').length;

  async function open(spec: DocumentSpec): Promise<void> {
    template = spec;
    harness.workspace.resetDocument();
    stack.provider.reset();
    const state = await run<SidebarState>('getSidebarState');
    const saved = await run<SaveTemplateOutcome>('saveTemplate', {
      baseVersion: state.template.version,
      tags: { intro: { prompt: 'Introduce {{client_name}}.', fields: [], outputFormat: 'plain', useDocumentText: false } },
    });
    expect(saved.status).toBe('saved');
  }

  const fillIntoCopy = () =>
    run<FillOutcome>('fillDocument', {
      fillId: crypto.randomUUID(),
      tags: ['intro'],
      fieldValues,
      configurations: {},
      mode: 'copy',
      copyName: 'Proposal for Acme',
    });

  beforeAll(async () => {
    stack = await startLocalStack();
    harness = await startHarness({ backendUrl: stack.backend.url, addonDirectory, template: () => template });
  });
  afterAll(async () => {
    await harness?.close();
    await stack?.close();
  });

  test.each([
    ['only a first-page header', { firstPageHeader: [text('Cover for <<client_name>>')] }],
    ['only an even-page footer', { evenPageFooter: [text('Page of <<client_name>>')] }],
    ['a first-page footer beside the default footer', { footer: [text('Footer')], firstPageFooter: [text('First page')] }],
  ])('refuses a template with %s before any model is called, and makes no copy', async (_case, sections) => {
    await open({ id: `variants-${Object.keys(sections).join('-')}`, name: 'Variants', body: [text('<<ai:intro>>')], ...sections });
    const before = documentToSpec(harness.workspace.document);
    const outcome = await fillIntoCopy();
    expect(outcome).toMatchObject({
      status: 'not-ready',
      problems: [
        expect.objectContaining({
          code: 'copy_not_possible',
          message: expect.stringContaining('a first-page or even-page header or footer'),
        }),
      ],
    });
    expect(harness.workspace.copies).toHaveLength(0);
    expect(modelCalls()).toBe(0);
    expect(documentToSpec(harness.workspace.document)).toEqual(before);
  });

  test('carries the page size and margins into the copy, which is filled; the template stays as it was', async () => {
    const a4NarrowMargins = { pageWidth: 595.3, pageHeight: 841.9, marginTop: 36, marginBottom: 36, marginLeft: 54, marginRight: 54 };
    await open({
      id: 'a4-template',
      name: 'A4 template',
      page: a4NarrowMargins,
      header: [text('For <<client_name>>')],
      body: [text('<<ai:intro>>')],
    });
    const before = documentToSpec(harness.workspace.document);
    const outcome = await fillIntoCopy();
    expect(outcome.status).toBe('written');
    if (outcome.status !== 'written') return;
    const copy = harness.workspace.findDocument(outcome.copy?.id ?? '');
    if (!copy) throw new Error('the copy was not made');
    const spec = documentToSpec(copy);
    expect(spec.page).toEqual(a4NarrowMargins);
    expect(spec.header).toEqual([text('For Acme Corp')]);
    expect(spec.body).toEqual([text('Generated for: Introduce Acme Corp.')]);
    expect(documentToSpec(harness.workspace.document)).toEqual(before);
  });
});

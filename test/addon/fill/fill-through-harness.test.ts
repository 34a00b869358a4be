import { documentPlainText, documentToSpec } from '../../../harness/fakes/document-service';
import type {
  FillOutcome,
  FillRequestInput,
  SaveTemplateOutcome,
  SidebarState,
  WriteOutcome,
} from '../../../addon/shared/sidebar-contract';
import { defaultHarnessUser } from '../../../harness/server/start-harness';
import { startLocalStack, type LocalStack } from '../../support/local-stack';
import { developmentBearer } from '../../support/test-backend';

/**
 * The add-on's server functions as the sidebar calls them, run by the harness's Apps Script runtime against
 * the real backend and a local OpenAI-compatible server (which answers "Generated for: <prompt>").
 */
const fieldValues = { client_name: 'Acme Corp', project_name: 'Data platform', start_date: '1 March', consultant_name: 'Ana' };

function fillInput(overrides: Partial<FillRequestInput> = {}): FillRequestInput {
  return { fillId: crypto.randomUUID(), tags: ['intro', 'next_steps'], fieldValues, configurations: {}, mode: 'write', ...overrides };
}

describe('filling through the add-on server functions', () => {
  let stack: LocalStack;
  const run = <Result>(name: string, ...args: unknown[]) => stack.harness.runtime.run(name, args) as Promise<Result>;

  beforeAll(async () => {
    stack = await startLocalStack();
  });
  afterAll(async () => {
    await stack?.close();
  });
  beforeEach(async () => {
    stack.harness.workspace.resetDocument();
    stack.provider.reset();
    const state = await run<SidebarState>('getSidebarState');
    const saved = await run<SaveTemplateOutcome>('saveTemplate', {
      baseVersion: state.template.version,
      tags: {
        intro: { prompt: 'Introduce {{client_name}}.', fields: [], outputFormat: 'plain', useDocumentText: false },
        next_steps: {
          prompt: 'List **next steps** for {{project_name}}.',
          fields: [],
          outputFormat: 'markdown',
          useDocumentText: false,
          fallbackText: 'We will follow up shortly.',
        },
      },
    });
    expect(saved.status).toBe('saved');
  });

  it('fills every tag and field in one execution, keeping the tag formatting', async () => {
    const requestsBefore = stack.harness.requestLog.length;
    const outcome = await run<FillOutcome>('fillDocument', fillInput());
    expect(outcome).toMatchObject({ status: 'written', fieldsReplaced: 8 });
    const text = documentPlainText(stack.harness.workspace.document);
    expect(text).toContain('Generated for: Introduce Acme Corp.');
    expect(text).toContain('Confidential — Acme Corp');
    expect(text).not.toMatch(/<<(ai:)?[a-z_]+>>/);
    // Markdown came back as native bold text, not asterisks.
    expect(text).not.toContain('**');
    const runs = documentToSpec(stack.harness.workspace.document).body.flatMap((block) => ('runs' in block ? block.runs : []));
    expect(runs).toContainEqual(
      expect.objectContaining({ text: 'Generated for: Introduce Acme Corp.', italic: true, foregroundColor: '#1a73e8' }),
    );
    expect(runs).toContainEqual(expect.objectContaining({ text: 'next steps', bold: true }));
    // The saved configuration was read once (formats), then one fill request answered at once.
    const sent = stack.harness.requestLog
      .slice(requestsBefore)
      .map((exchange) => `${exchange.method.toUpperCase()} ${new URL(exchange.url).pathname}`);
    expect(sent).toEqual(['GET /v1/templates/sample-proposal', 'POST /v1/fills']);
  });

  it('previews without writing, then writes the accepted texts', async () => {
    const before = documentToSpec(stack.harness.workspace.document);
    const preview = await run<FillOutcome>('fillDocument', fillInput({ mode: 'preview' }));
    expect(preview.status).toBe('generated');
    expect(documentToSpec(stack.harness.workspace.document)).toEqual(before);
    if (preview.status !== 'generated') return;
    const results = Object.fromEntries(preview.tags.map((tag) => [tag.tag, { text: tag.text, outputFormat: tag.outputFormat }]));
    const written = await run<WriteOutcome>('writeFill', { fillId: preview.fillId, results, fieldValues, target: 'document' });
    expect(written).toEqual({ status: 'written', aiTagOccurrences: 2, fieldsReplaced: 8 });
    expect(documentPlainText(stack.harness.workspace.document)).toContain('Generated for: Introduce Acme Corp.');
  });

  it('refuses to fill into a copy, before any model is called, a template with what DocumentApp cannot recreate', async () => {
    // The sample template has a footnote; DocumentApp has no way to make one in a new document.
    const outcome = await run<FillOutcome>('fillDocument', fillInput({ mode: 'copy', copyName: 'Proposal for Acme' }));
    expect(outcome).toMatchObject({
      status: 'not-ready',
      problems: [expect.objectContaining({ code: 'copy_not_possible', message: expect.stringContaining('footnotes') })],
    });
    expect(stack.harness.workspace.copies).toHaveLength(0);
    expect(stack.provider.requests.filter((request) => request.path === '/v1/chat/completions')).toHaveLength(0);
  });

  it('fills into a copy made with DocumentApp.create and leaves the template untouched; the copy inherits the configuration', async () => {
    for (const footnote of stack.harness.workspace.document.getFootnotes()) footnote.removeFromParent();
    const before = documentToSpec(stack.harness.workspace.document);
    const outcome = await run<FillOutcome>('fillDocument', fillInput({ mode: 'copy', copyName: 'Proposal for Acme' }));
    expect(outcome.status).toBe('written');
    if (outcome.status !== 'written') return;
    expect(outcome.copy).toMatchObject({ name: 'Proposal for Acme' });
    expect(documentToSpec(stack.harness.workspace.document)).toEqual(before);
    const copy = stack.harness.workspace.findDocument(outcome.copy?.id ?? '');
    expect(copy && documentPlainText(copy)).toContain('Generated for: Introduce Acme Corp.');
    // Header, footer, lists and tables came along; the copy is not the template's file with another name.
    expect(copy && documentPlainText(copy)).toContain('Confidential — Acme Corp');
    expect(copy && documentPlainText(copy)).toContain('Prepared by Ana');
    expect(copy?.getId()).not.toBe('sample-proposal');
    const inherited = await fetch(`${stack.backend.url}/v1/templates/${outcome.copy?.id}`, {
      headers: { authorization: developmentBearer(defaultHarnessUser) },
    });
    expect(await inherited.json()).toMatchObject({ inherited: true, templateId: 'sample-proposal' });
  });

  it('lists every problem at once and calls no model when the fill cannot start', async () => {
    stack.harness.workspace.document.getBody().appendParagraph('<<ai:two words>>');
    const outcome = await run<FillOutcome>(
      'fillDocument',
      fillInput({
        fieldValues: { client_name: '' },
        configurations: { intro: { prompt: '  ', fields: [], outputFormat: 'plain', useDocumentText: false } },
      }),
    );
    expect(outcome.status).toBe('not-ready');
    if (outcome.status !== 'not-ready') return;
    const codes = outcome.problems.map((problem) => problem.code);
    // The malformed tag is the add-on's to see; the blank prompt and the missing value are the backend's pre-run check's.
    expect(codes).toEqual(expect.arrayContaining(['malformed_tag', 'unconfigured_tag', 'missing_field']));
    expect(outcome.problems.find((problem) => problem.code === 'malformed_tag')?.message).toMatch(
      /Body, paragraph \d+: "<<ai:two words>>"/,
    );
    expect(outcome.problems).toContainEqual({
      tag: 'intro',
      code: 'unconfigured_tag',
      message: 'The tag ai:intro has no prompt yet; open it in the sidebar and write one.',
    });
    expect(stack.provider.requests.filter((request) => request.path === '/v1/chat/completions')).toHaveLength(0);
  });

  it("shows the backend's answer for an edited prompt left blank, and writes nothing", async () => {
    const before = documentToSpec(stack.harness.workspace.document);
    const outcome = await run<FillOutcome>(
      'fillDocument',
      fillInput({ configurations: { intro: { prompt: '  ', fields: [], outputFormat: 'plain', useDocumentText: false } } }),
    );
    expect(outcome).toEqual({
      status: 'not-ready',
      problems: [
        { tag: 'intro', code: 'unconfigured_tag', message: 'The tag ai:intro has no prompt yet; open it in the sidebar and write one.' },
      ],
    });
    expect(documentToSpec(stack.harness.workspace.document)).toEqual(before);
    expect(stack.provider.requests.filter((request) => request.path === '/v1/chat/completions')).toHaveLength(0);
  });

  it('writes nothing when the provider refuses the key, and says so', async () => {
    stack.provider.setDefault({ kind: 'error', status: 401, message: 'Incorrect API key provided', errorType: 'invalid_request_error' });
    const before = documentToSpec(stack.harness.workspace.document);
    // Regenerate: an answer cached by an earlier test would otherwise spare the provider the call.
    const outcome = await run<FillOutcome>('fillDocument', fillInput({ regenerate: true }));
    expect(outcome).toMatchObject({ status: 'aborted' });
    if (outcome.status === 'aborted') expect(outcome.message).toMatch(/key/i);
    expect(documentToSpec(stack.harness.workspace.document)).toEqual(before);
  });

  it('writes the fallback text of a tag that fails for a reason that does not stop the fill', async () => {
    stack.provider.enqueue({ kind: 'reply', text: 'An introduction.' }, { kind: 'content-filtered' });
    const outcome = await run<FillOutcome>('fillDocument', fillInput({ regenerate: true }));
    expect(outcome.status).toBe('written');
    if (outcome.status !== 'written') return;
    expect(outcome.tags.find((tag) => tag.tag === 'next_steps')).toMatchObject({ status: 'fallback', text: 'We will follow up shortly.' });
    expect(documentPlainText(stack.harness.workspace.document)).toContain('We will follow up shortly.');
  });

  it('writes nothing, fields included, when no tag produced text, and says why', async () => {
    stack.provider.enqueue({ kind: 'content-filtered' }, { kind: 'content-filtered' }, { kind: 'content-filtered' });
    const before = documentToSpec(stack.harness.workspace.document);
    // intro has no fallback text: its failure would leave a marker in the template.
    const outcome = await run<FillOutcome>('fillDocument', fillInput({ tags: ['intro'], regenerate: true }));
    expect(outcome).toMatchObject({ status: 'aborted', tags: [{ tag: 'intro', status: 'failed' }] });
    if (outcome.status === 'aborted') expect(outcome.message).toMatch(/^No AI tag could be generated, so the document was left as it was/);
    expect(documentToSpec(stack.harness.workspace.document)).toEqual(before);
    expect(documentPlainText(stack.harness.workspace.document)).toContain('<<client_name>>');
  });

  it('still fills when the user properties are too full to remember the field values', async () => {
    const store = stack.harness.workspace.propertyStores.user(defaultHarnessUser.email);
    for (const key of [...store.keys()]) if (key.startsWith('fieldValues:')) store.delete(key);
    const used = [...store].reduce((total, [key, value]) => total + Buffer.byteLength(key) + Buffer.byteLength(value), 0);
    // Filled straight into the store: ten bytes short of the 500 KB quota, so remembering any value breaks it.
    store.set('filler', 'x'.repeat(500 * 1024 - used - Buffer.byteLength('filler') - 10));
    try {
      const outcome = await run<FillOutcome>('fillDocument', fillInput());
      expect(outcome).toMatchObject({ status: 'written', fieldsReplaced: 8 });
      expect(documentPlainText(stack.harness.workspace.document)).toContain('Confidential — Acme Corp');
      expect((await run<SidebarState>('getSidebarState')).fieldValues).toEqual({});
    } finally {
      store.delete('filler');
    }
  });

  it('remembers field values and unsaved edits per user and document', async () => {
    await run('fillDocument', fillInput({ mode: 'preview' }));
    const drafts = { intro: { prompt: 'x'.repeat(30_000), fields: [], outputFormat: 'plain', useDocumentText: false } };
    await run('saveDrafts', drafts);
    const state = await run<SidebarState>('getSidebarState');
    expect(state.fieldValues).toEqual(fieldValues);
    expect(state.drafts).toEqual(drafts);
    expect(state.template.tags.next_steps).toMatchObject({ outputFormat: 'markdown', fallbackText: 'We will follow up shortly.' });
  });
});

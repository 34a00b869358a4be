import type { FillOutcome, SaveTemplateOutcome, SidebarState, TagConfiguration } from '../../../addon/shared/sidebar-contract';
import { Footnote, FootnoteSection, type Paragraph } from '../../../harness/fakes/document-service';
import { startLocalStack, type LocalStack } from '../../support/local-stack';

/**
 * The built bundle (dist/addon/Code.js, `npm run build`) in the harness's Apps Script runtime, against Docs
 * fakes that have tabs and footnote sections without list inserts, as Google's do.
 */
const fieldValues = { client_name: 'Acme Corp', project_name: 'Data platform', start_date: '1 March', consultant_name: 'Ana' };
const plain = (prompt: string): TagConfiguration => ({ prompt, fields: [], outputFormat: 'plain', useDocumentText: false });

describe('the built add-on on tabs and footnotes', () => {
  let stack: LocalStack;
  const run = <Result>(name: string, ...args: unknown[]) => stack.harness.runtime.run(name, args) as Promise<Result>;

  async function save(tags: Record<string, TagConfiguration>): Promise<void> {
    const state = await run<SidebarState>('getSidebarState');
    const saved = await run<SaveTemplateOutcome>('saveTemplate', { baseVersion: state.template.version, tags });
    expect(saved.status).toBe('saved');
  }

  beforeAll(async () => {
    stack = await startLocalStack();
  });
  afterAll(async () => {
    await stack?.close();
  });
  beforeEach(() => {
    stack.harness.workspace.resetDocument();
    stack.provider.reset();
  });

  test('tags in other tabs and child tabs are listed with their tab and filled', async () => {
    const document = stack.harness.workspace.document;
    const appendix = document._addTab('Appendix');
    appendix.asDocumentTab().getBody().appendParagraph('<<ai:appendix>>');
    const rates = document._addTab('Rates', appendix);
    rates.asDocumentTab().getBody().appendParagraph('Rates for <<client_name>>');

    const state = await run<SidebarState>('getSidebarState');
    expect(state.scan.aiTags.find((tag) => tag.name === 'appendix')?.locations).toEqual([
      { where: 'Appendix › Body, paragraph 1', tab: 'Appendix' },
    ]);
    expect(state.scan.aiTags.find((tag) => tag.name === 'intro')?.locations).toEqual([
      { where: 'Tab 1 › Body, paragraph 3', tab: 'Tab 1' },
    ]);
    expect(state.scan.fields.find((field) => field.name === 'client_name')?.locations.map((location) => location.tab)).toContain('Rates');

    await save({
      intro: plain('Introduce {{client_name}}.'),
      next_steps: plain('Next steps.'),
      appendix: plain('Appendix for {{client_name}}.'),
    });
    const outcome = await run<FillOutcome>('fillDocument', {
      fillId: crypto.randomUUID(),
      tags: ['intro', 'next_steps', 'appendix'],
      fieldValues,
      configurations: {},
      mode: 'write',
    });
    expect(outcome.status).toBe('written');
    expect(appendix.asDocumentTab().getBody().getText()).toBe('Generated for: Appendix for Acme Corp.');
    expect(rates.asDocumentTab().getBody().getText()).toBe('Rates for Acme Corp');
  });

  test('a Markdown list for a footnote tag is written as marked paragraphs, with the rest of the document', async () => {
    const document = stack.harness.workspace.document;
    const section = new FootnoteSection();
    section.appendParagraph('<<ai:source>>');
    const claim = document.getBody().appendParagraph('We cut costs by a third.') as Paragraph;
    claim._appendFootnote(new Footnote(section));

    await save({ source: { ...plain('Sources.'), outputFormat: 'markdown' } });
    stack.provider.enqueue({ kind: 'reply', text: 'Sources:\n\n1. Annual report\n2. Interview' });
    const outcome = await run<FillOutcome>('fillDocument', {
      fillId: crypto.randomUUID(),
      tags: ['source'],
      fieldValues,
      configurations: {},
      mode: 'write',
    });
    expect(outcome).toMatchObject({ status: 'written', fieldsReplaced: 8 });
    const footnotes = document.getFootnotes();
    expect(footnotes.at(-1)?.getFootnoteContents().getText()).toBe('Sources:\n1. Annual report\n2. Interview');
    expect(document.getHeader()?.getText()).toContain('Acme Corp');
  });
});

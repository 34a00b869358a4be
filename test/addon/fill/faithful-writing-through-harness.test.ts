import path from 'node:path';
import type { FillOutcome, SaveTemplateOutcome, SidebarState, TagConfiguration } from '../../../addon/shared/sidebar-contract';
import {
  documentToSpec,
  type BlockSpec,
  type DocumentSpec,
  type FooterSection,
  type RunSpec,
} from '../../../harness/fakes/document-service';
import { startHarness, type RunningHarness } from '../../../harness/server/start-harness';
import { startLocalStack, type LocalStack } from '../../support/local-stack';

/**
 * The built bundle (dist/addon/Code.js, `npm run build`) in the harness's Apps Script runtime, filling
 * templates made for each case against the real backend, with the stand-in provider answering scripted text
 * (issue 17, points 1 to 3). What is asserted is the document after the fill, as the user would see it.
 */
const addonDirectory = path.resolve(__dirname, '..', '..', '..', 'dist', 'addon');
const fieldValues = { client_name: 'Acme Corp' };
const configured = (outputFormat: 'plain' | 'markdown', prompt: string): TagConfiguration => ({
  prompt,
  fields: [],
  outputFormat,
  useDocumentText: false,
});

const text = (value: string): BlockSpec => ({ type: 'paragraph', runs: value === '' ? [] : [{ text: value }] });
const p = (...runs: RunSpec[]): BlockSpec => ({ type: 'paragraph', runs });
const code = (value: string): BlockSpec => p({ text: value, fontFamily: 'Courier New' });
const item = (value: string, nestingLevel: number, glyphType: string | undefined, listId?: string): BlockSpec => ({
  type: 'listItem',
  runs: [{ text: value }],
  ...(nestingLevel ? { nestingLevel } : {}),
  ...(glyphType ? { glyphType } : {}),
  ...(listId ? { listId } : {}),
});

describe('the built add-on writes what the model said', () => {
  let stack: LocalStack;
  let harness: RunningHarness;
  let template: DocumentSpec = { id: 'unused', name: 'Unused', body: [text('')] };
  const run = <Result>(name: string, ...args: unknown[]) => harness.runtime.run(name, args) as Promise<Result>;
  const document = () => harness.workspace.document;

  /** Opens `spec` as the document and saves a configuration for each of its AI tags. */
  async function open(spec: DocumentSpec, tags: Record<string, TagConfiguration>): Promise<void> {
    template = spec;
    harness.workspace.resetDocument();
    stack.provider.reset();
    const state = await run<SidebarState>('getSidebarState');
    const saved = await run<SaveTemplateOutcome>('saveTemplate', { baseVersion: state.template.version, tags });
    expect(saved.status).toBe('saved');
  }

  /** One fill per tag, each answered with its scripted text: tags of one fill may reach the model in any order. */
  async function fillEach(answers: Array<[tag: string, answer: string]>): Promise<void> {
    for (const [tag, answer] of answers) {
      stack.provider.enqueue({ kind: 'reply', text: answer });
      const outcome = await run<FillOutcome>('fillDocument', {
        fillId: crypto.randomUUID(),
        tags: [tag],
        fieldValues,
        configurations: {},
        mode: 'write',
        regenerate: true,
      });
      expect(outcome).toMatchObject({ status: 'written', tags: [expect.objectContaining({ tag, status: 'generated' })] });
    }
  }

  beforeAll(async () => {
    stack = await startLocalStack();
    harness = await startHarness({ backendUrl: stack.backend.url, addonDirectory, template: () => template });
  });
  afterAll(async () => {
    await harness?.close();
    await stack?.close();
  });

  test('Markdown keeps literal angle brackets, separate lists, indented code with its blank lines, tab indentation, and the template’s lettered sub-items; characters Docs strips go first', async () => {
    await open(
      {
        id: 'faithful-writing',
        name: 'Faithful writing',
        body: [
          text('<<ai:literal>>'),
          text('<<ai:lists>>'),
          text('End of lists.'),
          text('<<ai:code>>'),
          text('\t<<ai:indented>>'),
          p({ text: 'Note: <<ai:stripped>> for ' }, { text: '<<client_name>>', bold: true }, { text: '.' }),
          item('Scope', 0, 'NUMBER'),
          item('workshops', 1, 'LATIN_LOWER'),
          item('<<ai:delivery>>', 0, 'NUMBER'),
          item('training', 1, 'LATIN_LOWER'),
        ],
      },
      {
        literal: configured('markdown', 'How to fill the template.'),
        lists: configured('markdown', 'Steps and notes.'),
        code: configured('markdown', 'An example.'),
        indented: configured('markdown', 'A plan.'),
        stripped: configured('plain', 'A note.'),
        delivery: configured('markdown', 'Delivery items.'),
      },
    );
    await fillEach([
      // First, with the field after it in the same paragraph: stripped characters must not shift what follows.
      ['stripped', 'a\u0003b\ue000c'],
      ['literal', 'Replace <<client>> in the **template**; use List<T>.'],
      ['lists', '1. one\n2. two\n\n- dot'],
      ['code', 'Example:\n\n    if (ok) {\n        run();\n\n        done();\n    }'],
      ['indented', '# Plan\n\nFirst step.\n\nSecond step.'],
      ['delivery', 'Delivery\n\n- build\n  - test\n    - deeper'],
    ]);

    expect(documentToSpec(document()).body).toEqual([
      p({ text: 'Replace <<client>> in the ' }, { text: 'template', bold: true }, { text: '; use List<T>.' }),
      // A numbered list followed by a bulleted one: two Docs lists, not one.
      item('one', 0, 'NUMBER'),
      item('two', 0, 'NUMBER'),
      item('dot', 0, undefined, 'list2'),
      text('End of lists.'),
      text('Example:'),
      code('if (ok) {'),
      code('    run();'),
      code(''),
      code('    done();'),
      code('}'),
      { type: 'paragraph', heading: 'HEADING1', runs: [{ text: '\tPlan' }] },
      text('\tFirst step.'),
      text('\tSecond step.'),
      p({ text: 'Note: abc for ' }, { text: 'Acme Corp', bold: true }, { text: '.' }),
      item('Scope', 0, 'NUMBER', 'list3'),
      item('workshops', 1, 'LATIN_LOWER', 'list3'),
      item('Delivery', 0, 'NUMBER', 'list3'),
      item('build', 0, 'NUMBER', 'list3'),
      // Level 1 is the template's lettered level and stays lettered; level 2 holds only inserted items: bullets.
      item('test', 1, 'LATIN_LOWER', 'list3'),
      item('deeper', 2, undefined, 'list3'),
      item('training', 1, 'LATIN_LOWER', 'list3'),
    ]);
  });

  test('tags in first-page and even-page headers and footers are filled, beside the default header', async () => {
    await open(
      {
        id: 'page-variants',
        name: 'Page variants',
        header: [text('Default for <<client_name>>')],
        firstPageHeader: [text('Cover for <<client_name>>'), text('<<ai:cover>>')],
        body: [text('Body for <<client_name>>')],
        evenPageFooter: [text('<<ai:even>>')],
        firstPageFooter: [p({ text: 'First page of ' }, { text: '<<client_name>>', italic: true })],
      },
      { cover: configured('markdown', 'A cover line.'), even: configured('plain', 'An even-page line.') },
    );
    const state = await run<SidebarState>('getSidebarState');
    expect(state.scan.aiTags.map((tag) => tag.name).sort()).toEqual(['cover', 'even']);
    await fillEach([
      ['cover', 'Prepared by **Ana**\n\nDraft'],
      ['even', 'Even page note'],
    ]);
    const spec = documentToSpec(document());
    expect(spec.header).toEqual([text('Default for Acme Corp')]);
    expect(spec.firstPageHeader).toEqual([
      text('Cover for Acme Corp'),
      p({ text: 'Prepared by ' }, { text: 'Ana', bold: true }),
      text('Draft'),
    ]);
    expect(spec.evenPageFooter).toEqual([text('Even page note')]);
    expect(spec.firstPageFooter).toEqual([p({ text: 'First page of ' }, { text: 'Acme Corp', italic: true })]);
    expect(spec.body).toEqual([text('Body for Acme Corp')]);
  });

  test('a write failing in a later section (the footer) leaves the whole document as it was, and says so', async () => {
    await open(
      {
        id: 'rollback',
        name: 'Rollback',
        header: [text('For <<client_name>>')],
        body: [text('<<ai:intro>>'), p({ text: 'About ' }, { text: '<<client_name>>', bold: true })],
        footer: [text('<<ai:closing>>')],
      },
      { intro: configured('markdown', 'An introduction.'), closing: configured('plain', 'A closing line.') },
    );
    // Both tags get two paragraphs; the footer's second one needs insertParagraph, which fails once, as a
    // passing Docs service error would, after the header and body were already written. Putting the document
    // back may then insert into the footer again, which works.
    stack.provider.setDefault({ kind: 'reply', text: 'One\n\nTwo' });
    const footer = document().getFooter() as FooterSection;
    const insertParagraph = footer.insertParagraph.bind(footer);
    let calls = 0;
    footer.insertParagraph = (...args: Parameters<FooterSection['insertParagraph']>) => {
      if (calls++ === 0) throw new Error('Service Documents failed while accessing document');
      return insertParagraph(...args);
    };
    const before = documentToSpec(document());
    const failed = await run<FillOutcome>('fillDocument', {
      fillId: crypto.randomUUID(),
      tags: ['intro', 'closing'],
      fieldValues,
      configurations: {},
      mode: 'write',
      regenerate: true,
    }).catch((error: Error) => error);
    expect(JSON.stringify(failed instanceof Error ? failed.message : failed)).toMatch(
      /Service Documents failed.*the document is as it was/,
    );
    expect(documentToSpec(document())).toEqual(before);
    // The failure was reached: the writer got as far as the footer.
    expect(calls).toBeGreaterThan(0);

    // Without the injected failure, the same fill writes every section.
    footer.insertParagraph = insertParagraph;
    const written = await run<FillOutcome>('fillDocument', {
      fillId: crypto.randomUUID(),
      tags: ['intro', 'closing'],
      fieldValues,
      configurations: {},
      mode: 'write',
      regenerate: true,
    });
    expect(written.status).toBe('written');
    const spec = documentToSpec(document());
    expect(spec.header).toEqual([text('For Acme Corp')]);
    expect(spec.body).toEqual([text('One'), text('Two'), p({ text: 'About ' }, { text: 'Acme Corp', bold: true })]);
    expect(spec.footer).toEqual([text('One'), text('Two')]);
  });
});

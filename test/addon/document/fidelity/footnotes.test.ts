import { DocumentWriteError, writeResults } from '../../../../addon/src/document/write-results';
import {
  documentFromSpec,
  documentToSpec,
  type BlockSpec,
  type DocumentSpec,
  type FakeDocument,
  type Paragraph,
} from '../../../../harness/fakes/document-service';
import { fill, md, p, plan, text } from './fidelity-helpers';

const withFootnote = (footnote: BlockSpec[], before = 'Claim'): BlockSpec => ({
  type: 'paragraph',
  runs: [{ text: before }, { footnote }],
});

/**
 * A FootnoteSection takes paragraphs only (no insertListItem or insertTable): what would be list items goes
 * in as paragraphs, and nothing else in the document is left half-written.
 */
describe('fidelity: footnotes', () => {
  test('a Markdown list in a footnote tag becomes marked paragraphs, and the body and header are written too', () => {
    const { result } = fill(
      { header: [text('<<client>>')], body: [text('<<ai:intro>>'), withFootnote([p({ text: '<<ai:source>>', italic: true })])] },
      { intro: md('- body item'), source: md('Sources:\n\n1. Annual report\n   - page 4\n2. Interview\n\n- extra') },
      { client: 'Acme' },
    );
    const note = (value: string) => p({ text: value, italic: true });
    expect(result).toEqual({
      header: [text('Acme')],
      body: [
        { type: 'listItem', runs: [{ text: 'body item' }] },
        withFootnote([note('Sources:'), note('1. Annual report'), note('  • page 4'), note('2. Interview'), note('• extra')]),
      ],
    });
  });

  test('a multi-paragraph answer for a tag alone in a footnote list item stays on its one line', () => {
    const { result } = fill(
      { body: [withFootnote([{ type: 'listItem', runs: [{ text: '<<ai:note>>' }] }, text('after')])] },
      { note: md('First part.\n\nSecond part:\n\n- a\n- b') },
    );
    expect(result).toEqual({
      body: [withFootnote([{ type: 'listItem', runs: [{ text: 'First part. Second part: • a • b' }] }, text('after')])],
    });
  });

  describe('a write that fails midway puts the document back as it was', () => {
    const template: Omit<DocumentSpec, 'name'> = {
      header: [p({ text: 'For ' }, { text: '<<client>>', bold: true, linkUrl: 'https://acme.example' }, { text: ' and <<ai:motto>>' })],
      body: [
        text('<<ai:gone>>'),
        { type: 'paragraph', heading: 'HEADING2', runs: [{ text: '\t<<ai:intro>>', foregroundColor: '#333333' }] },
        { type: 'table', rows: [[[text('<<ai:cell>>')]]] },
        { type: 'listItem', glyphType: 'NUMBER', runs: [{ text: 'Step' }] },
        { type: 'listItem', runs: [{ text: '<<ai:steps>>' }] },
        withFootnote([text('See <<ai:source>>')]),
        text('<<ai:last>>'),
      ],
    };
    const values = plan(
      {
        motto: 'Better together',
        gone: '',
        intro: 'One\n\nTwo',
        cell: md('**Risk**\n\n1. Late'),
        steps: md('Plan\n\n- a\n  1. deep'),
        source: 'the report',
        last: md('- x\n- y\n\n1. z'),
      },
      { client: 'Acme' },
    );

    function failingOn(document: FakeDocument, text: string): void {
      const footnote = document.getFootnotes()[0]?.getFootnoteContents();
      const paragraph = footnote?.getChild(0) as Paragraph;
      expect(paragraph.getText()).toContain(text);
      const view = paragraph.editAsText();
      view.insertText = () => {
        throw new Error('Service Documents failed while accessing document');
      };
    }

    test('when the failure comes after the body, header and table were written', () => {
      const document = documentFromSpec({ name: 'Rollback', ...template });
      const before = documentToSpec(document);
      failingOn(document, '<<ai:source>>');
      let thrown: unknown;
      try {
        writeResults(document as unknown as GoogleAppsScript.Document.Document, values);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(DocumentWriteError);
      expect((thrown as DocumentWriteError).restored).toBe(true);
      expect((thrown as Error).message).toMatch(/Service Documents failed.*the document is as it was/);
      expect(documentToSpec(document)).toEqual(before);
    });

    test('and the same plan writes everything when nothing fails', () => {
      const document = documentFromSpec({ name: 'Rollback', ...template });
      expect(writeResults(document as unknown as GoogleAppsScript.Document.Document, values)).toEqual({
        aiTagOccurrences: 7,
        fieldOccurrences: 1,
      });
      const written = documentToSpec(document);
      expect(written.header).toEqual([
        p({ text: 'For ' }, { text: 'Acme', bold: true, linkUrl: 'https://acme.example' }, { text: ' and Better together' }),
      ]);
      expect(written.body.find((block) => JSON.stringify(block).includes('footnote'))).toEqual(withFootnote([text('See the report')]));
      expect(written.body[0]).toEqual({ type: 'paragraph', heading: 'HEADING2', runs: [{ text: '\tOne', foregroundColor: '#333333' }] });
    });
  });
});

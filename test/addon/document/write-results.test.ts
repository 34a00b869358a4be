import { writeResults, type WritePlan } from '../../../addon/src/document/write-results';
import { scanDocument } from '../../../addon/src/document/scan-document';
import {
  documentFromSpec,
  documentPlainText,
  documentToSpec,
  type BlockSpec,
  type FakeDocument,
} from '../../../harness/fakes/document-service';
import { sampleTemplate } from '../../../harness/sample-proposal-template';

const asAppsScript = (document: FakeDocument) => document as unknown as GoogleAppsScript.Document.Document;
const plan = (aiTags: Record<string, string>, fields: Record<string, string> = {}): WritePlan => ({
  aiTags: new Map(Object.entries(aiTags).map(([name, text]) => [name, { text, format: 'plain' as const }])),
  fields: new Map(Object.entries(fields)),
});
const paragraphTexts = (blocks: BlockSpec[]) =>
  blocks.map((block) => ('runs' in block ? block.runs.map((run) => ('text' in run ? run.text : '[footnote]')).join('') : '[table]'));

describe('writeResults on the document model', () => {
  test('scans every place a tag can be', () => {
    const scan = scanDocument(asAppsScript(documentFromSpec(sampleTemplate())));
    expect(scan.aiTags.map((tag) => tag.name)).toEqual(['intro', 'next_steps']);
    expect(Object.fromEntries(scan.fields.map((field) => [field.name, field.count]))).toEqual({
      client_name: 5,
      project_name: 1,
      start_date: 1,
      consultant_name: 1,
    });
  });

  test('generated text keeps the tag formatting; fields are replaced in heading, table, header, footer and footnote', () => {
    const document = documentFromSpec(sampleTemplate());
    const summary = writeResults(asAppsScript(document), plan({ intro: 'Acme builds bridges.' }, { client_name: 'Acme Corp' }));
    expect(summary).toEqual({ aiTagOccurrences: 1, fieldOccurrences: 5 });
    const spec = documentToSpec(document);
    expect(spec.body[2]).toEqual({ type: 'paragraph', runs: [{ text: 'Acme builds bridges.', italic: true, foregroundColor: '#1a73e8' }] });
    expect(spec.body[3]).toMatchObject({
      runs: [
        { text: 'This proposal describes how we will help ' },
        { text: 'Acme Corp', bold: true },
        { text: ' deliver its next project.' },
        { footnote: [{ type: 'paragraph', runs: [{ text: 'Prepared at the request of Acme Corp.' }] }] },
      ],
    });
    const text = documentPlainText(document);
    expect(text).not.toContain('<<client_name>>');
    expect(text).toContain('Confidential — Acme Corp');
    expect(text).toContain('Proposal for Acme Corp');
    expect(text).toContain('Client\tAcme Corp');
    expect(text).toContain('<<ai:next_steps>>');
  });

  test('several paragraphs for a tag standing alone become paragraphs with the same style', () => {
    const document = documentFromSpec(sampleTemplate());
    writeResults(asAppsScript(document), plan({ intro: 'First paragraph.\n\nSecond paragraph.\r\nThird.' }));
    const spec = documentToSpec(document);
    expect(paragraphTexts(spec.body).slice(1, 6)).toEqual([
      'Introduction',
      'First paragraph.',
      'Second paragraph.',
      'Third.',
      expect.stringContaining('This proposal'),
    ]);
    for (const index of [2, 3, 4])
      expect(spec.body[index]).toMatchObject({ type: 'paragraph', runs: [{ italic: true, foregroundColor: '#1a73e8' }] });
  });

  test('a tag inside a sentence gets its text on one line, and a link on the tag stays on the text', () => {
    const document = documentFromSpec({
      name: 'Inline',
      body: [
        {
          type: 'paragraph',
          runs: [
            { text: 'See ' },
            { text: '<<ai:summary>>', underline: true, linkUrl: 'https://example.com/s' },
            { text: ' for details.', bold: true },
          ],
        },
      ],
    });
    writeResults(asAppsScript(document), plan({ summary: 'the summary\nin short' }));
    expect(documentToSpec(document).body[0]).toEqual({
      type: 'paragraph',
      runs: [
        { text: 'See ' },
        { text: 'the summary in short', underline: true, linkUrl: 'https://example.com/s' },
        { text: ' for details.', bold: true },
      ],
    });
  });

  test('an empty value removes the tag and leaves the rest of the paragraph', () => {
    const document = documentFromSpec({ name: 'Empty', body: [{ type: 'paragraph', runs: [{ text: 'Hi <<name>>!' }] }] });
    writeResults(asAppsScript(document), plan({}, { name: '' }));
    expect(documentPlainText(document)).toBe('Hi !');
  });
});

describe('writeResults takes no formatting from the neighbouring text', () => {
  test('a plain tag after bold text stays plain', () => {
    const document = documentFromSpec({
      name: 'Leak',
      body: [{ type: 'paragraph', runs: [{ text: 'Dear', bold: true }, { text: '<<name>>, hello' }] }],
    });
    writeResults(asAppsScript(document), plan({}, { name: 'Acme' }));
    expect(documentToSpec(document).body[0]).toEqual({ type: 'paragraph', runs: [{ text: 'Dear', bold: true }, { text: 'Acme, hello' }] });
  });
});

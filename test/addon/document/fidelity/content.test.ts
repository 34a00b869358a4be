import { fill, p, text } from './fidelity-helpers';

// What the values hold: empty, very long, literal placeholders, unknown and malformed tags.
describe('fidelity: values and tags', () => {
  test('empty output for a tag alone in its paragraph removes the paragraph', () => {
    const { result, summary } = fill({ body: [text('Before'), p({ text: '<<ai:gone>>', bold: true }), text('After')] }, { gone: '' });
    expect(summary).toEqual({ aiTagOccurrences: 1, fieldOccurrences: 0 });
    expect(result).toEqual({ body: [text('Before'), text('After')] });
  });

  test('empty output in the last paragraph of a section leaves it empty (Docs cannot remove it)', () => {
    const { result } = fill(
      { body: [text('Before'), { type: 'table', rows: [[[text('<<ai:gone>>')]]] }, p({ text: '<<ai:gone>>' })] },
      { gone: '  \n\n ' },
    );
    expect(result).toEqual({ body: [text('Before'), { type: 'table', rows: [[[text('')]]] }, text('')] });
  });

  test('empty output for a tag inside a sentence removes only the tag', () => {
    const { result } = fill({ body: [p({ text: 'Hi ' }, { text: '<<ai:x>>', bold: true }, { text: '!' })] }, { x: '' });
    expect(result).toEqual({ body: [p({ text: 'Hi !' })] });
  });

  test('very long output: 50,000 characters in 200 paragraphs', () => {
    const paragraphs = Array.from({ length: 200 }, (_, index) =>
      `Paragraph ${String(index + 1).padStart(3, '0')} ${'lorem ipsum '.repeat(20)}`.slice(0, 250),
    );
    const output = paragraphs.join('\n\n');
    expect(paragraphs.join('').length).toBe(50_000);
    const { result } = fill(
      { body: [text('Title'), { type: 'paragraph', alignment: 'JUSTIFY', runs: [{ text: '<<ai:long>>', fontSize: 11 }] }, text('End')] },
      { long: output },
    );
    expect(result).toEqual({
      body: [
        text('Title'),
        ...paragraphs.map((paragraph) => ({ type: 'paragraph', alignment: 'JUSTIFY', runs: [{ text: paragraph.trim(), fontSize: 11 }] })),
        text('End'),
      ],
    });
  });

  test('field values are single-line: line breaks become spaces, even for a field alone in its paragraph', () => {
    const { result, summary } = fill(
      { body: [p({ text: '<<address>>', italic: true }), p({ text: 'Ship to <<address>>.' })] },
      {},
      { address: '1 Main St\r\nSpringfield\n\nUSA' },
    );
    expect(summary).toEqual({ aiTagOccurrences: 0, fieldOccurrences: 2 });
    expect(result).toEqual({ body: [p({ text: '1 Main St Springfield USA', italic: true }), text('Ship to 1 Main St Springfield USA.')] });
  });

  test('field values containing {{other}} or <<ai:x>> are inserted literally, never expanded', () => {
    const { result, summary } = fill(
      { body: [text('A: <<a>> B: <<b>> X: <<ai:x>>')] },
      { x: 'generated' },
      { a: '{{b}} and <<ai:x>>', b: '<<a>>' },
    );
    expect(summary).toEqual({ aiTagOccurrences: 1, fieldOccurrences: 2 });
    expect(result).toEqual({ body: [text('A: {{b}} and <<ai:x>> B: <<a>> X: generated')] });
  });

  test('generated text containing placeholders is inserted literally, in new paragraphs too', () => {
    const { result } = fill({ body: [text('<<ai:x>>')] }, { x: 'See <<ai:x>>\n<<client>> and {{client}}' }, { client: 'Acme' });
    expect(result).toEqual({ body: [text('See <<ai:x>>'), text('<<client>> and {{client}}')] });
  });

  test('placeholders not in the plan stay as they are', () => {
    const { result, summary } = fill(
      { body: [p({ text: '<<ai:known>> <<ai:unknown>> <<missing>>', bold: true }), text('<<ai:unknown>>')] },
      { known: 'Known\ntext' },
    );
    expect(summary).toEqual({ aiTagOccurrences: 1, fieldOccurrences: 0 });
    expect(result).toEqual({ body: [p({ text: 'Known text <<ai:unknown>> <<missing>>', bold: true }), text('<<ai:unknown>>')] });
  });

  test.each([
    ['<<ai:>>', 'This AI tag has no name: write <<ai:NAME>>.'],
    ['<<ai:two words>>', 'This AI tag name is not valid: use a letter, then letters, digits, _ - or . (no spaces, at most 64).'],
    ['<<ai:x> unclosed', 'This placeholder is not closed with >>.'],
    ['<<ai:<<ai:x>>>>', 'Placeholders cannot be nested inside each other.'],
  ])('malformed %s is reported with its location and left untouched', (malformed, message) => {
    const body = [
      text('Title'),
      { type: 'table' as const, rows: [[[text('cell'), p({ text: `Here: ${malformed} then <<ai:ok>>`, bold: true })]]] },
      text(''),
    ];
    const { result, scan, summary } = fill({ body }, { ok: 'fine', x: 'never' });
    const snippet = malformed === '<<ai:x> unclosed' ? `${malformed} then <<ai:ok>>` : malformed;
    expect(scan.problems).toEqual([{ text: snippet, message, where: 'Body, table 1, row 1, cell 1, paragraph 2', tab: 'Tab 1' }]);
    expect(scan.aiTags.map((tag) => tag.name)).toEqual(['ok']);
    expect(summary).toEqual({ aiTagOccurrences: 1, fieldOccurrences: 0 });
    expect(result).toEqual({
      body: [text('Title'), { type: 'table', rows: [[[text('cell'), p({ text: `Here: ${malformed} then fine`, bold: true })]]] }, text('')],
    });
  });

  test('a name that is too long or starts with a digit is a problem, not a tag', () => {
    const long = `a${'b'.repeat(64)}`;
    const { result, scan } = fill(
      { body: [text(`<<ai:${long}>> <<9lives>> <<ai:${long.slice(0, 64)}>>`)] },
      { [long]: 'no', [long.slice(0, 64)]: 'yes' },
      { '9lives': 'no' },
    );
    expect(scan.problems.map((problem) => problem.text)).toEqual([`<<ai:${long}>>`, '<<9lives>>']);
    expect(result).toEqual({ body: [text(`<<ai:${long}>> <<9lives>> yes`)] });
  });

  test('prose with << and >> is neither a tag nor a problem', () => {
    const { result, scan } = fill({ body: [text('if a << b and c >> d, then <<ai:x>>')] }, { x: 'ok' });
    expect(scan.problems).toEqual([]);
    expect(result).toEqual({ body: [text('if a << b and c >> d, then ok')] });
  });
});

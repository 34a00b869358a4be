import { fill, p, text } from './fidelity-helpers';

// Where a tag can stand: positions inside runs, several per paragraph, lists, tables, header, footer, footnotes.
describe('fidelity: where tags stand', () => {
  test('a tag at the start of a run', () => {
    const { result, summary } = fill({ body: [p({ text: '<<ai:a>> starts it', bold: true }, { text: ' and more' })] }, { a: 'Alpha' });
    expect(summary).toEqual({ aiTagOccurrences: 1, fieldOccurrences: 0 });
    expect(result).toEqual({ body: [p({ text: 'Alpha starts it', bold: true }, { text: ' and more' })] });
  });

  test('a tag in the middle of a run', () => {
    const { result } = fill({ body: [p({ text: 'Dear <<client>>, welcome', italic: true })] }, {}, { client: 'Acme' });
    expect(result).toEqual({ body: [p({ text: 'Dear Acme, welcome', italic: true })] });
  });

  test('a tag at the end of a run, before a differently formatted run', () => {
    const { result } = fill(
      { body: [p({ text: 'Total: <<ai:total>>', foregroundColor: '#ff0000' }, { text: ' EUR', bold: true })] },
      { total: '42' },
    );
    expect(result).toEqual({ body: [p({ text: 'Total: 42', foregroundColor: '#ff0000' }, { text: ' EUR', bold: true })] });
  });

  test('several tags in one paragraph, each with its own formatting', () => {
    const { result, summary } = fill(
      {
        body: [
          p(
            { text: 'From ' },
            { text: '<<ai:a>>', bold: true },
            { text: ' to ' },
            { text: '<<b>>', italic: true },
            { text: ' via <<ai:c>>.' },
          ),
        ],
      },
      { a: 'Paris', c: 'Lyon\n\nand Dijon' },
      { b: 'Rome' },
    );
    expect(summary).toEqual({ aiTagOccurrences: 2, fieldOccurrences: 1 });
    expect(result).toEqual({
      body: [
        p(
          { text: 'From ' },
          { text: 'Paris', bold: true },
          { text: ' to ' },
          { text: 'Rome', italic: true },
          { text: ' via Lyon and Dijon.' },
        ),
      ],
    });
  });

  test('adjacent tags <<ai:a>><<ai:b>> keep their own formatting and order', () => {
    const { result } = fill(
      { body: [p({ text: '<<ai:a>>', bold: true }, { text: '<<ai:b>>', italic: true })] },
      { a: 'one', b: 'two\nlines' },
    );
    // Two tags share the paragraph: neither stands alone, so both stay on the line.
    expect(result).toEqual({ body: [p({ text: 'one', bold: true }, { text: 'two lines', italic: true })] });
  });

  test('a tag alone in a list item becomes items of the same list, level and glyph', () => {
    const { result } = fill(
      {
        body: [
          { type: 'listItem', glyphType: 'NUMBER', runs: [{ text: 'First' }] },
          { type: 'listItem', glyphType: 'NUMBER', nestingLevel: 1, runs: [{ text: '<<ai:steps>>', fontSize: 10 }] },
          { type: 'listItem', glyphType: 'NUMBER', runs: [{ text: 'Last' }] },
        ],
      },
      { steps: 'Plan\nBuild\n\nShip' },
    );
    const step = (value: string) => ({
      type: 'listItem' as const,
      glyphType: 'NUMBER',
      nestingLevel: 1,
      runs: [{ text: value, fontSize: 10 }],
    });
    expect(result).toEqual({
      body: [
        { type: 'listItem', glyphType: 'NUMBER', runs: [{ text: 'First' }] },
        step('Plan'),
        step('Build'),
        step('Ship'),
        { type: 'listItem', glyphType: 'NUMBER', runs: [{ text: 'Last' }] },
      ],
    });
  });

  test('a tag alone in a table cell becomes paragraphs inside that cell only', () => {
    const { result } = fill(
      {
        body: [
          {
            type: 'table',
            rows: [
              [[text('Client')], [text('<<ai:cell>>')]],
              [[text('<<x>>')], [text('right')]],
            ],
          },
          text(''),
        ],
      },
      { cell: 'Line one\nLine two' },
      { x: 'X value' },
    );
    expect(result).toEqual({
      body: [
        {
          type: 'table',
          rows: [
            [[text('Client')], [text('Line one'), text('Line two')]],
            [[text('X value')], [text('right')]],
          ],
        },
        text(''),
      ],
    });
  });

  test('a tag in a nested table', () => {
    const inner = {
      type: 'table' as const,
      rows: [[[{ type: 'paragraph' as const, alignment: 'RIGHT', runs: [{ text: '<<ai:deep>>', bold: true }] }]]],
    };
    const { result, scan } = fill(
      { body: [{ type: 'table', rows: [[[text('outer'), inner, text('')]]] }, text('')] },
      { deep: 'Deep one\nDeep two' },
    );
    expect(scan.aiTags).toEqual([
      { name: 'deep', count: 1, locations: [{ where: 'Body, table 1, row 1, cell 1, table 1, row 1, cell 1, paragraph 1', tab: 'Tab 1' }] },
    ]);
    const deep = (value: string) => ({ type: 'paragraph' as const, alignment: 'RIGHT', runs: [{ text: value, bold: true }] });
    expect(result).toEqual({
      body: [
        { type: 'table', rows: [[[text('outer'), { type: 'table', rows: [[[deep('Deep one'), deep('Deep two')]]] }, text('')]]] },
        text(''),
      ],
    });
  });

  test('tags in the header and footer', () => {
    const { result, summary } = fill(
      {
        header: [p({ text: 'Confidential — <<client>>', fontSize: 8 })],
        body: [text('Body')],
        footer: [p({ text: '<<ai:footer>>', italic: true })],
      },
      { footer: 'Page footer\nsecond line' },
      { client: 'Acme' },
    );
    expect(summary).toEqual({ aiTagOccurrences: 1, fieldOccurrences: 1 });
    expect(result).toEqual({
      header: [p({ text: 'Confidential — Acme', fontSize: 8 })],
      body: [text('Body')],
      footer: [p({ text: 'Page footer', italic: true }), p({ text: 'second line', italic: true })],
    });
  });

  test('tags inside a footnote, and a paragraph holding a footnote stays one paragraph', () => {
    const { result, scan } = fill(
      { body: [p({ text: '<<ai:claim>>' }, { footnote: [p({ text: 'Source: <<ai:source>>', fontSize: 9 })] })] },
      { claim: 'Sales doubled.\nProfits too.', source: 'Annual report' },
    );
    expect(scan.aiTags.map((tag) => [tag.name, tag.locations])).toEqual([
      ['claim', [{ where: 'Body, paragraph 1', tab: 'Tab 1' }]],
      ['source', [{ where: 'Footnote 1, paragraph 1', tab: 'Tab 1' }]],
    ]);
    // The footnote reference would be duplicated or moved by splitting, so the output stays on one line.
    expect(result).toEqual({
      body: [p({ text: 'Sales doubled. Profits too.' }, { footnote: [p({ text: 'Source: Annual report', fontSize: 9 })] })],
    });
  });

  test('a tag alone in a heading paragraph: every output paragraph keeps heading and alignment', () => {
    const { result } = fill(
      {
        body: [
          { type: 'paragraph', heading: 'HEADING2', alignment: 'CENTER', runs: [{ text: '  <<ai:title>>  ', foregroundColor: '#333333' }] },
          text('next'),
        ],
      },
      { title: 'Main title\nSub title' },
    );
    expect(result).toEqual({
      body: [
        // The spaces around the tag stay in every paragraph, the added ones too, so they all line up alike.
        { type: 'paragraph', heading: 'HEADING2', alignment: 'CENTER', runs: [{ text: '  Main title  ', foregroundColor: '#333333' }] },
        { type: 'paragraph', heading: 'HEADING2', alignment: 'CENTER', runs: [{ text: '  Sub title  ', foregroundColor: '#333333' }] },
        text('next'),
      ],
    });
  });
});

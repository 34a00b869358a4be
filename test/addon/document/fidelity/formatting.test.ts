import { fill, p, text } from './fidelity-helpers';

// Character formatting: the inserted text takes the placeholder's first character's attributes, nothing else.
describe('fidelity: formatting carried over', () => {
  test('mixed formatting inside the tag: found by the scanner, output takes the first character', () => {
    const { result, scan } = fill(
      { body: [p({ text: 'Intro: ' }, { text: '<<ai:', bold: true }, { text: 'intro>>', italic: true }, { text: ' end' })] },
      { intro: 'Hello' },
    );
    expect(scan.aiTags).toEqual([{ name: 'intro', count: 1, locations: [{ where: 'Body, paragraph 1', tab: 'Tab 1' }] }]);
    expect(result).toEqual({ body: [p({ text: 'Intro: ' }, { text: 'Hello', bold: true }, { text: ' end' })] });
  });

  test('mixed formatting inside a tag alone in its paragraph: every added paragraph takes the first character', () => {
    const { result } = fill(
      { body: [p({ text: '<', fontFamily: 'Georgia' }, { text: '<ai:x>>', fontFamily: 'Verdana', bold: true })] },
      { x: 'One\nTwo' },
    );
    expect(result).toEqual({ body: [p({ text: 'One', fontFamily: 'Georgia' }), p({ text: 'Two', fontFamily: 'Georgia' })] });
  });

  test('a link on the placeholder stays on the inserted text, not on the neighbours', () => {
    const { result } = fill(
      {
        body: [
          p(
            { text: 'Read ' },
            { text: '<<ai:ref>>', linkUrl: 'https://example.com/r', underline: true, foregroundColor: '#1155cc' },
            { text: ' now.' },
          ),
        ],
      },
      { ref: 'the report' },
    );
    expect(result).toEqual({
      body: [
        p(
          { text: 'Read ' },
          { text: 'the report', linkUrl: 'https://example.com/r', underline: true, foregroundColor: '#1155cc' },
          { text: ' now.' },
        ),
      ],
    });
  });

  test('a linked tag alone in its paragraph: each output paragraph keeps the link', () => {
    const { result } = fill({ body: [p({ text: '<<ai:ref>>', linkUrl: 'https://example.com' })] }, { ref: 'First\nSecond' });
    expect(result).toEqual({
      body: [p({ text: 'First', linkUrl: 'https://example.com' }), p({ text: 'Second', linkUrl: 'https://example.com' })],
    });
  });

  test('neighbour formatting never leaks into the output (bold before, italic after)', () => {
    const { result } = fill(
      { body: [p({ text: 'Dear', bold: true }, { text: '<<name>>' }, { text: ', hello', italic: true })] },
      {},
      { name: ' Ada' },
    );
    // Field values are trimmed like any single-line value.
    expect(result).toEqual({ body: [p({ text: 'Dear', bold: true }, { text: 'Ada' }, { text: ', hello', italic: true })] });
  });

  test('every character attribute of the placeholder carries over', () => {
    const style = {
      bold: true,
      italic: true,
      underline: true,
      strikethrough: true,
      foregroundColor: '#00ff00',
      backgroundColor: '#ffff00',
      fontFamily: 'Georgia',
      fontSize: 14,
    };
    const { result } = fill({ body: [p({ text: 'x ' }, { text: '<<ai:s>>', ...style }, { text: ' y' })] }, { s: 'styled' });
    expect(result).toEqual({ body: [p({ text: 'x ' }, { text: 'styled', ...style }, { text: ' y' })] });
  });

  test('emoji around the tag and in the output (surrogate pairs do not shift offsets)', () => {
    const { result } = fill(
      { body: [p({ text: '🚀 ' }, { text: '<<ai:e>>', bold: true }, { text: ' 👍🏽 <<f>> ✅' })] },
      { e: 'Launch 🎉 day\n🔥 hot' },
      { f: '👨‍👩‍👧 family' },
    );
    expect(result).toEqual({ body: [p({ text: '🚀 ' }, { text: 'Launch 🎉 day 🔥 hot', bold: true }, { text: ' 👍🏽 👨‍👩‍👧 family ✅' })] });
  });

  test('right-to-left text (Arabic, Hebrew) around and in the output', () => {
    const { result } = fill(
      {
        body: [
          { type: 'paragraph', alignment: 'RIGHT', runs: [{ text: 'مرحبا <<ai:ar>> שלום', fontFamily: 'Arial' }] },
          { type: 'paragraph', alignment: 'RIGHT', runs: [{ text: '<<ai:he>>' }] },
        ],
      },
      { ar: 'بالعالم', he: 'שורה ראשונה\nسطر ثان' },
    );
    expect(result).toEqual({
      body: [
        { type: 'paragraph', alignment: 'RIGHT', runs: [{ text: 'مرحبا بالعالم שלום', fontFamily: 'Arial' }] },
        { type: 'paragraph', alignment: 'RIGHT', runs: [{ text: 'שורה ראשונה' }] },
        { type: 'paragraph', alignment: 'RIGHT', runs: [{ text: 'سطر ثان' }] },
      ],
    });
  });

  test('a repeated tag gets the same text everywhere, each with its own formatting', () => {
    const { result, summary, scan } = fill(
      {
        header: [p({ text: '<<ai:motto>>', fontSize: 8 })],
        body: [
          p({ text: 'Motto: ' }, { text: '<<ai:motto>>', bold: true }),
          { type: 'table', rows: [[[p({ text: '<<ai:motto>>', italic: true })]]] },
          text(''),
        ],
      },
      { motto: 'Build well' },
    );
    expect(scan.aiTags).toEqual([
      {
        name: 'motto',
        count: 3,
        locations: [
          { where: 'Body, paragraph 1', tab: 'Tab 1' },
          { where: 'Body, table 1, row 1, cell 1, paragraph 1', tab: 'Tab 1' },
          { where: 'Header, paragraph 1', tab: 'Tab 1' },
        ],
      },
    ]);
    expect(summary).toEqual({ aiTagOccurrences: 3, fieldOccurrences: 0 });
    expect(result).toEqual({
      header: [p({ text: 'Build well', fontSize: 8 })],
      body: [
        p({ text: 'Motto: ' }, { text: 'Build well', bold: true }),
        { type: 'table', rows: [[[p({ text: 'Build well', italic: true })]]] },
        text(''),
      ],
    });
  });
});

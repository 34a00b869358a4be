import { fill, md, p, text } from './fidelity-helpers';

const red = { foregroundColor: '#cc0000', fontSize: 12 };

// Markdown output becomes native Docs formatting on top of the placeholder's own formatting.
describe('fidelity: Markdown output', () => {
  test('headings # to ###### become HEADING1..6; paragraphs keep the tag paragraph style', () => {
    const { result } = fill(
      { body: [{ type: 'paragraph', alignment: 'CENTER', runs: [{ text: '<<ai:doc>>', ...red }] }] },
      { doc: md('# One\n## Two\n### Three\n#### Four\n##### Five\n###### Six\n\nBody *text*.') },
    );
    const heading = (level: number, value: string) => ({
      type: 'paragraph',
      heading: `HEADING${level}`,
      alignment: 'CENTER',
      runs: [{ text: value, ...red }],
    });
    expect(result).toEqual({
      body: [
        heading(1, 'One'),
        heading(2, 'Two'),
        heading(3, 'Three'),
        heading(4, 'Four'),
        heading(5, 'Five'),
        heading(6, 'Six'),
        {
          type: 'paragraph',
          alignment: 'CENTER',
          runs: [
            { text: 'Body ', ...red },
            { text: 'text', italic: true, ...red },
            { text: '.', ...red },
          ],
        },
      ],
    });
  });

  test('bold, italic, bold italic, strikethrough and inline code (monospace)', () => {
    const { result } = fill({ body: [p({ text: '<<ai:x>>', fontFamily: 'Georgia' })] }, { x: md('**b** *i* ***bi*** ~~s~~ `a<b`') });
    const g = { fontFamily: 'Georgia' };
    expect(result).toEqual({
      body: [
        p(
          { text: 'b', bold: true, ...g },
          { text: ' ', ...g },
          { text: 'i', italic: true, ...g },
          { text: ' ', ...g },
          { text: 'bi', bold: true, italic: true, ...g },
          { text: ' ', ...g },
          { text: 's', strikethrough: true, ...g },
          { text: ' ', ...g },
          { text: 'a<b', fontFamily: 'Courier New' },
        ),
      ],
    });
  });

  test('entities are decoded in text but stay literal inside inline code', () => {
    const { result } = fill({ body: [text('<<ai:x>>')] }, { x: md('Write `x &amp; y &lt;b&gt;` for x &amp; y.') });
    expect(result).toEqual({
      body: [p({ text: 'Write ' }, { text: 'x &amp; y &lt;b&gt;', fontFamily: 'Courier New' }, { text: ' for x & y.' })],
    });
  });

  test('links: http, https and mailto become links; javascript:, data: and relative targets stay text', () => {
    const { result } = fill(
      { body: [text('<<ai:links>>')] },
      {
        links: md(
          '[a](http://a.example) [b](https://b.example/x?y=1) [c](mailto:c@example.com) [d](javascript:alert(1)) [e](data:text/html,hi) [f](/relative) <https://auto.example>',
        ),
      },
    );
    expect(result).toEqual({
      body: [
        p(
          { text: 'a', linkUrl: 'http://a.example' },
          { text: ' ' },
          { text: 'b', linkUrl: 'https://b.example/x?y=1' },
          { text: ' ' },
          { text: 'c', linkUrl: 'mailto:c@example.com' },
          { text: ' d e f ' },
          { text: 'https://auto.example', linkUrl: 'https://auto.example' },
        ),
      ],
    });
  });

  test('an angle-bracketed non-web target such as <<ai:next>> stays as written, not a link that loses a bracket', () => {
    const { result } = fill({ body: [text('<<ai:x>>')] }, { x: md('See <<ai:next>> and <tel:123>, then <https://a.example>.') });
    expect(result).toEqual({
      body: [
        p({ text: 'See <<ai:next>> and <tel:123>, then ' }, { text: 'https://a.example', linkUrl: 'https://a.example' }, { text: '.' }),
      ],
    });
  });

  test('nested bulleted and numbered lists become one Docs list with nesting levels and glyphs; the next list is another', () => {
    const { result } = fill(
      { body: [text('Intro'), p({ text: '<<ai:plan>>', bold: true }), text('Outro')] },
      { plan: md('Steps:\n\n- Design\n  1. Sketch\n  2. Review\n     - with **team**\n- Build\n\n1. Ship') },
    );
    const item = (value: string, nestingLevel: number, glyphType: string, listId?: string) => ({
      type: 'listItem',
      runs: [{ text: value, bold: true }],
      ...(nestingLevel ? { nestingLevel } : {}),
      ...(glyphType !== 'BULLET' ? { glyphType } : {}),
      ...(listId ? { listId } : {}),
    });
    expect(result).toEqual({
      body: [
        text('Intro'),
        p({ text: 'Steps:', bold: true }),
        item('Design', 0, 'BULLET'),
        item('Sketch', 1, 'NUMBER'),
        item('Review', 1, 'NUMBER'),
        { type: 'listItem', nestingLevel: 2, runs: [{ text: 'with team', bold: true }] },
        item('Build', 0, 'BULLET'),
        // A second Markdown list directly after the first is a Docs list of its own, with its own glyphs.
        item('Ship', 0, 'NUMBER', 'list2'),
        text('Outro'),
      ],
    });
  });

  test('output that starts with a list replaces the tag paragraph by list items', () => {
    const { result } = fill({ body: [p({ text: '<<ai:l>>', italic: true }), text('After')] }, { l: md('* one\n* two') });
    expect(result).toEqual({
      body: [
        { type: 'listItem', runs: [{ text: 'one', italic: true }] },
        { type: 'listItem', runs: [{ text: 'two', italic: true }] },
        text('After'),
      ],
    });
  });

  test('Markdown in a tag that shares its paragraph renders inline only, blocks flattened', () => {
    const { result } = fill(
      { body: [p({ text: 'Summary: ' }, { text: '<<ai:s>>', underline: true }, { text: ' (end)' })] },
      { s: md('# Big\n\n- **one**\n- [two](https://two.example)') },
    );
    expect(result).toEqual({
      body: [
        p(
          { text: 'Summary: ' },
          { text: 'Big ', underline: true },
          { text: 'one', bold: true, underline: true },
          { text: ' ', underline: true },
          { text: 'two', underline: true, linkUrl: 'https://two.example' },
          { text: ' (end)' },
        ),
      ],
    });
  });

  test('Markdown in a list-item tag: paragraphs and top-level items stay at its level and glyph, nested lists go below', () => {
    const { result } = fill(
      { body: [{ type: 'listItem', glyphType: 'NUMBER', nestingLevel: 1, runs: [{ text: '<<ai:x>>' }] }] },
      { x: md('## Heading\n\nText\n\n- sub a\n  - deeper\n- sub b') },
    );
    const item = (value: string, nestingLevel = 1, glyphType = 'NUMBER') => ({
      type: 'listItem',
      glyphType,
      nestingLevel,
      runs: [{ text: value }],
    });
    expect(result).toEqual({
      body: [
        item('Heading'),
        item('Text'),
        item('sub a'),
        { type: 'listItem', nestingLevel: 2, runs: [{ text: 'deeper' }] },
        item('sub b'),
      ],
    });
  });

  test('tables, images, code blocks, quotes and HTML become plain text; what looks like HTML stays literal', () => {
    const { result } = fill(
      { body: [text('<<ai:x>>')] },
      {
        x: md(
          '| a | b |\n|---|---|\n| 1 | **2** |\n\n![chart](https://img.example/c.png)\n\n> quoted\n\n```\nlet x = 1;\n```\n\n<div onclick="evil()">Hello <b>world</b> &amp; more</div>\n\nTap <span style="x">here</span>.',
        ),
      },
    );
    expect(result).toEqual({
      body: [
        text('a | b'),
        p({ text: '1 | ' }, { text: '2', bold: true }),
        text('chart'),
        text('quoted'),
        p({ text: 'let x = 1;', fontFamily: 'Courier New' }),
        // Text, never markup: a Doc shows what the model wrote.
        text('<div onclick="evil()">Hello <b>world</b> & more</div>'),
        text('Tap <span style="x">here</span>.'),
      ],
    });
  });

  test('Markdown in a table cell stays in the cell', () => {
    const { result } = fill(
      { body: [{ type: 'table', rows: [[[text('<<ai:cell>>')], [text('B')]]] }, text('')] },
      { cell: md('**Risk**\n\n1. Late\n2. Costly') },
    );
    expect(result).toEqual({
      body: [
        {
          type: 'table',
          rows: [
            [
              [
                p({ text: 'Risk', bold: true }),
                { type: 'listItem', glyphType: 'NUMBER', runs: [{ text: 'Late' }] },
                { type: 'listItem', glyphType: 'NUMBER', runs: [{ text: 'Costly' }] },
              ],
              [text('B')],
            ],
          ],
        },
        text(''),
      ],
    });
  });

  test('plain format keeps Markdown characters literally', () => {
    const { result } = fill({ body: [text('<<ai:x>>')] }, { x: '# not a heading\n**not bold** [x](https://x.example)' });
    expect(result).toEqual({ body: [text('# not a heading'), text('**not bold** [x](https://x.example)')] });
  });

  test('empty Markdown (only blank lines or a rule) removes the paragraph like empty plain text', () => {
    const { result } = fill({ body: [text('<<ai:x>>'), text('kept')] }, { x: md('\n\n---\n\n') });
    expect(result).toEqual({ body: [text('kept')] });
  });
});

import { fill, md, p, text } from './fidelity-helpers';

/** What the model said reaches the document as it said it (issue 17, point 3). */
describe('fidelity: writing what the model said', () => {
  test('text that looks like a tag or a type survives Markdown: <<client>>, List<T>', () => {
    const { result } = fill(
      { body: [text('<<ai:x>>')] },
      { x: md('Replace <<client>> in the **template**.\n\nUse `Map<K, V>` or List<T>.\n\n<<client>>') },
    );
    expect(result).toEqual({
      body: [
        p({ text: 'Replace <<client>> in the ' }, { text: 'template', bold: true }, { text: '.' }),
        p({ text: 'Use ' }, { text: 'Map<K, V>', fontFamily: 'Courier New' }, { text: ' or List<T>.' }),
        text('<<client>>'),
      ],
    });
  });

  test('a numbered list followed by a bulleted list stays two lists', () => {
    const { result } = fill({ body: [text('<<ai:x>>'), text('end')] }, { x: md('1. one\n2. two\n\n- dot') });
    expect(result).toEqual({
      body: [
        { type: 'listItem', glyphType: 'NUMBER', runs: [{ text: 'one' }] },
        { type: 'listItem', glyphType: 'NUMBER', runs: [{ text: 'two' }] },
        { type: 'listItem', listId: 'list2', runs: [{ text: 'dot' }] },
        text('end'),
      ],
    });
  });

  test('code blocks keep their indentation, in a monospace font', () => {
    const { result } = fill({ body: [text('<<ai:x>>')] }, { x: md('```js\nif (ok) {\n    run();\n\treturn;\n}\n```') });
    const code = (value: string) => p({ text: value, fontFamily: 'Courier New' });
    expect(result).toEqual({ body: [code('if (ok) {'), code('    run();'), code('\treturn;'), code('}')] });
  });

  test('blank lines inside a code block stay, as empty paragraphs in the monospace font; none before or after it', () => {
    const { result } = fill(
      { body: [text('<<ai:x>>'), text('Tools: <<ai:y>>.')] },
      { x: md('```\n\nfirst();\n\n\nsecond();\n\n```'), y: md('```\na\n\nb\n```') },
    );
    const code = (value: string) => p({ text: value, fontFamily: 'Courier New' });
    // Sharing its paragraph, the code goes on one line: an empty line adds no second space.
    expect(result).toEqual({
      body: [
        code('first();'),
        code(''),
        code(''),
        code('second();'),
        p(
          { text: 'Tools: ' },
          { text: 'a', fontFamily: 'Courier New' },
          { text: ' ' },
          { text: 'b', fontFamily: 'Courier New' },
          { text: '.' },
        ),
      ],
    });
  });

  test('every paragraph of a tab-indented tag keeps the tab, plain and Markdown alike', () => {
    const { result } = fill({ body: [text('\t<<ai:a>>'), text('\t<<ai:b>>')] }, { a: 'First\nSecond\nThird', b: md('# Title\n\nBody') });
    expect(result).toEqual({
      body: [
        text('\tFirst'),
        text('\tSecond'),
        text('\tThird'),
        { type: 'paragraph', heading: 'HEADING1', runs: [{ text: '\tTitle' }] },
        text('\tBody'),
      ],
    });
  });

  test('characters Docs drops are removed before offsets are computed, so the rest of the paragraph stays whole', () => {
    const { result } = fill(
      { body: [p({ text: 'A: <<ai:a>>, B: ' }, { text: '<<b>>', bold: true }, { text: '.' })] },
      { a: 'x\u0001y\ue000z\u000c' },
      { b: 'b\u0000\uf8ff!' },
    );
    expect(result).toEqual({ body: [p({ text: 'A: xyz, B: ' }, { text: 'b!', bold: true }, { text: '.' })] });
  });

  test("a Markdown list nested under a template list item leaves the template's lettered sub-items lettered", () => {
    const item = (value: string, nestingLevel = 0, glyphType?: string) => ({
      type: 'listItem' as const,
      runs: [{ text: value }],
      ...(nestingLevel ? { nestingLevel } : {}),
      ...(glyphType ? { glyphType } : {}),
    });
    const { result } = fill(
      {
        body: [
          item('Scope', 0, 'NUMBER'),
          item('workshops', 1, 'LATIN_LOWER'),
          item('<<ai:x>>', 0, 'NUMBER'),
          item('training', 1, 'LATIN_LOWER'),
        ],
      },
      { x: md('Delivery\n\n- build\n  - test\n    - deeper') },
    );
    expect(result).toEqual({
      body: [
        item('Scope', 0, 'NUMBER'),
        item('workshops', 1, 'LATIN_LOWER'),
        // Paragraphs and top-level items stay at the tag's level, nested ones go below.
        item('Delivery', 0, 'NUMBER'),
        item('build', 0, 'NUMBER'),
        // Level 1 of this list is the template's (lettered) and stays so; level 2 holds only inserted items: a bullet.
        item('test', 1, 'LATIN_LOWER'),
        item('deeper', 2),
        item('training', 1, 'LATIN_LOWER'),
      ],
    });
  });
});

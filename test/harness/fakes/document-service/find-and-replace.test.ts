import { documentFromSpec, re2ToRegExp, type Paragraph } from '../../../../harness/fakes/document-service';
import { sampleTemplate } from '../../../../harness/sample-proposal-template';

describe('findText and replaceText take RE2 patterns as strings', () => {
  test('findText walks paragraphs in order, tables included, continuing from a previous result', () => {
    const body = documentFromSpec(sampleTemplate()).getBody();
    const found: string[] = [];
    for (let range = body.findText('<<client_name>>'); range; range = body.findText('<<client_name>>', range)) {
      found.push(
        `${range.getElement().getParent()?.getType()}:${range.getStartOffset()}-${range.getEndOffsetInclusive()}:${range.isPartial()}`,
      );
    }
    expect(found).toEqual(['PARAGRAPH:13-27:true', 'PARAGRAPH:41-55:true', 'PARAGRAPH:0-14:false']);
  });

  test('a match never spans two paragraphs', () => {
    const body = documentFromSpec({
      name: 'd',
      body: [
        { type: 'paragraph', runs: [{ text: 'end of <<' }] },
        { type: 'paragraph', runs: [{ text: 'x>> start' }] },
      ],
    }).getBody();
    expect(body.findText('<<x>>')).toBeNull();
    expect(body.findText('(?s)<<.*x>>')).toBeNull();
  });

  test('replaceText keeps the formatting of the first matched character and supports group references', () => {
    const document = documentFromSpec({
      name: 'd',
      body: [{ type: 'paragraph', runs: [{ text: 'Dear ' }, { text: '<<name>>', bold: true }, { text: ', hello' }] }],
    });
    const body = document.getBody();
    body.replaceText('<<(\\w+)>>', '[$1]');
    const paragraph = body.getChild(0) as Paragraph;
    expect(paragraph.getText()).toBe('Dear [name], hello');
    expect(paragraph.editAsText().isBold(5)).toBe(true);
    expect(paragraph.editAsText().isBold(10)).toBe(true);
    expect(paragraph.editAsText().isBold(11)).toBeNull();
  });

  test('case-insensitive inline flags, \\Q…\\E literals and named groups are translated', () => {
    expect(re2ToRegExp('(?i)hello').test('HELLO')).toBe(true);
    expect('a.b'.replace(re2ToRegExp('\\Qa.b\\E'), 'x')).toBe('x');
    expect('axb'.match(re2ToRegExp('\\Qa.b\\E'))).toBeNull();
    expect(re2ToRegExp('(?P<word>\\w+)', false).exec('hi')?.groups?.word).toBe('hi');
  });

  test('lookaround and backreferences are refused, as RE2 has neither', () => {
    const body = documentFromSpec(sampleTemplate()).getBody();
    expect(() => body.findText('<<(?=ai)')).toThrow(
      expect.objectContaining({ name: 'Exception', message: expect.stringMatching(/lookahead and lookbehind/) }),
    );
    expect(() => body.findText('(?<!x)<<')).toThrow(/lookahead and lookbehind/);
    expect(() => body.replaceText('(a)\\1', 'b')).toThrow(/backreferences/);
    expect(() => body.findText('(unclosed')).toThrow(/Invalid regular expression pattern/);
  });
});

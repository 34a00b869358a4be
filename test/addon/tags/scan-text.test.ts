import { scanText } from '../../../addon/src/tags/scan-text';

describe('scanText', () => {
  it('finds AI tags and fields with their offsets', () => {
    const text = 'Dear <<client_name>>, <<ai:intro>> Regards';
    expect(scanText(text)).toEqual({
      placeholders: [
        { kind: 'field', name: 'client_name', text: '<<client_name>>', start: 5, end: 20 },
        { kind: 'ai', name: 'intro', text: '<<ai:intro>>', start: 22, end: 34 },
      ],
      problems: [],
    });
  });

  it('accepts names with digits, dots, dashes and underscores up to 64 characters', () => {
    const long = `a${'b'.repeat(63)}`;
    const found = scanText(`<<ai:x1.y-z_w>><<${long}>>`).placeholders.map((placeholder) => placeholder.name);
    expect(found).toEqual(['x1.y-z_w', long]);
  });

  it('is case-sensitive and keeps adjacent tags apart', () => {
    const found = scanText('<<ai:Intro>><<ai:intro>>').placeholders.map((placeholder) => placeholder.name);
    expect(found).toEqual(['Intro', 'intro']);
  });

  it.each([
    ['<<ai:>>', 'no name'],
    ['<<ai:two words>>', 'not valid'],
    ['<<1abc>>', 'not valid'],
    [`<<${'a'.repeat(65)}>>`, 'not valid'],
    ['<<ai:x>', 'not closed'],
    ['<<ai:outer<<inner>>>>', 'nested'],
  ])('reports %s as a problem (%s) and never as a tag', (text, reason) => {
    const scan = scanText(`before ${text} after`);
    expect(scan.placeholders).toEqual([]);
    expect(scan.problems).toHaveLength(1);
    expect(scan.problems[0]?.start).toBe(7);
    expect(scan.problems[0]?.message).toMatch(new RegExp(reason, 'i'));
  });

  it('treats "<<" followed by a space as prose', () => {
    expect(scanText('shift x << 2 and <<ai:ok>>')).toEqual({
      placeholders: [{ kind: 'ai', name: 'ok', text: '<<ai:ok>>', start: 17, end: 26 }],
      problems: [],
    });
  });

  it('goes on scanning after an unclosed placeholder', () => {
    const scan = scanText('<<ai:broken and then <<ai:fine>>');
    expect(scan.placeholders.map((placeholder) => placeholder.name)).toEqual(['fine']);
    expect(scan.problems.map((problem) => problem.start)).toEqual([0]);
  });
});

import { documentFromSpec, type FakeDocument, type Paragraph } from '../../../../harness/fakes/document-service';

function paragraphOf(runs: Parameters<typeof documentFromSpec>[0]['body'][number] & { type: 'paragraph' }): {
  document: FakeDocument;
  paragraph: Paragraph;
} {
  const document = documentFromSpec({ name: 'Doc', body: [runs] });
  return { document, paragraph: document.getBody().getChild(0) as Paragraph };
}

describe('Text editing keeps per-character attributes as Docs does', () => {
  const styled = () =>
    paragraphOf({ type: 'paragraph', runs: [{ text: 'Hello ' }, { text: 'world', bold: true, foregroundColor: '#ff0000' }] });

  test('getAttributes(offset) lists every character attribute, null when unset', () => {
    const { paragraph } = styled();
    const text = paragraph.editAsText();
    expect(text.getAttributes(0)).toMatchObject({ BOLD: null, FOREGROUND_COLOR: null, LINK_URL: null });
    expect(text.getAttributes(6)).toMatchObject({ BOLD: true, FOREGROUND_COLOR: '#ff0000', ITALIC: null });
    // Without an offset: values shared by the whole text, null where mixed.
    expect(text.getAttributes()).toMatchObject({ BOLD: null, FOREGROUND_COLOR: null });
    expect(text.getTextAttributeIndices()).toEqual([0, 6]);
  });

  test('inserted text takes the attributes of the character before it, or of the first at offset 0', () => {
    const { paragraph } = styled();
    const text = paragraph.editAsText();
    text.insertText(11, '!');
    expect(text.isBold(11)).toBe(true);
    text.insertText(6, 'big ');
    expect(text.getText()).toBe('Hello big world!');
    expect(text.isBold(6)).toBeNull();
    text.insertText(0, '>');
    expect(text.isBold(0)).toBeNull();
  });

  test('deleteText removes an inclusive range; out-of-range offsets throw an Exception', () => {
    const { paragraph } = styled();
    const text = paragraph.editAsText();
    text.deleteText(0, 5);
    expect(text.getText()).toBe('world');
    expect(text.isBold(0)).toBe(true);
    expect(() => text.deleteText(0, 5)).toThrow(expect.objectContaining({ name: 'Exception' }));
    expect(() => text.getAttributes(-1)).toThrow(/Index \(-1\)/);
    expect(() => text.deleteText(3, 1)).toThrow(/before/);
  });

  test('setAttributes on a range changes only what is given; null leaves an attribute as it is', () => {
    const { paragraph } = styled();
    const text = paragraph.editAsText();
    text.setAttributes(0, 4, { ITALIC: true, BOLD: null });
    expect(text.isItalic(0)).toBe(true);
    expect(text.isBold(0)).toBeNull();
    expect(text.isBold(6)).toBe(true);
    text.setLinkUrl(6, 10, 'https://example.com');
    expect(text.getLinkUrl(8)).toBe('https://example.com');
    text.setLinkUrl(6, 10, null);
    expect(text.getLinkUrl(8)).toBeNull();
  });

  test('setText gives the new text the attributes of the first character', () => {
    const { paragraph } = paragraphOf({ type: 'paragraph', runs: [{ text: 'A', italic: true }, { text: 'b' }] });
    paragraph.editAsText().setText('New text');
    expect(paragraph.editAsText().getAttributes()).toMatchObject({ ITALIC: true });
  });

  test('offsets count UTF-16 code units, like JavaScript strings and Apps Script', () => {
    const { paragraph } = paragraphOf({ type: 'paragraph', runs: [{ text: '😀<<x>>' }] });
    expect(paragraph.getText().indexOf('<<')).toBe(2);
    paragraph.editAsText().deleteText(2, 6);
    expect(paragraph.getText()).toBe('😀');
  });
});

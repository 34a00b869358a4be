import { Body, documentFromSpec, documentToSpec, Paragraph } from '../../../../harness/fakes/document-service';

/** Page size and margins on Body, and the style of an empty paragraph, as the Docs fake keeps them. */
describe('page size and margins (Body.getPageWidth … setMarginRight)', () => {
  test('a new document starts as US Letter with one-inch margins, in points', () => {
    const body = new Body();
    expect([
      body.getPageWidth(),
      body.getPageHeight(),
      body.getMarginTop(),
      body.getMarginBottom(),
      body.getMarginLeft(),
      body.getMarginRight(),
    ]).toEqual([612, 792, 72, 72, 72, 72]);
  });

  test('setters change the page and return the body for chaining; a spec carries only what differs', () => {
    const document = documentFromSpec({ name: 'A4', body: [] });
    const body = document.getBody();
    expect(body.setPageWidth(595.3).setPageHeight(841.9).setMarginLeft(36)).toBe(body);
    expect(documentToSpec(document).page).toEqual({ pageWidth: 595.3, pageHeight: 841.9, marginLeft: 36 });
    expect(documentToSpec(documentFromSpec({ name: 'Copy', body: [], page: { marginTop: 18 } })).page).toEqual({ marginTop: 18 });
    expect(documentToSpec(documentFromSpec({ name: 'Plain', body: [] })).page).toBeUndefined();
  });

  test('anything but a usable number of points is refused (the reference documents no range: the stricter rule)', () => {
    const body = new Body();
    expect(() => body.setPageWidth(0)).toThrow(/Invalid argument: pageWidth/);
    expect(() => body.setPageHeight(Number.NaN)).toThrow(/Invalid argument: pageHeight/);
    expect(() => body.setMarginTop(-1)).toThrow(/Invalid argument: marginTop/);
    expect(() => body.setMarginRight('10' as unknown as number)).toThrow(/Invalid argument: marginRight/);
    expect(body.setMarginBottom(0).getMarginBottom()).toBe(0);
  });
});

describe('an empty paragraph is its end, which has a style of its own', () => {
  test('attributes set on an empty paragraph stay, show in the spec and are what inserted text takes', () => {
    const paragraph = new Paragraph();
    paragraph.setAttributes({ FONT_FAMILY: 'Courier New' });
    expect(paragraph.editAsText().getFontFamily()).toBe('Courier New');
    const document = documentFromSpec({ name: 'Code', body: [{ type: 'paragraph', runs: [{ text: '', fontFamily: 'Courier New' }] }] });
    expect(documentToSpec(document).body).toEqual([{ type: 'paragraph', runs: [{ text: '', fontFamily: 'Courier New' }] }]);
    const typed = document.getBody().getChild(0) as Paragraph;
    typed.editAsText().insertText(0, 'run();');
    expect(documentToSpec(document).body).toEqual([{ type: 'paragraph', runs: [{ text: 'run();', fontFamily: 'Courier New' }] }]);
  });

  test('a whole-text setter on an empty paragraph styles its end too; null takes the style off again', () => {
    const paragraph = new Paragraph();
    paragraph.editAsText().setBold(true);
    expect(paragraph.getAttributes()).toMatchObject({ BOLD: true });
    paragraph.editAsText().setBold(null as unknown as boolean);
    expect(paragraph.getAttributes()).toMatchObject({ BOLD: null });
  });
});

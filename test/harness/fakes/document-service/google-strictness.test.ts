import {
  documentFromSpec,
  documentPlainText,
  documentToSpec,
  type DocumentSpec,
  type FootnoteSection,
  type ListItem,
  type Paragraph,
} from '../../../../harness/fakes/document-service';

/** Rules the Docs fake keeps because Google keeps them (each cited in the fake's source). */
const tabbed: DocumentSpec = {
  name: 'Tabbed',
  tabTitle: 'Proposal',
  header: [{ type: 'paragraph', runs: [{ text: 'Default header' }] }],
  firstPageHeader: [{ type: 'paragraph', runs: [{ text: 'Cover header' }] }],
  body: [{ type: 'paragraph', runs: [{ text: 'First tab' }, { footnote: [{ type: 'paragraph', runs: [{ text: 'A note' }] }] }] }],
  evenPageFooter: [{ type: 'paragraph', runs: [{ text: 'Even footer' }] }],
  childTabs: [{ title: 'Details', body: [{ type: 'paragraph', runs: [{ text: 'Child tab' }] }] }],
  tabs: [{ title: 'Appendix', body: [{ type: 'paragraph', runs: [{ text: 'Second tab' }] }] }],
};

describe('tabs', () => {
  test('getTabs lists first-level tabs; child tabs hang from their parent; each is a document tab', () => {
    const document = documentFromSpec(tabbed);
    const tabs = document.getTabs();
    expect(tabs.map((tab) => [tab.getTitle(), tab.getIndex(), tab.getType()])).toEqual([
      ['Proposal', 0, 'DOCUMENT_TAB'],
      ['Appendix', 1, 'DOCUMENT_TAB'],
    ]);
    const [child] = tabs[0]?.getChildTabs() ?? [];
    expect(child?.getTitle()).toBe('Details');
    expect(child?.asDocumentTab().getBody().getText()).toBe('Child tab');
    expect(document.getTab(child?.getId() ?? '')).toBe(child);
  });

  test('Document.getBody, getHeader and getFootnotes are the first tab only', () => {
    const document = documentFromSpec(tabbed);
    expect(document.getBody().getText()).toBe('First tab');
    expect(document.getBody()).toBe(document.getTabs()[0]?.asDocumentTab().getBody());
    expect(document.getHeader()?.getText()).toBe('Default header');
    expect(document.getFootnotes()).toHaveLength(1);
    expect(document.getTabs()[1]?.asDocumentTab().getHeader()).toBeNull();
  });

  test('first-page and even-page sections are children of the tab root only, beside the default ones', () => {
    const document = documentFromSpec(tabbed);
    const root = document.getBody().getParent();
    expect(root?.getType()).toBe('DOCUMENT');
    const children = Array.from({ length: root?.getNumChildren() ?? 0 }, (_, index) => root?.getChild(index));
    expect(children.map((child) => [child?.getType(), child?.getText()])).toEqual([
      ['BODY_SECTION', 'First tab'],
      ['HEADER_SECTION', 'Default header'],
      ['HEADER_SECTION', 'Cover header'],
      ['FOOTER_SECTION', 'Even footer'],
    ]);
    // No default footer: getFooter has nothing, though the tab shows an even-page one.
    expect(document.getFooter()).toBeNull();
  });

  test('a spec with tabs, child tabs and header variants survives a round trip, and every tab is in the text', () => {
    const document = documentFromSpec(tabbed);
    const { id: _id, ...spec } = documentToSpec(document);
    expect(spec).toEqual(tabbed);
    expect(documentPlainText(document)).toBe(
      'Default header\nCover header\nFirst tab\nEven footer\n[1] A note\n[Tab: Details]\nChild tab\n[Tab: Appendix]\nSecond tab',
    );
  });
});

describe('footnote sections', () => {
  const footnoteOf = () => documentFromSpec(tabbed).getFootnotes()[0]?.getFootnoteContents() as FootnoteSection;

  test('have no list or table inserts: calling one is a TypeError, as on Apps Script', () => {
    const section = footnoteOf() as unknown as Record<string, unknown>;
    for (const method of ['insertListItem', 'appendListItem', 'insertTable', 'appendTable']) expect(section[method]).toBeUndefined();
    expect(() => (section as unknown as { insertListItem(index: number, text: string): void }).insertListItem(1, 'item')).toThrow(
      TypeError,
    );
    expect(() => (section as unknown as { insertListItem(index: number, text: string): void }).insertListItem(1, 'item')).toThrow(
      /is not a function/,
    );
  });

  test('take paragraphs, but not a list item handed to insertParagraph', () => {
    const section = footnoteOf();
    section.insertParagraph(1, 'Second line');
    expect(section.getText()).toBe('A note\nSecond line');
    const item = documentFromSpec({ name: 'List', body: [{ type: 'listItem', runs: [{ text: 'x' }] }] })
      .getBody()
      .getChild(0)
      .copy();
    expect(() => section.insertParagraph(0, item as unknown as Paragraph)).toThrow(/Invalid argument/);
  });
});

describe('characters Docs drops', () => {
  test('are stripped by every text setter, so offsets past them move', () => {
    const document = documentFromSpec({ name: 'Chars', body: [{ type: 'paragraph', runs: [{ text: 'ab' }] }] });
    const paragraph = document.getBody().getChild(0) as Paragraph;
    paragraph.editAsText().insertText(1, 'x\u0001\u000c\ue000\uf8ffy\tz');
    expect(paragraph.getText()).toBe('axy\tzb');
    paragraph.appendText('\u0000!');
    document.getBody().appendParagraph('p\u001fq');
    paragraph.replaceText('z', '\u0007Z');
    expect(document.getBody().getText()).toBe('axy\tZb!\npq');
  });
});

describe('glyph types', () => {
  test('belong to a list and nesting level: setting one re-glyphs that level of the list, not other levels or lists', () => {
    const document = documentFromSpec({
      name: 'Glyphs',
      body: [
        { type: 'listItem', glyphType: 'NUMBER', runs: [{ text: 'One' }] },
        { type: 'listItem', nestingLevel: 1, glyphType: 'LATIN_LOWER', runs: [{ text: 'a' }] },
        { type: 'listItem', nestingLevel: 1, glyphType: 'LATIN_LOWER', runs: [{ text: 'b' }] },
        { type: 'paragraph', runs: [{ text: 'between' }] },
        { type: 'listItem', listId: 'other', nestingLevel: 1, glyphType: 'ROMAN_LOWER', runs: [{ text: 'i' }] },
      ],
    });
    const items = document.getBody().getListItems() as ListItem[];
    (items[1] as ListItem).setGlyphType('BULLET');
    expect(items.map((item) => item.getGlyphType())).toEqual(['NUMBER', 'BULLET', 'BULLET', 'ROMAN_LOWER']);
  });
});

import {
  documentFromSpec,
  documentPlainText,
  documentToSpec,
  type DocumentSpec,
  type ListItem,
  type Paragraph,
  type Table,
} from '../../../../harness/fakes/document-service';
import { sampleTemplate } from '../../../../harness/sample-proposal-template';

describe('document structure', () => {
  test('a canonical spec survives a round trip through the model', () => {
    const spec = sampleTemplate();
    expect(documentToSpec(documentFromSpec(spec))).toEqual(spec);
  });

  test('element types are strings, casts are checked, parents and siblings are linked', () => {
    const document = documentFromSpec(sampleTemplate());
    const body = document.getBody();
    const title = body.getChild(0);
    expect(title.getType()).toBe('PARAGRAPH');
    expect((title as Paragraph).getHeading()).toBe('TITLE');
    expect(() => title.asTable()).toThrow(/Cannot convert an element of type PARAGRAPH to TABLE/);
    expect(title.getParent()).toBe(body);
    expect(title.getNextSibling()).toBe(body.getChild(1));
    expect(body.getChildIndex(body.getChild(3))).toBe(3);
  });

  test('copy() is deep and detached; insertParagraph adopts it and refuses attached elements', () => {
    const document = documentFromSpec(sampleTemplate());
    const body = document.getBody();
    const intro = body.getChild(2) as Paragraph;
    const copy = intro.copy();
    expect(copy.getParent()).toBeNull();
    copy.editAsText().setText('Second paragraph');
    expect(intro.getText()).toBe('<<ai:intro>>');
    body.insertParagraph(3, copy);
    expect((body.getChild(3) as Paragraph).getText()).toBe('Second paragraph');
    expect(copy.editAsText().isItalic(0)).toBe(true);
    expect(() => body.insertParagraph(4, intro)).toThrow(/detached/);
  });

  test('list items keep their list, nesting and glyph; new items continue the list before them', () => {
    const document = documentFromSpec(sampleTemplate());
    const items = document.getBody().getListItems();
    expect(items.map((item) => item.getText())).toEqual([
      'Discovery workshops with your team',
      'Delivery of <<project_name>>',
      'Handover and training',
    ]);
    expect(new Set(items.map((item) => item.getListId())).size).toBe(1);
    const body = document.getBody();
    const added = body.insertListItem(body.getChildIndex(items[2] as ListItem) + 1, 'Support');
    expect(added.getListId()).toBe(items[0]?.getListId());
    added.setNestingLevel(1);
    expect(added.getNestingLevel()).toBe(1);
  });

  test('tables hold cells that are containers, nested tables included', () => {
    const spec: DocumentSpec = {
      name: 'Tables',
      body: [
        {
          type: 'table',
          rows: [
            [
              [
                { type: 'paragraph', runs: [{ text: 'outer' }] },
                { type: 'table', rows: [[[{ type: 'paragraph', runs: [{ text: 'inner <<x>>' }] }]]] },
              ],
            ],
          ],
        },
      ],
    };
    const document = documentFromSpec(spec);
    const table = document.getBody().getChild(0) as Table;
    expect(table.getNumRows()).toBe(1);
    const cell = table.getCell(0, 0);
    expect(cell.getNumChildren()).toBe(2);
    expect((cell.getChild(1) as Table).getCell(0, 0).getText()).toBe('inner <<x>>');
    expect(document.getBody().getTables()).toHaveLength(2);
    expect(cell.getParentTable()).toBe(table);
  });

  test('footnotes are references inside paragraphs, listed in document order, not part of the paragraph text', () => {
    const document = documentFromSpec(sampleTemplate());
    const footnotes = document.getFootnotes();
    expect(footnotes).toHaveLength(1);
    expect(footnotes[0]?.getFootnoteContents().getText()).toBe('Prepared at the request of <<client_name>>.');
    const paragraph = footnotes[0]?.getParent() as Paragraph;
    expect(paragraph.getText()).toBe('This proposal describes how we will help <<client_name>> deliver its next project.');
    expect(paragraph.getNumChildren()).toBe(2);
    expect(paragraph.getChild(1).getType()).toBe('FOOTNOTE');
  });

  test('the plain text lists header, body, footer and footnotes', () => {
    const text = documentPlainText(documentFromSpec(sampleTemplate()));
    expect(text.split('\n')[0]).toBe('Confidential — <<client_name>>');
    expect(text).toContain('Client\t<<client_name>>');
    expect(text.endsWith('[1] Prepared at the request of <<client_name>>.')).toBe(true);
  });

  test('a section always ends with a paragraph: removing its last one is refused, and clear() leaves one empty paragraph', () => {
    const document = documentFromSpec(sampleTemplate());
    const body = document.getBody();
    const count = body.getNumChildren();
    const last = body.getChild(count - 1);
    expect(() => last.removeFromParent()).toThrow("Can't remove the last paragraph in a document section.");
    expect(() => body.removeChild(last)).toThrow("Can't remove the last paragraph in a document section.");
    expect(body.getNumChildren()).toBe(count);
    body.getChild(count - 2).removeFromParent();
    expect(body.getNumChildren()).toBe(count - 1);

    const header = document.getHeader();
    header?.clear();
    expect(header?.getNumChildren()).toBe(1);
    expect(header?.getChild(0).getType()).toBe('PARAGRAPH');
    expect(header?.getText()).toBe('');
    expect(() => header?.getChild(0).removeFromParent()).toThrow(/last paragraph/);
  });
});

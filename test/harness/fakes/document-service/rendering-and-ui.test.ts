import {
  DocumentApp,
  Ui,
  documentFromSpec,
  renderDocumentHtml,
  type RecordedMenu,
  type ShownHtml,
} from '../../../../harness/fakes/document-service';
import { HtmlService } from '../../../../harness/fakes/html-service';
import { sampleTemplate } from '../../../../harness/sample-proposal-template';

describe('renderDocumentHtml', () => {
  test('renders sections, headings, lists, tables, formatting and footnotes, escaping all text', () => {
    const html = renderDocumentHtml(documentFromSpec(sampleTemplate()));
    expect(html).toMatch(
      /^<article class="doc-page"><header class="doc-header">.*<section class="doc-body">.*<footer class="doc-footer">.*<ol class="doc-footnotes">/,
    );
    expect(html).toContain('<h1><span>Proposal for &lt;&lt;client_name&gt;&gt;</span></h1>');
    expect(html).toContain('<span style="font-style:italic;color:#1a73e8">&lt;&lt;ai:intro&gt;&gt;</span>');
    expect(html).toMatch(/<ul class="doc-list"[^>]*><li[^>]*><span>Discovery workshops/);
    expect(html).toContain('<table class="doc-table">');
    expect(html).toContain('<sup class="doc-footnote-ref">1</sup>');
    expect(html).not.toContain('<<');
  });

  test('script in document text or attributes cannot reach the page', () => {
    const html = renderDocumentHtml(
      documentFromSpec({
        name: 'x',
        body: [
          {
            type: 'paragraph',
            runs: [
              { text: '<script>alert(1)</script>', foregroundColor: 'red;background:url(javascript:1)', linkUrl: 'javascript:alert(1)' },
            ],
          },
        ],
      }),
    );
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('javascript:');
    expect(html).not.toContain('url(');
  });
});

describe('DocumentApp and its Ui', () => {
  test('the active document, enums as names, and openById limited to known documents', () => {
    const document = documentFromSpec(sampleTemplate());
    const app = new DocumentApp({ activeDocument: () => document, ui: new Ui() });
    expect(app.getActiveDocument()).toBe(document);
    expect(app.openById(document.getId())).toBe(document);
    expect(() => app.openById('other')).toThrow(/Document other is missing/);
    expect([app.ElementType.PARAGRAPH, app.ParagraphHeading.HEADING1, app.Attribute.BOLD]).toEqual(['PARAGRAPH', 'HEADING1', 'BOLD']);
  });

  test('menus are recorded with their items, separators and submenus', () => {
    const menus: RecordedMenu[] = [];
    const ui = new Ui({ onMenu: (menu) => menus.push(menu) });
    ui.createAddonMenu()
      .addItem('Open sidebar', 'showSidebar')
      .addSeparator()
      .addSubMenu(ui.createMenu('More').addItem('Help', 'showHelp'))
      .addToUi();
    expect(menus).toEqual([
      {
        title: 'AI Template Fill',
        items: [
          { caption: 'Open sidebar', functionName: 'showSidebar' },
          { separator: true },
          { subMenu: { title: 'More', items: [{ caption: 'Help', functionName: 'showHelp' }] } },
        ],
      },
    ]);
    expect(() => ui.createMenu('x').addItem('No function', '')).toThrow(/functionName/);
  });

  test('sidebars, dialogs and alerts hand their HTML, title and requested size to the harness', () => {
    const shown: ShownHtml[] = [];
    const alerts: unknown[] = [];
    const ui = new Ui({ onShow: (page) => shown.push(page), onAlert: (alert) => alerts.push(alert) });
    const html = new HtmlService();
    ui.showSidebar(html.createHtmlOutput('<p>side</p>').setTitle('Side'));
    ui.showModalDialog(html.createHtmlOutput('<p>help</p>').setWidth(420).setHeight(240), 'Help');
    expect(shown).toEqual([
      { kind: 'sidebar', title: 'Side', html: '<p>side</p>', width: null, height: null },
      { kind: 'modal', title: 'Help', html: '<p>help</p>', width: 420, height: 240 },
    ]);
    expect(ui.alert('Saved')).toBe('OK');
    expect(ui.alert('Done', 'Filled 3 tags', ui.ButtonSet.OK)).toBe('OK');
    expect(alerts).toEqual([
      { title: '', message: 'Saved', buttons: 'OK' },
      { title: 'Done', message: 'Filled 3 tags', buttons: 'OK' },
    ]);
  });
});

import { fill, md, p, text } from './fidelity-helpers';

/** Tags in every tab are found and filled, not only in the first tab's body (Document.getBody). */
describe('fidelity: document tabs', () => {
  const template = {
    tabTitle: 'Proposal',
    body: [text('<<ai:intro>>')],
    firstPageHeader: [text('Cover for <<client>>')],
    evenPageFooter: [text('Even page — <<client>>')],
    childTabs: [{ title: 'Pricing', body: [text('Price for <<client>>'), text('<<ai:pricing>>')] }],
    tabs: [{ title: 'Appendix', header: [text('Appendix header <<client>>')], body: [text('Terms: <<ai:terms>>')] }],
  };

  test('the scan lists every tag with the tab it is in, child tabs and first-page and even-page sections included', () => {
    const { scan } = fill(template, {});
    expect(scan.aiTags).toEqual([
      { name: 'intro', count: 1, locations: [{ where: 'Proposal › Body, paragraph 1', tab: 'Proposal' }] },
      { name: 'pricing', count: 1, locations: [{ where: 'Pricing › Body, paragraph 2', tab: 'Pricing' }] },
      { name: 'terms', count: 1, locations: [{ where: 'Appendix › Body, paragraph 1', tab: 'Appendix' }] },
    ]);
    expect(scan.fields).toEqual([
      {
        name: 'client',
        count: 4,
        locations: [
          { where: 'Proposal › First-page or even-page header, paragraph 1', tab: 'Proposal' },
          { where: 'Proposal › First-page or even-page footer, paragraph 1', tab: 'Proposal' },
          { where: 'Pricing › Body, paragraph 1', tab: 'Pricing' },
          { where: 'Appendix › Header, paragraph 1', tab: 'Appendix' },
        ],
      },
    ]);
  });

  test('a fill writes into every tab and every header and footer variant', () => {
    const { summary, result } = fill(template, { intro: 'Hello.', pricing: md('**Ten** euros'), terms: 'Net 30' }, { client: 'Acme' });
    expect(summary).toEqual({ aiTagOccurrences: 3, fieldOccurrences: 4 });
    expect(result).toEqual({
      tabTitle: 'Proposal',
      body: [text('Hello.')],
      firstPageHeader: [text('Cover for Acme')],
      evenPageFooter: [text('Even page — Acme')],
      childTabs: [{ title: 'Pricing', body: [text('Price for Acme'), p({ text: 'Ten', bold: true }, { text: ' euros' })] }],
      tabs: [{ title: 'Appendix', header: [text('Appendix header Acme')], body: [text('Terms: Net 30')] }],
    });
  });
});

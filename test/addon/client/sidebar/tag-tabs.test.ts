import { tagTabs } from '../../../../addon/client/sidebar/tag-tabs';

describe('the tabs shown beside each AI tag', () => {
  it('names each tag’s tabs once, in document order, when tags are spread over several tabs', () => {
    const scan = {
      aiTags: [
        {
          name: 'intro',
          count: 2,
          locations: [
            { where: 'Proposal › Body, paragraph 1', tab: 'Proposal' },
            { where: 'Appendix › Header, paragraph 1', tab: 'Appendix' },
          ],
        },
        {
          name: 'terms',
          count: 2,
          locations: [
            { where: 'Appendix › Body, paragraph 1', tab: 'Appendix' },
            { where: 'Appendix › Body, paragraph 4', tab: 'Appendix' },
          ],
        },
      ],
      fields: [],
      problems: [],
    };
    expect(tagTabs(scan)).toEqual(
      new Map([
        ['intro', ['Proposal', 'Appendix']],
        ['terms', ['Appendix']],
      ]),
    );
  });

  it('names none when every tag is in the same tab', () => {
    const scan = {
      aiTags: [{ name: 'intro', count: 1, locations: [{ where: 'Body, paragraph 1', tab: 'Tab 1' }] }],
      fields: [],
      problems: [],
    };
    expect(tagTabs(scan)).toEqual(new Map([['intro', []]]));
  });
});

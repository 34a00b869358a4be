import { describeRatings, formatSatisfaction, topRated } from '../../../../addon/client/admin/dashboard/satisfaction';

const row = (key: string, up: number, down: number) => ({
  key,
  up,
  down,
  ratings: up + down,
  satisfaction: up + down === 0 ? null : up / (up + down),
});

describe('the satisfaction section of the usage dashboard', () => {
  it('keeps the most rated rows, labelled, and folds the rest into Others with its own share of 👍', () => {
    const rows = [row('openai:a', 5, 1), row('openai:b', 2, 2), row('openai:c', 1, 0), row('openai:d', 0, 1)];
    const items = topRated(rows, 2, (key) => key.toUpperCase());
    expect(items).toEqual([
      { key: 'openai:a', label: 'OPENAI:A', up: 5, down: 1, ratings: 6, satisfaction: 5 / 6, others: false },
      { key: 'openai:b', label: 'OPENAI:B', up: 2, down: 2, ratings: 4, satisfaction: 0.5, others: false },
      { key: 'Others', label: 'Others (2)', up: 1, down: 1, ratings: 2, satisfaction: 0.5, others: true },
    ]);
    // One row beyond the limit is shown by name rather than folded.
    expect(topRated(rows.slice(0, 3), 2).map((item) => item.key)).toEqual(['openai:a', 'openai:b', 'openai:c']);
  });

  it('writes the share of 👍, a dash when nothing was rated, and the counts', () => {
    expect(formatSatisfaction(0.75)).toBe('75%');
    expect(formatSatisfaction(0)).toBe('0%');
    expect(formatSatisfaction(null)).toBe('—');
    expect(describeRatings({ up: 9, down: 3, ratings: 12 })).toBe('12 ratings: 9 good, 3 poor');
    expect(describeRatings({ up: 1, down: 0, ratings: 1 })).toBe('1 rating: 1 good, 0 poor');
  });
});

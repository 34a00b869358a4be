import type { SatisfactionBreakdownRowView as SatisfactionBreakdownRow } from '../../../shared/usage-dashboard-api';
import { othersKey } from './aggregate';
import { formatCount, formatPercent } from './format';

/** What the satisfaction section derives from the server's ratings before drawing them. Pure, so unit tests reach it. */

export interface SatisfactionItem {
  key: string;
  label: string;
  up: number;
  down: number;
  ratings: number;
  /** up / ratings, 0..1; null when nothing was rated. */
  satisfaction: number | null;
  /** True for the row that folds everything beyond the top N. */
  others: boolean;
}

/** The `limit` most rated rows (the server's order), the rest folded into one "Others" row. */
export function topRated(
  rows: readonly SatisfactionBreakdownRow[],
  limit: number,
  label: (key: string) => string = (key) => key,
): SatisfactionItem[] {
  const item = (row: SatisfactionBreakdownRow): SatisfactionItem => ({ ...row, label: label(row.key), others: false });
  // Folding a single row into "Others" would hide a name to save nothing.
  if (rows.length <= limit + 1) return rows.map(item);
  const rest = rows.slice(limit);
  const up = rest.reduce((sum, row) => sum + row.up, 0);
  const down = rest.reduce((sum, row) => sum + row.down, 0);
  return [
    ...rows.slice(0, limit).map(item),
    {
      key: othersKey,
      label: `${othersKey} (${rest.length})`,
      up,
      down,
      ratings: up + down,
      satisfaction: up + down === 0 ? null : up / (up + down),
      others: true,
    },
  ];
}

/**
 * The share of 👍 as "75%", or "—" when nothing was rated (a made-up 0% would read as "everyone disliked it").
 * Words rather than the symbols in the figures: a computer without an emoji font still reads them.
 */
export function formatSatisfaction(satisfaction: number | null): string {
  return satisfaction === null ? '—' : formatPercent(satisfaction);
}

/** "12 ratings: 9 good, 3 poor". */
export function describeRatings(totals: { up: number; down: number; ratings: number }): string {
  return `${formatCount(totals.ratings)} ${totals.ratings === 1 ? 'rating' : 'ratings'}: ${formatCount(totals.up)} good, ${formatCount(totals.down)} poor`;
}

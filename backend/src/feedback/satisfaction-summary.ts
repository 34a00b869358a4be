import type { SatisfactionRow } from './tag-feedback';

/** Ratings of one group: 👍 and 👎 counts and the share of 👍 (null with no rating, rather than a made-up 0). */
export interface SatisfactionTotals {
  up: number;
  down: number;
  ratings: number;
  /** up / ratings, 0..1; null when nothing was rated. */
  satisfaction: number | null;
}

export interface SatisfactionBreakdownRow extends SatisfactionTotals {
  key: string;
}

/** Keys are the usage summary's, so a model's, provider's, template's or tag's row sits beside its usage row. */
export interface SatisfactionSummary {
  totals: SatisfactionTotals;
  /** Every day from `from` to `to`, ascending, days without ratings included (by the day the fill ran). */
  byDay: SatisfactionBreakdownRow[];
  /** Keyed `${provider}:${model}`. */
  byModel: SatisfactionBreakdownRow[];
  byProvider: SatisfactionBreakdownRow[];
  /** Keyed by template (document) id, or '(none)'. */
  byTemplate: SatisfactionBreakdownRow[];
  byTag: SatisfactionBreakdownRow[];
}

const noneKey = '(none)';
const millisecondsPerDay = 86_400_000;

interface Counts {
  up: number;
  down: number;
}

function totalsOf(counts: Counts): SatisfactionTotals {
  const ratings = counts.up + counts.down;
  return { up: counts.up, down: counts.down, ratings, satisfaction: ratings === 0 ? null : counts.up / ratings };
}

function count(groups: Map<string, Counts>, key: string, row: SatisfactionRow): void {
  let counts = groups.get(key);
  if (!counts) {
    counts = { up: 0, down: 0 };
    groups.set(key, counts);
  }
  counts[row.rating] += 1;
}

/** Most rated first, then by key in code-unit order, so the order is the same on every server. */
function sorted(groups: Map<string, Counts>): SatisfactionBreakdownRow[] {
  return [...groups]
    .map(([key, counts]) => ({ key, ...totalsOf(counts) }))
    .sort((left, right) => right.ratings - left.ratings || (left.key < right.key ? -1 : left.key > right.key ? 1 : 0));
}

function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let time = Date.parse(`${from}T00:00:00Z`); time <= end; time += millisecondsPerDay)
    days.push(new Date(time).toISOString().slice(0, 10));
  return days;
}

/** Counts the ratings of fills from `from` to `to` (UTC days, inclusive); ratings of other days are left out. */
export function summariseSatisfaction(rows: Iterable<SatisfactionRow>, period: { from: string; to: string }): SatisfactionSummary {
  const days = daysBetween(period.from, period.to);
  const totals: Counts = { up: 0, down: 0 };
  const byDay = new Map<string, Counts>(days.map((day) => [day, { up: 0, down: 0 }]));
  const byModel = new Map<string, Counts>();
  const byProvider = new Map<string, Counts>();
  const byTemplate = new Map<string, Counts>();
  const byTag = new Map<string, Counts>();
  for (const row of rows) {
    const day = byDay.get(row.day);
    if (!day) continue;
    totals[row.rating] += 1;
    day[row.rating] += 1;
    count(byModel, row.provider && row.model ? `${row.provider}:${row.model}` : noneKey, row);
    count(byProvider, row.provider ?? noneKey, row);
    count(byTemplate, row.templateId ?? noneKey, row);
    count(byTag, row.tag, row);
  }
  return {
    totals: totalsOf(totals),
    byDay: days.map((day) => ({ key: day, ...totalsOf(byDay.get(day) ?? { up: 0, down: 0 }) })),
    byModel: sorted(byModel),
    byProvider: sorted(byProvider),
    byTemplate: sorted(byTemplate),
    byTag: sorted(byTag),
  };
}

import type { CostReportKind } from '../../../contracts/reports';

/** A span of UTC days, both ends included, written YYYY-MM-DD. */
export interface ReportPeriod {
  from: string;
  to: string;
}

const dayMs = 86_400_000;
const dayOf = (time: number) => new Date(time).toISOString().slice(0, 10);

/**
 * The last complete period of a kind at `at`, and the one before it to compare with: yesterday and the day
 * before (UTC), or last ISO week (Monday to Sunday, UTC) and the week before.
 */
export function reportPeriodsAt(kind: CostReportKind, at: Date): { current: ReportPeriod; previous: ReportPeriod } {
  const today = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  if (kind === 'daily') {
    return {
      current: { from: dayOf(today - dayMs), to: dayOf(today - dayMs) },
      previous: { from: dayOf(today - 2 * dayMs), to: dayOf(today - 2 * dayMs) },
    };
  }
  // getUTCDay: 0 is Sunday; days since this week's Monday.
  const sinceMonday = (new Date(today).getUTCDay() + 6) % 7;
  const thisMonday = today - sinceMonday * dayMs;
  return {
    current: { from: dayOf(thisMonday - 7 * dayMs), to: dayOf(thisMonday - dayMs) },
    previous: { from: dayOf(thisMonday - 14 * dayMs), to: dayOf(thisMonday - 8 * dayMs) },
  };
}

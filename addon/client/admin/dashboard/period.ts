/** The period picker's choices, as UTC days (the backend counts usage by UTC day). Pure. */

export type PeriodPreset = 'last7' | 'last30' | 'last90' | 'thisMonth' | 'custom';

export const periodPresets: { id: PeriodPreset; label: string }[] = [
  { id: 'last7', label: 'Last 7 days' },
  { id: 'last30', label: 'Last 30 days' },
  { id: 'last90', label: 'Last 90 days' },
  { id: 'thisMonth', label: 'This month' },
  { id: 'custom', label: 'Custom' },
];

export interface Period {
  from: string;
  to: string;
}

/** The backend refuses longer periods. */
export const maxPeriodDays = 366;

const dayPattern = /^\d{4}-\d{2}-\d{2}$/;
const millisecondsPerDay = 86_400_000;

export function utcDay(time: Date): string {
  return time.toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return utcDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * millisecondsPerDay));
}

export function isDay(text: string): boolean {
  return dayPattern.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) && utcDay(new Date(`${text}T00:00:00Z`)) === text;
}

/** Days from `from` to `to`, both included. */
export function periodLength(period: Period): number {
  return Math.round((Date.parse(`${period.to}T00:00:00Z`) - Date.parse(`${period.from}T00:00:00Z`)) / millisecondsPerDay) + 1;
}

/** The period a preset stands for on `today` (a UTC day); "last 7 days" ends today and includes it. */
export function presetPeriod(preset: Exclude<PeriodPreset, 'custom'>, today: string): Period {
  switch (preset) {
    case 'last7':
      return { from: addDays(today, -6), to: today };
    case 'last30':
      return { from: addDays(today, -29), to: today };
    case 'last90':
      return { from: addDays(today, -89), to: today };
    case 'thisMonth':
      return { from: `${today.slice(0, 8)}01`, to: today };
  }
}

/** A custom period, or what is wrong with it in words for the page. */
export function customPeriod(from: string, to: string): Period | { problem: string } {
  if (!isDay(from) || !isDay(to)) return { problem: 'Choose both the first and the last day.' };
  if (from > to) return { problem: 'The first day is after the last; swap them.' };
  if (periodLength({ from, to }) > maxPeriodDays) return { problem: `A period is at most ${maxPeriodDays} days; choose a shorter one.` };
  return { from, to };
}

import type { SatisfactionRow } from './tag-feedback';

/**
 * One document per UTC day with ratings, `orgs/{orgId}/feedbackDays/{day}`, holding two things written apart:
 * - `changedAt`: set (blindly, in the same batch as the rating) by every rating of a fill of that day;
 * - `packed` and `builtFrom`: that day's ratings, packed by the first summary that needed them.
 *
 * A rating can change at any time after its day (unlike usage records, which never change once written), so a
 * packed day is used only while no rating of the day changed since: the packing read started at `builtFrom`, and
 * it is trusted when that was at least `rollupSettleMs` after the last `changedAt`. The margin covers a rating
 * whose batch commits a little after its `changedAt` was taken and the clocks of different instances. Nothing
 * is read back before a rating is written, so two people rating at once cannot lose a count, and a day without a
 * document has no ratings at all: a summary reads one document per day with ratings, plus the ratings of the
 * days that changed lately.
 */
export const rollupSettleMs = 2 * 60_000;
export const feedbackRollupFormat = 1;
/** Beyond this many ratings in a day, the day is read rating by rating: a packed day stays far below 1 MiB. */
export const maximumPackedRows = 10_000;

export interface FeedbackDayDocument {
  day: string;
  changedAt?: Date;
  format?: number;
  builtFrom?: Date;
  /** JSON: { texts: string[], rows: number[][] }, every column an index into `texts`, ratings as 1 (up) or 0. */
  packed?: string;
}

const textColumns = ['userId', 'templateId', 'provider', 'model', 'tag'] as const;

/** The day's packed ratings when they are still its ratings; undefined when the day must be read again. */
export function currentRows(document: FeedbackDayDocument): SatisfactionRow[] | undefined {
  if (document.format !== feedbackRollupFormat || document.packed === undefined || !document.builtFrom) return undefined;
  const changedAt = document.changedAt?.getTime() ?? 0;
  if (document.builtFrom.getTime() - changedAt < rollupSettleMs) return undefined;
  return unpack(document.day, document.packed);
}

/** Whether a packing whose read starts at `readFrom` will be trusted (see {@link currentRows}). */
export function worthPacking(document: FeedbackDayDocument, readFrom: Date): boolean {
  return readFrom.getTime() - (document.changedAt?.getTime() ?? 0) >= rollupSettleMs;
}

export function pack(rows: readonly SatisfactionRow[]): string {
  const texts: string[] = [];
  const indexes = new Map<string, number>();
  const indexOf = (value: string | null) => {
    if (value === null) return -1;
    let index = indexes.get(value);
    if (index === undefined) {
      index = texts.length;
      texts.push(value);
      indexes.set(value, index);
    }
    return index;
  };
  const packed = rows.map((row) => [...textColumns.map((column) => indexOf(row[column])), row.rating === 'up' ? 1 : 0]);
  return JSON.stringify({ texts, rows: packed });
}

function unpack(day: string, packed: string): SatisfactionRow[] {
  const { texts, rows } = JSON.parse(packed) as { texts: string[]; rows: number[][] };
  const text = (index: number | undefined) => (index === undefined || index < 0 ? null : (texts[index] ?? null));
  return rows.map((cells) => ({
    day,
    userId: text(cells[0]) ?? '',
    templateId: text(cells[1]),
    provider: text(cells[2]),
    model: text(cells[3]),
    tag: text(cells[4]) ?? '',
    rating: cells[5] === 1 ? 'up' : 'down',
  }));
}

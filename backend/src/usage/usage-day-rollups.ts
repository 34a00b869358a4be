import type { UsageRow } from './usage-summary';

/**
 * A closed UTC day's summary rows, packed into a few documents: `orgs/{orgId}/usageDays/{day}-{part}`.
 *
 * A 30-day summary over 10,000 records otherwise reads 10,000 documents (each one a billed read on Firestore,
 * and about 0.3 ms apiece on the emulator, which ignores projections). Usage records are never changed once
 * written and a day's records are all written within seconds of their request, so once a day is over (plus
 * a grace period for usage writers still flushing) its rows are final: the first summary that needs the day
 * packs them, and later summaries read 30 small documents and only today's records.
 */

/** How long after a UTC day ends its usage is taken as final. Writers flush within seconds; this is ample. */
const rollupGraceMs = 2 * 3_600_000;
/** Rows per document: about 120 bytes each packed, well inside Firestore's 1 MiB per document. */
export const rollupPartRows = 4000;
export const rollupFormat = 1;

const millisecondsPerDay = 86_400_000;

/** Packed per row, in this order; the day is the document's. */
const columns = [
  'userId',
  'templateId',
  'tag',
  'requestId',
  'attempt',
  'provider',
  'servedModel',
  'inputTokens',
  'cachedInputTokens',
  'outputTokens',
  'costNanoDollars',
  'latencyMs',
  'cached',
  'status',
] as const;
const textColumns = new Set<string>(['userId', 'templateId', 'tag', 'requestId', 'provider', 'servedModel', 'status']);

export interface RollupDocument {
  format: number;
  day: string;
  part: number;
  parts: number;
  /** Rows in the whole day (every part). */
  dayRows: number;
  /** JSON: { texts: string[], rows: (number | null)[][] }, text columns as indexes into `texts`. */
  packed: string;
  builtAt: Date;
}

export function isClosedDay(day: string, now: Date): boolean {
  return Date.parse(`${day}T00:00:00Z`) + millisecondsPerDay + rollupGraceMs <= now.getTime();
}

function pack(rows: readonly UsageRow[]): string {
  const texts: string[] = [];
  const indexes = new Map<string, number>();
  const textIndex = (value: string) => {
    let index = indexes.get(value);
    if (index === undefined) {
      index = texts.length;
      texts.push(value);
      indexes.set(value, index);
    }
    return index;
  };
  const packed = rows.map((row) =>
    columns.map((column) => {
      const value = row[column];
      if (value === null || value === undefined) return null;
      if (textColumns.has(column)) return textIndex(String(value));
      if (column === 'cached') return value ? 1 : 0;
      return Number(value);
    }),
  );
  return JSON.stringify({ texts, rows: packed });
}

export function unpack(document: Pick<RollupDocument, 'packed' | 'day'>): UsageRow[] {
  const { texts, rows } = JSON.parse(document.packed) as { texts: string[]; rows: (number | null)[][] };
  return rows.map((cells) => {
    const row: Record<string, unknown> = { day: document.day };
    columns.forEach((column, index) => {
      const cell = cells[index] ?? null;
      if (textColumns.has(column)) row[column] = cell === null ? null : texts[cell];
      else if (column === 'cached') row[column] = cell === 1;
      else row[column] = cell ?? 0;
    });
    return row as unknown as UsageRow;
  });
}

/** The documents holding one closed day's rows (at least one, so an empty day is not read again). */
export function rollupDocuments(day: string, rows: readonly UsageRow[], builtAt: Date): RollupDocument[] {
  const parts = Math.max(1, Math.ceil(rows.length / rollupPartRows));
  return Array.from({ length: parts }, (_, part) => ({
    format: rollupFormat,
    day,
    part,
    parts,
    dayRows: rows.length,
    packed: pack(rows.slice(part * rollupPartRows, (part + 1) * rollupPartRows)),
    builtAt,
  }));
}

import { cellOf, type SheetRow } from './sheet-table';

/**
 * What identifies a sheet row within a run: the values of the columns the run maps, not the row number. A row
 * number changes when someone inserts or sorts rows while the run works, and the link would then land in another
 * row; the mapped values are what the document is made of, so they are its identity. Rows with the same mapped
 * values are told apart by their order (the second such row is `…-2`). The key is a hash, so it stays within the
 * backend's 500 characters however long the cells are; the row number travels beside it as the sourceReference,
 * and the write-back checks that the row there still has the key (see sheet-write-back.ts).
 */
export function recordKeysOf(rows: readonly SheetRow[], mappedColumns: readonly number[]): string[] {
  const seen = new Map<string, number>();
  return rows.map((row) => {
    const hash = rowHash(row, mappedColumns);
    const occurrence = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, occurrence);
    return `row-${hash}-${occurrence}`;
  });
}

export function rowHash(row: SheetRow, mappedColumns: readonly number[]): string {
  return hash53(JSON.stringify(mappedColumns.map((column) => cellOf(row, column))));
}

/** cyrb53: a fast 53-bit string hash (public domain), enough to tell a sheet's rows apart; not for secrets. */
function hash53(text: string): string {
  let first = 0xdeadbeef;
  let second = 0x41c6ce57;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    first = Math.imul(first ^ code, 2654435761);
    second = Math.imul(second ^ code, 1597334677);
  }
  first = Math.imul(first ^ (first >>> 16), 2246822507) ^ Math.imul(second ^ (second >>> 13), 3266489909);
  second = Math.imul(second ^ (second >>> 16), 2246822507) ^ Math.imul(first ^ (first >>> 13), 3266489909);
  return (4294967296 * (2097151 & second) + (first >>> 0)).toString(16).padStart(14, '0');
}

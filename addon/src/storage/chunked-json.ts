/**
 * Apps Script limits a property value to 9 KB, so larger JSON is stored in numbered chunks under one key
 * prefix. A chunk holds at most 2,250 characters: 9,000 bytes even if every character takes four in UTF-8.
 */
export const maximumChunkCharacters = 2250;

export function chunkKey(prefix: string, index: number): string {
  return `${prefix}#${index}`;
}

export function countKey(prefix: string): string {
  return `${prefix}#count`;
}

/** The properties to set for `value`; chunks left over from a longer earlier value are listed to delete. */
export function chunkedProperties(
  prefix: string,
  value: unknown,
  previousCount: number,
): { set: Record<string, string>; remove: string[] } {
  const text = JSON.stringify(value);
  const set: Record<string, string> = {};
  let count = 0;
  let start = 0;
  while (start < text.length) {
    // Never split a surrogate pair: each chunk must be valid text on its own.
    let end = Math.min(start + maximumChunkCharacters, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    set[chunkKey(prefix, count)] = text.slice(start, end);
    count += 1;
    start = end;
  }
  set[countKey(prefix)] = String(count);
  const remove: string[] = [];
  for (let index = count; index < previousCount; index += 1) remove.push(chunkKey(prefix, index));
  return { set, remove };
}

/** Reassembles a chunked value; anything missing or unreadable reads as `fallback`, never as an error. */
export function readChunked<Value>(prefix: string, read: (key: string) => string | null, fallback: Value): Value {
  const count = Number(read(countKey(prefix)) ?? '0');
  if (!Number.isInteger(count) || count <= 0) return fallback;
  let text = '';
  for (let index = 0; index < count; index += 1) {
    const chunk = read(chunkKey(prefix, index));
    if (chunk === null) return fallback;
    text += chunk;
  }
  try {
    return JSON.parse(text) as Value;
  } catch {
    return fallback;
  }
}

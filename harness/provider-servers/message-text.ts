/**
 * Pulls plain text out of the loosely typed JSON bodies the SDKs send. Every provider lets a
 * message be either a string or a list of typed parts, so the walk is shared.
 */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function stringField(record: unknown, name: string): string | undefined {
  if (!isRecord(record)) return undefined;
  const value = record[name];
  return typeof value === 'string' ? value : undefined;
}

export function numberField(record: unknown, name: string): number | undefined {
  if (!isRecord(record)) return undefined;
  const value = record[name];
  return typeof value === 'number' ? value : undefined;
}

export function arrayField(record: unknown, name: string): unknown[] {
  if (!isRecord(record)) return [];
  const value = record[name];
  return Array.isArray(value) ? value : [];
}

/** A string, or the `text` of every part in an array of parts, joined without separators. */
export function textOfContent(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => stringField(part, 'text') ?? '').join('');
}

/** A date read from a document field: a Firestore Timestamp (or a Date) as a Date, anything else as null. */
export function dateOf(value: unknown): Date | null {
  if (value instanceof Date) return value;
  return value && typeof (value as { toDate?: unknown }).toDate === 'function' ? (value as { toDate(): Date }).toDate() : null;
}

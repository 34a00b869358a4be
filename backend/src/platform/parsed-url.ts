/** The URL `value` spells, or undefined when it is not one (never throws: zod refinements run even after a failed URL check). */
export function parsedUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

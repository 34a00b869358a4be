/** SPEC.md section 3: a letter, then letters, digits, `_`, `-`, `.`; at most 64 characters; case-sensitive. */
export const tagNamePattern = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

export function isValidTagName(name: string): boolean {
  return tagNamePattern.test(name);
}

/** `{{name}}` references inside a prompt. */
const fieldReference = /\{\{\s*([A-Za-z][A-Za-z0-9_.-]{0,63})\s*\}\}/g;

export function fieldsReferencedBy(prompt: string): string[] {
  return [...new Set([...prompt.matchAll(fieldReference)].map((match) => match[1] as string))];
}

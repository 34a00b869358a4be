const fieldReference = /\{\{\s*([A-Za-z][A-Za-z0-9_.-]{0,63})\s*\}\}/g;

/** Names of the fields a prompt references, in order of first use. */
export function referencedFields(prompt: string): string[] {
  return [...new Set([...prompt.matchAll(fieldReference)].map((match) => match[1] as string))];
}

/**
 * Replaces `{{name}}` with the field's value in a single pass, so a value that itself contains `{{other}}` or
 * `<<ai:x>>` is inserted literally and never expanded.
 */
export function renderPrompt(prompt: string, fieldValues: Readonly<Record<string, string>>): string {
  return prompt.replace(fieldReference, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(fieldValues, name) ? (fieldValues[name] as string) : whole,
  );
}

import type { z } from 'zod';
import { badRequest } from './problem';

/**
 * What no schema should have to think about: keys that reach object prototypes, and strings that are not
 * well-formed Unicode (a lone surrogate cannot be stored or encoded and would fail deep in Firestore).
 */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function isWellFormed(text: string): boolean {
  return !loneSurrogate.test(text);
}

function findUnsafeInput(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'string')
    return isWellFormed(value) ? undefined : `${path || 'the value'}: contains a broken character (a lone UTF-16 surrogate)`;
  if (value === null || typeof value !== 'object' || depth > 64) return undefined;
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    if (key === '__proto__' || !isWellFormed(key))
      return `${path ? `${path}.` : ''}${isWellFormed(key) ? key : '(key)'}: this key is not allowed`;
    const found = findUnsafeInput(inner, path ? `${path}.${key}` : key, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** Validates input against a schema and turns every issue into one 400 that lists what to fix. */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown, where: string): z.infer<Schema> {
  const unsafe = findUnsafeInput(input, '');
  if (unsafe) return failWith(`The ${where} is not valid: ${unsafe}`, [{ path: '', message: unsafe }]);
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  const summary = issues
    .slice(0, 5)
    .map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message))
    .join('; ');
  return failWith(`The ${where} is not valid: ${summary}`, issues);
}

function failWith(detail: string, issues: { path: string; message: string }[]): never {
  throw badRequest(detail, { issues });
}

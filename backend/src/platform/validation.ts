import type { z } from 'zod';
import { badRequest } from './problem';

/** Validates input against a schema and turns every issue into one 400 that lists what to fix. */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown, where: string): z.infer<Schema> {
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

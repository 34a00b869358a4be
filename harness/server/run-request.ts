import { z } from 'zod';

/** What the page's google.script.run shim posts: one function of the bundle and its arguments. */
export const runRequest = z.object({
  functionName: z
    .string()
    .regex(/^[A-Za-z_$][\w$]*$/, 'functionName must be a JavaScript identifier')
    // Apps Script hides functions ending in "_" from google.script.run.
    .refine((name) => !name.endsWith('_'), 'functions whose names end in "_" are private to the script'),
  args: z.array(z.unknown()).default([]),
});

export type RunRequest = z.infer<typeof runRequest>;

export interface RunReply {
  ok: boolean;
  value?: unknown;
  error?: { name: string; message: string };
}

export function failureReply(error: unknown): RunReply {
  if (error instanceof Error) return { ok: false, error: { name: error.name || 'Error', message: error.message } };
  return { ok: false, error: { name: 'Error', message: String(error) } };
}

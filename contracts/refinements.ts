import { z } from 'zod';
import { outputFormats } from './common';
import { feedbackParams } from './fills';
import { tagConfigurationSchema } from './templates';

/** The quick choices the sidebar offers; any other instruction is free text. */
export const quickRefinements = ['Shorter', 'Longer', 'More formal', 'Simpler'] as const;

/** POST /v1/fills/{fillId}/tags/{tag}/refinements: the fill and tag whose text is rewritten. */
export const refinementParams = feedbackParams;

/** The most text a refinement rewrites: a tag's answer is well under this. */
export const maximumRefinedTextCharacters = 50_000;

/**
 * One rewrite of a tag's text with an instruction ("Shorter", "More formal", free text). The text to rewrite is
 * the version the person sees (the fill's, or an earlier refinement's); the tag's model and output format come
 * from its configuration (the unsaved one the fill used, else the saved one), and its prompt, with these field values, tells the model what the text is for.
 */
export const refinementRequest = z.strictObject({
  previousText: z
    .string()
    .trim()
    .min(1, 'give the text to rewrite (previousText)')
    .max(maximumRefinedTextCharacters, `the text to rewrite is at most ${maximumRefinedTextCharacters} characters`),
  instruction: z
    .string()
    .trim()
    .min(1, 'say how to change the text (instruction), for example "Shorter" or "More formal"')
    .max(500, 'an instruction is at most 500 characters'),
  fieldValues: z.record(z.string().max(100), z.string().max(10_000)).default({}),
  /** The tag's configuration as the fill used it, when it was not saved yet (as a fill request carries it); else the saved one. */
  configuration: tagConfigurationSchema.optional(),
});
export type RefinementRequest = z.input<typeof refinementRequest>;

/** The rewritten text, written in the tag's output format, and what it cost. */
export const refinementResponse = z.object({
  fillId: z.string(),
  tag: z.string(),
  refinementId: z.string(),
  text: z.string(),
  outputFormat: z.enum(outputFormats),
  provider: z.string(),
  model: z.string(),
  /** US dollars, every billed attempt included. */
  cost: z.number(),
  warnings: z.array(z.string()),
});
export type RefinementResponse = z.infer<typeof refinementResponse>;

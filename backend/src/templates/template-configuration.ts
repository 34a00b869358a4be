import { z } from 'zod';
import { carriedName, isReservedId } from '../platform/http/common-schemas';
import { complexities } from '../ai/models/model-catalog';
import { providerIds, type ProviderId } from '../ai/providers/provider-adapter';

/** Tag and field names as SPEC.md section 3 defines them. */
export const tagNamePattern = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
export const tagName = z
  .string()
  .regex(tagNamePattern, 'a name starts with a letter, then letters, digits, _ - . (at most 64)')
  .refine((name) => !isReservedId(name), 'this name is reserved; choose another');

/** One AI tag's configuration (SPEC.md section 4). Absent provider and model mean "organisation default". */
export const tagConfigurationSchema = z.strictObject({
  prompt: z.string().trim().min(1, 'write a prompt for this tag').max(20_000),
  /** The fields the prompt uses; derived from its {{field}} references when the author does not list them. */
  fields: z.array(tagName).max(100).default([]),
  provider: z.enum(providerIds as [ProviderId, ...ProviderId[]]).optional(),
  model: z.string().min(1).max(200).optional(),
  complexity: z.enum(complexities).optional(),
  temperature: z.number().min(0).max(2).optional(),
  maxOutputTokens: z.number().int().min(1).max(200_000).optional(),
  tokenLimitJustification: z.string().min(1).max(100).optional(),
  outputFormat: z.enum(['plain', 'markdown']).default('plain'),
  fallbackText: z.string().max(20_000).optional(),
  useDocumentText: z.boolean().default(false),
});

export type TagConfiguration = z.infer<typeof tagConfigurationSchema>;

export const templateContentSchema = z.strictObject({
  /** The document's title as the add-on sends it, less control and bidirectional-override characters. */
  name: carriedName(500).default(''),
  tags: z.record(tagName, tagConfigurationSchema).refine((tags) => Object.keys(tags).length <= 200, 'a template has at most 200 AI tags'),
});

export type TemplateContent = z.infer<typeof templateContentSchema>;

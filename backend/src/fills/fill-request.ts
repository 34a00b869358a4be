import { z } from 'zod';

/** Tag and field names as SPEC.md section 3 defines them. */
export const tagNamePattern = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

const tagName = z.string().regex(tagNamePattern, 'a name starts with a letter, then letters, digits, _ - . (at most 64)');

export const fillRequestSchema = z.strictObject({
  documentId: z.string().min(1).max(200),
  documentName: z.string().max(500).optional(),
  fieldValues: z.record(tagName, z.string().max(20_000)).default({}),
  tags: z
    .array(
      z.strictObject({
        name: tagName,
        prompt: z.string().max(20_000),
        model: z.string().min(1).max(200).optional(),
        temperature: z.number().min(0).max(2).optional(),
        maxOutputTokens: z.number().int().min(1).max(32_000).optional(),
        fallbackText: z.string().max(20_000).optional(),
      }),
    )
    .min(1, 'send at least one AI tag')
    .max(100, 'a fill has at most 100 AI tags'),
});

export type FillRequest = z.infer<typeof fillRequestSchema>;
export type TagRequest = FillRequest['tags'][number];

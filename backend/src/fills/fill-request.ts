import { z } from 'zod';
import { complexities } from '../ai/models/model-catalog';
import { providerIds, type ProviderId } from '../ai/providers/provider-adapter';

/** Tag and field names as SPEC.md section 3 defines them. */
export const tagNamePattern = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

const tagName = z.string().regex(tagNamePattern, 'a name starts with a letter, then letters, digits, _ - . (at most 64)');

export const fillRequestSchema = z.strictObject({
  documentId: z.string().min(1).max(200),
  documentName: z.string().max(500).optional(),
  fieldValues: z.record(tagName, z.string().max(20_000)).default({}),
  /** The document's text, sent when at least one tag uses it as context. */
  documentText: z.string().max(1_000_000).optional(),
  tags: z
    .array(
      z.strictObject({
        name: tagName,
        prompt: z.string().max(20_000),
        provider: z.enum(providerIds as [ProviderId, ...ProviderId[]]).optional(),
        model: z.string().min(1).max(200).optional(),
        complexity: z.enum(complexities).optional(),
        outputFormat: z.enum(['plain', 'markdown']).optional(),
        temperature: z.number().min(0).max(2).optional(),
        maxOutputTokens: z.number().int().min(1).max(200_000).optional(),
        tokenLimitJustification: z.string().min(1).max(100).optional(),
        fallbackText: z.string().max(20_000).optional(),
        useDocumentText: z.boolean().optional(),
        /** Regenerate: skip the cached answer. */
        regenerate: z.boolean().optional(),
      }),
    )
    .min(1, 'send at least one AI tag')
    .max(100, 'a fill has at most 100 AI tags'),
});

export type FillRequest = z.infer<typeof fillRequestSchema>;
export type TagRequest = FillRequest['tags'][number];

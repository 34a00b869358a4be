import { z } from 'zod';
import { carriedName, complexities, identifier, isReservedId, outputFormats, providerId } from './common';

/** Tag and field names as SPEC.md section 3 defines them. */
export const tagNamePattern = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
export const tagName = z
  .string()
  .regex(tagNamePattern, 'a name starts with a letter, then letters, digits, _ - . (at most 64)')
  .refine((name) => !isReservedId(name), 'this name is reserved; choose another');

/** The longest an answer may be kept in the response cache: 30 days, as for the organisation's own TTL. */
export const maximumCacheTtlSeconds = 30 * 24 * 3600;

/**
 * How long the response cache may answer a tag's prompt again, in whole seconds; 0 never serves it from the
 * cache (a prompt that depends on today's date). Absent: the template's default, else the organisation's.
 */
export const cacheTtlSeconds = z
  .number({ error: 'the cache lifetime is a number of seconds' })
  .int('the cache lifetime is a whole number of seconds')
  .min(0, 'the cache lifetime cannot be negative; 0 means never cache')
  .max(maximumCacheTtlSeconds, `the cache lifetime is at most ${maximumCacheTtlSeconds} seconds (30 days)`);

/** One AI tag's configuration (SPEC.md section 4). Absent provider and model mean "organisation default". */
export const tagConfigurationSchema = z.strictObject({
  prompt: z.string().trim().min(1, 'write a prompt for this tag').max(20_000),
  /** The fields the prompt uses; derived from its {{field}} references when the author does not list them. */
  fields: z.array(tagName).max(100).default([]),
  provider: providerId.optional(),
  model: z.string().min(1).max(200).optional(),
  /**
   * Which of the organisation's connections to the tag's provider it uses, when there are several (two
   * OpenAI-compatible servers); absent: the provider's first. Checked on save against GET /v1/models' connections.
   */
  connectionId: identifier.optional(),
  complexity: z.enum(complexities).optional(),
  temperature: z.number().min(0).max(2).optional(),
  maxOutputTokens: z.number().int().min(1).max(200_000).optional(),
  tokenLimitJustification: z.string().min(1).max(100).optional(),
  outputFormat: z.enum(outputFormats).default('plain'),
  fallbackText: z.string().max(20_000).optional(),
  useDocumentText: z.boolean().default(false),
  /** Overrides the template's default cache lifetime for this tag; 0: never answered from the cache. */
  cacheTtlSeconds: cacheTtlSeconds.optional(),
});
/** As stored and answered: every defaulted member present. */
export type TagConfiguration = z.infer<typeof tagConfigurationSchema>;
/** As a client may send it: defaulted members may be left out. */
export type TagConfigurationInput = z.input<typeof tagConfigurationSchema>;

export const templateContentSchema = z.strictObject({
  /** The document's title as the add-on sends it, less control and bidirectional-override characters. */
  name: carriedName(500).default(''),
  tags: z.record(tagName, tagConfigurationSchema).refine((tags) => Object.keys(tags).length <= 200, 'a template has at most 200 AI tags'),
  /** The cache lifetime of every tag that sets none of its own; absent: the organisation's. */
  cacheTtlSeconds: cacheTtlSeconds.optional(),
});
export type TemplateContent = z.infer<typeof templateContentSchema>;

export const documentParams = z.strictObject({ documentId: identifier });

/** PUT /v1/templates/{documentId}: saved on top of `baseVersion` (0 for the first save), or 409. */
export const templateSave = z.strictObject({ baseVersion: z.number().int().min(0), template: templateContentSchema });
export type TemplateSave = z.input<typeof templateSave>;

/** POST /v1/templates/{documentId}/copies. */
export const templateCopy = z.strictObject({ copyDocumentId: identifier });

/** GET /v1/templates/{documentId}/versions. */
export const templateVersionsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  before: z.coerce.number().int().min(1).optional(),
});

/** A document's configuration: its own, or (inherited) the template's it was copied from through the add-on. */
export const templateView = z.object({
  documentId: z.string(),
  templateId: z.string(),
  inherited: z.boolean(),
  version: z.number().int(),
  name: z.string(),
  tags: z.record(z.string(), tagConfigurationSchema),
  /** The template's default cache lifetime for its tags; absent: the organisation's. */
  cacheTtlSeconds: z.number().int().optional(),
  usageCount: z.number().int(),
  lastUsedAt: z.string().nullable(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
});
export type TemplateView = z.infer<typeof templateView>;

export const templateSummaryView = z.object({
  documentId: z.string(),
  /** The template a copy (made through the add-on) takes its configuration from; null for a template. */
  copiedFrom: z.string().nullable(),
  name: z.string(),
  version: z.number().int(),
  tagCount: z.number().int(),
  usageCount: z.number().int(),
  lastUsedAt: z.string().nullable(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
});

/** GET /v1/templates. */
export const templateListResponse = z.object({ templates: z.array(templateSummaryView), next: z.string().optional() });
export type TemplateListResponse = z.infer<typeof templateListResponse>;

export const templateVersionView = z.object({
  version: z.number().int(),
  updatedAt: z.string(),
  updatedBy: z.string(),
  name: z.string(),
  tags: z.record(z.string(), tagConfigurationSchema),
  cacheTtlSeconds: z.number().int().optional(),
});

/** GET /v1/templates/{documentId}/versions: newest first. */
export const templateVersionsResponse = z.object({ versions: z.array(templateVersionView) });

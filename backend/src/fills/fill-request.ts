import { z } from 'zod';
import { carriedName, identifier } from '../platform/http/common-schemas';

/**
 * The most document text a fill carries: the context step shortens it to the organisation's context budget
 * anyway, and at up to 3 bytes a character it stays within the default body limit (JSON_BODY_LIMIT, 1 MB).
 * The add-on sends the same amount (addon/src/fill/fill-request.ts).
 */
export const maximumDocumentTextCharacters = 200_000;
import { tagConfigurationSchema, tagName, type TagConfiguration } from '../templates/template-configuration';

/** The longest a fill request or poll is held open: Apps Script gives up on a request after about 45-60 s. */
const maxWaitSeconds = 40;
export const waitSecondsSchema = z.coerce.number().int().min(0).max(maxWaitSeconds);

export const fillRequestSchema = z
  .strictObject({
    /** Chosen by the add-on so the sidebar can poll this fill's progress while the request runs. */
    fillId: z.uuid().optional(),
    /**
     * Answer within this many seconds: the result when the fill finished by then, else 202 with its progress
     * while it goes on in the background (poll GET /v1/fills/{fillId}). Without it the request waits for the end.
     */
    waitSeconds: z.number().int().min(0).max(maxWaitSeconds).optional(),
    documentId: identifier,
    documentName: carriedName(500).optional(),
    fieldValues: z.record(tagName, z.string().max(20_000)).default({}),
    /** The document's text, sent when at least one tag uses it as context. */
    documentText: z
      .string()
      .max(
        maximumDocumentTextCharacters,
        `send at most ${maximumDocumentTextCharacters} characters of document text (the add-on sends the document's first ${maximumDocumentTextCharacters})`,
      )
      .optional(),
    tags: z
      .array(
        z.strictObject({
          name: tagName,
          /** An edit not saved yet (preview); the stored configuration otherwise. */
          configuration: tagConfigurationSchema.optional(),
          /** Regenerate: skip the cached answer. */
          regenerate: z.boolean().optional(),
        }),
      )
      .min(1, 'send at least one AI tag')
      .max(100, 'a fill has at most 100 AI tags'),
    /** Set when this fill regenerates tags of an earlier fill. */
    regenerateOf: z.uuid().optional(),
    /**
     * An earlier fill of yours that stopped (interrupted by a restart, or aborted): its tags that were generated
     * with the same prompt, model, settings and field values are kept instead of generated and paid for again.
     */
    resumeOf: z.uuid().optional(),
  })
  .refine((request) => request.waitSeconds === undefined || request.fillId !== undefined, {
    message: 'send a fillId with waitSeconds: a fill still running when the wait ends is polled by that id',
    path: ['fillId'],
  });

export type FillRequest = z.infer<typeof fillRequestSchema>;

/** A tag with the configuration that applies to it. */
export interface TagToFill extends TagConfiguration {
  name: string;
  regenerate: boolean;
}

import { z } from 'zod';
import { carriedName, identifier, outputFormats, pageQuery } from './common';
import { tagConfigurationSchema, tagName } from './templates';

/**
 * The most document text a fill carries: the context step shortens it to the organisation's context budget
 * anyway, and at up to 3 bytes a character it stays within the default body limit (JSON_BODY_LIMIT, 1 MB).
 * The add-on sends the same amount (addon/src/fill/fill-request.ts).
 */
export const maximumDocumentTextCharacters = 200_000;

/** The longest a fill request or poll is held open: Apps Script gives up on a request after about 45-60 s. */
const maxWaitSeconds = 40;
export const waitSecondsSchema = z.coerce.number().int().min(0).max(maxWaitSeconds);

/** POST /v1/fills and POST /v1/fills/check. */
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
          /**
           * An edit not saved yet (preview); the stored configuration otherwise. Its prompt may be blank: the
           * pre-run check says so (unconfigured_tag) together with every other problem, rather than a 400.
           */
          configuration: tagConfigurationSchema.extend({ prompt: z.string().trim().max(20_000) }).optional(),
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
/** As a client sends it: defaulted members may be left out. */
export type FillRequestInput = z.input<typeof fillRequestSchema>;

export const fillParams = z.strictObject({ fillId: z.uuid() });
export const feedbackParams = z.strictObject({ fillId: z.uuid(), tag: tagName });

/** PUT /v1/fills/{fillId}/feedback/{tag}. */
export const feedbackRequest = z.strictObject({ rating: z.enum(['up', 'down']), comment: z.string().trim().max(2000).optional() });
export type FeedbackRequest = z.infer<typeof feedbackRequest>;

/** GET /v1/fills. */
export const fillListQuery = pageQuery.extend({ scope: z.enum(['mine', 'organisation']).default('mine') });

/** GET /v1/fills/{fillId}. */
export const fillPollQuery = z.strictObject({ waitSeconds: waitSecondsSchema.optional() });

/** Everything that stops a fill, listed at once. `tag` is "*" for the whole fill. */
export const fillProblem = z.object({ tag: z.string(), code: z.string(), message: z.string() });
export type FillProblem = z.infer<typeof fillProblem>;

/** POST /v1/fills/check. */
export const fillCheckResponse = z.object({ ready: z.boolean(), problems: z.array(fillProblem) });
export type FillCheckResponse = z.infer<typeof fillCheckResponse>;

export const tagStatuses = ['generated', 'fallback', 'failed', 'skipped'] as const;
export type TagStatus = (typeof tagStatuses)[number];

export const tagResult = z.object({
  tag: z.string(),
  status: z.enum(tagStatuses),
  /** What the add-on writes in place of the tag: generated text, the fallback text, or a visible marker. */
  text: z.string(),
  /**
   * The tag's output format (its configuration's), so the add-on writes a generated text as the tag asks without
   * reading the template; fallback texts and markers are written plain. Absent in fills recorded before it was kept.
   */
  outputFormat: z.enum(outputFormats).optional(),
  provider: z.string().optional(),
  model: z.string().optional(),
  requestedModel: z.string().optional(),
  cached: z.boolean().optional(),
  /**
   * Set when every provider was down and the organisation serves last good answers: the text is the last one a
   * model wrote to the same prompt, at `generatedAt`, `ageSeconds` before this fill (counted as cached, at no cost).
   */
  lastGoodAnswer: z.object({ generatedAt: z.string(), ageSeconds: z.number().int() }).optional(),
  usage: z
    .object({
      inputTokens: z.number(),
      cachedInputTokens: z.number(),
      /** Prompt tokens written to the provider's cache. */
      cacheWriteInputTokens: z.number().optional(),
      outputTokens: z.number(),
      /** The part of outputTokens spent reasoning or thinking. */
      reasoningTokens: z.number().optional(),
    })
    .optional(),
  /** US dollars, every billed attempt included. */
  cost: z.number().optional(),
  durationMs: z.number(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  /** What the person should know of a generated text: cut off at the output limit, a fitted temperature, an estimated cost. */
  warnings: z.array(z.string()),
  /** What the text depends on (prompt, model, settings, field values): a resumed fill keeps a text only while it is the same. */
  fingerprint: z.string().optional(),
});
export type TagResult = z.infer<typeof tagResult>;

export const fillTotals = z.object({
  tags: z.number(),
  generated: z.number(),
  fallback: z.number(),
  failed: z.number(),
  cached: z.number(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  cost: z.number(),
  durationMs: z.number(),
});

const fillAbort = z.object({ code: z.string(), message: z.string() });

/** A fill's result: `aborted` means nothing may be written. */
export const fillResult = z.object({
  fillId: z.string(),
  status: z.enum(['completed', 'aborted']),
  abort: fillAbort.optional(),
  results: z.array(tagResult),
  totals: fillTotals,
});
export type FillResult = z.infer<typeof fillResult>;

/** A fill still running: per-tag status, `pending` until the tag is done. */
export const fillProgress = z.object({
  fillId: z.string(),
  status: z.enum(['running', 'finished']),
  total: z.number().int(),
  finished: z.number().int(),
  tags: z.record(z.string(), z.enum([...tagStatuses, 'pending'])),
});
export type FillProgress = z.infer<typeof fillProgress>;

/** What an execution keeps of each tag: its metrics, never its text. */
const executionTag = z.object({
  tag: z.string(),
  status: z.enum(tagStatuses),
  provider: z.string().nullable(),
  model: z.string().nullable(),
  requestedModel: z.string().nullable(),
  cached: z.boolean(),
  /** The text was the prompt's last good answer, served while every provider was down. */
  lastGoodAnswer: z.object({ generatedAt: z.string(), ageSeconds: z.number().int() }).nullable().optional(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  cost: z.number().nullable(),
  durationMs: z.number(),
  errorCode: z.string().nullable(),
  fingerprint: z.string().nullable().optional(),
});

/**
 * The recorded fields of a fill, without its texts. A fill still running has only its claim (who, when, which
 * tags, its progress once it went to the background); a recorded one has its metadata, totals and per-tag metrics.
 */
const executionFields = {
  fillId: z.string(),
  userId: z.string(),
  startedAt: z.string().nullable(),
  userEmail: z.string().optional(),
  documentId: z.string().optional(),
  documentName: z.string().nullable().optional(),
  templateId: z.string().nullable().optional(),
  templateVersion: z.number().nullable().optional(),
  regenerateOf: z.string().nullable().optional(),
  abortCode: z.string().nullable().optional(),
  /** Set when another instance found the fill's own instance gone and recorded it as interrupted. */
  interruptedAt: z.string().optional(),
  tagNames: z.array(z.string()).optional(),
  progress: z.record(z.string(), z.string()).optional(),
  finished: z.number().optional(),
  heartbeatAt: z.string().optional(),
};

export const executionView = z.object({
  ...executionFields,
  status: z.enum(['running', 'completed', 'aborted']),
  abortMessage: z.string().nullable().optional(),
  totals: fillTotals.optional(),
  tags: z.array(executionTag).optional(),
});
export type ExecutionView = z.infer<typeof executionView>;

/** GET /v1/fills: newest first. */
export const fillListResponse = z.object({ executions: z.array(executionView), next: z.string().optional() });
export type FillListResponse = z.infer<typeof fillListResponse>;

/** A recorded fill answered to the user who ran it: the result as POST /v1/fills answers it, with the execution's metadata. */
export const recordedFillResponse = fillResult.extend({ ...executionFields, tags: z.array(executionTag).optional() });
export type RecordedFill = z.infer<typeof recordedFillResponse>;

/** POST /v1/fills: the result, or (202, with `waitSeconds`) the progress of a fill that goes on in the background. */
export const startFillResponse = z.union([fillResult, fillProgress]);
export type StartFillResponse = z.infer<typeof startFillResponse>;

/**
 * GET /v1/fills/{fillId}: the progress while it runs; the result with its metadata once it ended; the
 * execution's metadata alone for an admin reading someone else's fill.
 */
export const fillPollResponse = z.union([fillProgress, recordedFillResponse, executionView]);
export type FillPollResponse = z.infer<typeof fillPollResponse>;

import { z } from 'zod';
import { identifier, isReservedId, parsedUrl, typedName } from './common';
import { hubSpotObjectType, hubSpotPropertyPath, hubSpotWriteBack } from './hubspot';
import { tagName } from './templates';

/*
 * Runs (SPEC.md section 5b): many documents from one template, one per record of a data source, made in the
 * background. The backend keeps the run, its queue of jobs (one per record) and their rollups; the add-on's
 * time-driven trigger is the worker. Its loop, per job it claims:
 *   1. POST /v1/runs/{runId}/claims → jobs, each with a lease, the rendered document name, the field values
 *      and, when an earlier attempt had already copied the template, that copy's documentId;
 *   2. without a documentId: copy the template into the output folder under `documentName`, link the copy to
 *      its template (POST /v1/templates/{templateDocumentId}/copies) and report it
 *      (POST …/jobs/{jobId}/document); when the answer names another document (accepted: false), trash the
 *      copy and fill that one;
 *   3. fill the copy exactly as the sidebar does (POST /v1/fills with the job's `fillId` and `fieldValues`), or,
 *      given an `earlierFillId`, write that completed fill's results instead;
 *   4. report the fill (POST …/jobs/{jobId}/done with its executionId), or the failure (…/failure).
 * A lease outlives an Apps Script execution (6 minutes), so a lease that expired belongs to a worker that is gone.
 */

export const runStatuses = ['active', 'paused', 'cancelled'] as const;
export type RunStatus = (typeof runStatuses)[number];

export const jobStates = ['pending', 'leased', 'done', 'failed', 'cancelled'] as const;
export type JobState = (typeof jobStates)[number];

export const runParams = z.strictObject({ runId: z.uuid() });
export const runJobParams = z.strictObject({ runId: z.uuid(), jobId: z.string().regex(/^[0-9a-f]{32}$/, 'a job id is 32 hex digits') });

/** Where the records come from; what the add-on or the HubSpot module needs to find them again. */
export const runSourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('sheet'), spreadsheetId: identifier, sheetName: z.string().min(1).max(200) }),
  z.strictObject({
    kind: z.literal('hubspot'),
    objectType: hubSpotObjectType,
    /** Where each new document's link goes back to in HubSpot; null: nowhere. */
    writeBack: hubSpotWriteBack.nullable().default(null),
  }),
  /** Records sent through the API by whoever made the run. */
  z.strictObject({ kind: z.literal('api') }),
]);
export type RunSource = z.infer<typeof runSourceSchema>;

/** `{{field}}` in a name pattern: the field names of the run's mapping. */
export const namePatternReference = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** POST /v1/runs. */
export const createRunRequest = z
  .strictObject({
    name: typedName(200),
    /** The template document (its tag configuration must be saved). */
    templateDocumentId: identifier,
    source: runSourceSchema,
    /** Template field name → the source's field (sheet column header, HubSpot property) that gives its value. */
    fieldMapping: z
      .record(tagName, z.string().min(1).max(300))
      .refine((mapping) => Object.keys(mapping).length <= 200, 'a run maps at most 200 fields'),
    /** The Drive folder the new documents go into. */
    outputFolderId: identifier,
    /** The new documents' names, e.g. `Proposal – {{company}}`: each `{{field}}` must be a field of the mapping. */
    namePattern: z.string().trim().min(1).max(300),
    /** Attempts per record before its job is failed for good (a failure reported, or a worker gone mid-job). */
    maxAttempts: z.number().int().min(1).max(10).default(3),
  })
  .superRefine((run, context) => {
    // A HubSpot run reads each mapped property from HubSpot: each must be one it can read.
    if (run.source.kind !== 'hubspot') return;
    for (const [field, property] of Object.entries(run.fieldMapping)) {
      const parsed = hubSpotPropertyPath.safeParse(property);
      if (!parsed.success)
        context.addIssue({
          code: 'custom',
          path: ['fieldMapping', field],
          message: parsed.error.issues[0]?.message ?? 'not a HubSpot property',
        });
    }
  });
export type CreateRunRequest = z.input<typeof createRunRequest>;

/** GET /v1/runs and /v1/runs/export. */
export const runListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  after: z.string().min(1).max(300).optional(),
  /** `organisation` is for admins; members see the runs they made. */
  scope: z.enum(['mine', 'organisation']).default('mine'),
  status: z.enum(runStatuses).optional(),
});
export const runExportQuery = z.strictObject({ scope: z.enum(['mine', 'organisation']).default('mine') });

/** POST /v1/runs/{runId}/records: records to make documents of; a record already enqueued is not enqueued again. */
export const enqueueRecordsRequest = z.strictObject({
  records: z
    .array(
      z.strictObject({
        /** Identifies the record within the run (a sheet row's key, a HubSpot object id): one job per key, ever. */
        recordKey: z.string().min(1).max(500),
        /** The record's values by source field name (sheet column header, HubSpot property). */
        fields: z
          .record(
            z
              .string()
              .min(1)
              .max(300)
              .refine((name) => !isReservedId(name), 'this field name is reserved; rename the column'),
            z.string().max(20_000),
          )
          .refine((fields) => Object.keys(fields).length <= 300, {
            message: 'a record has at most 300 fields',
          }),
        /** Where to write the link back: a sheet row number, a HubSpot object id. */
        sourceReference: z.string().min(1).max(500).optional(),
      }),
    )
    .min(1)
    .max(500),
});
export type EnqueueRecordsRequest = z.input<typeof enqueueRecordsRequest>;

export const enqueueRecordsResponse = z.object({
  jobs: z.array(z.object({ recordKey: z.string(), jobId: z.string(), created: z.boolean() })),
});

/** POST /v1/runs/{runId}/claims. */
export const claimJobsRequest = z.strictObject({
  limit: z.number().int().min(1).max(20).default(5),
  /** How long the jobs are the caller's; by default 7 minutes, past Apps Script's 6-minute execution limit. */
  leaseSeconds: z.number().int().min(30).max(900).default(420),
});

const httpsUrl = z
  .string()
  .max(2000)
  .refine((value) => parsedUrl(value)?.protocol === 'https:', 'a document link is an https URL');

const leaseId = z.uuid();

/** POST /v1/runs/{runId}/jobs/{jobId}/document: the copy this attempt made (before it is filled). */
export const reportDocumentRequest = z.strictObject({ leaseId, documentId: identifier, documentUrl: httpsUrl });
/** POST /v1/runs/{runId}/jobs/{jobId}/done: the fill of the job's document (its execution is read for the metrics). */
export const completeJobRequest = z.strictObject({ leaseId, executionId: z.uuid() });
/** POST /v1/runs/{runId}/jobs/{jobId}/failure. */
export const failJobRequest = z.strictObject({
  leaseId,
  message: z.string().trim().min(1).max(2000),
  /** False when another attempt cannot help (the template is gone): the job fails at once. */
  retry: z.boolean().default(true),
  /** The fill that failed (aborted), if one ran: what it spent counts towards the run's cost. */
  executionId: z.uuid().optional(),
});

/** GET /v1/runs/{runId}/jobs. */
export const runJobsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  after: z.string().min(1).max(300).optional(),
  state: z.enum(jobStates).optional(),
});

/** Rolled up from the execution record of every fill a run reported (SPEC.md section 8's per-fill metrics). */
export const runMetrics = z.object({
  tags: z.number().int(),
  /** Tags generated (from a model or the cache). */
  succeeded: z.number().int(),
  failed: z.number().int(),
  fellBack: z.number().int(),
  cached: z.number().int(),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  costNanoDollars: z.number().int(),
  /** Of all fills, added up. */
  durationMs: z.number().int(),
});
export type RunMetrics = z.infer<typeof runMetrics>;

export const runProgress = z.object({
  /** Records enqueued. */
  total: z.number().int(),
  done: z.number().int(),
  failed: z.number().int(),
  cancelled: z.number().int(),
  /** Pending and in flight. */
  remaining: z.number().int(),
  inFlight: z.number().int(),
});

export const runView = z.object({
  runId: z.string(),
  name: z.string(),
  templateDocumentId: z.string(),
  source: runSourceSchema,
  fieldMapping: z.record(z.string(), z.string()),
  outputFolderId: z.string(),
  namePattern: z.string(),
  maxAttempts: z.number().int(),
  status: z.enum(runStatuses),
  /** Active with nothing left to do (and something done). */
  finished: z.boolean(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  progress: runProgress,
  metrics: runMetrics,
});
export type RunView = z.infer<typeof runView>;

export const runListResponse = z.object({ runs: z.array(runView), next: z.string().optional() });
export type RunListResponse = z.infer<typeof runListResponse>;

export const writeBackStates = ['pending', 'writing', 'written', 'failed'] as const;
export type WriteBackState = (typeof writeBackStates)[number];

/**
 * A done job's document link going back to its record's source (a HubSpot run with a write-back): written
 * once; a failure, after the source's retries, is shown here and leaves the job done.
 */
export const jobWriteBackView = z.object({
  state: z.enum(writeBackStates),
  attempts: z.number().int(),
  /** What was written: `note 123`, `property proposal_link`. */
  reference: z.string().nullable(),
  error: z.string().nullable(),
});

export const runJobView = z.object({
  jobId: z.string(),
  recordKey: z.string(),
  sourceReference: z.string().nullable(),
  state: z.enum(jobStates),
  attempts: z.number().int(),
  failures: z.number().int(),
  documentId: z.string().nullable(),
  documentUrl: z.string().nullable(),
  executionId: z.string().nullable(),
  error: z.string().nullable(),
  /** Null when the run writes no links back (sheet runs write their own). */
  writeBack: jobWriteBackView.nullable(),
  enqueuedAt: z.string(),
  updatedAt: z.string(),
});
export type RunJobView = z.infer<typeof runJobView>;

export const runJobListResponse = z.object({ jobs: z.array(runJobView), next: z.string().optional() });

/** A job handed to a worker. */
export const claimedJobView = z.object({
  runId: z.string(),
  jobId: z.string(),
  /** Names the claim in every report; a report under a lease another worker has since taken over is refused (409). */
  leaseId: z.string(),
  leaseExpiresAt: z.string(),
  attempt: z.number().int(),
  /** The fill id this attempt uses, so a fill request sent twice is one fill. */
  fillId: z.string(),
  recordKey: z.string(),
  sourceReference: z.string().nullable(),
  templateDocumentId: z.string(),
  outputFolderId: z.string(),
  /** The name pattern rendered with this record's values. */
  documentName: z.string(),
  /** By template field name, from the record through the run's mapping. */
  fieldValues: z.record(z.string(), z.string()),
  /** Set when an earlier attempt already copied the template: fill this document, do not copy again. */
  documentId: z.string().nullable(),
  documentUrl: z.string().nullable(),
  /**
   * A fill of this job's document that completed in an earlier attempt whose worker stopped before reporting it:
   * when the document still has its tags, write that fill's results (GET /v1/fills/{fillId}) instead of filling
   * again; either way report done with it, so it is not paid for twice.
   */
  earlierFillId: z.string().nullable(),
});
export type ClaimedJob = z.infer<typeof claimedJobView>;

export const claimJobsResponse = z.object({ runStatus: z.enum(runStatuses), jobs: z.array(claimedJobView) });
export type ClaimJobsResponse = z.infer<typeof claimJobsResponse>;

export const reportDocumentResponse = z.object({
  /** The job's document: this report's, or one an earlier attempt reported first (then `accepted` is false). */
  documentId: z.string(),
  documentUrl: z.string(),
  accepted: z.boolean(),
});

/** The job after a done or failure report. */
export const runJobReportResponse = runJobView;

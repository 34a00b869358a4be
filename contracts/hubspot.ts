import { z } from 'zod';
import { identifier } from './common';

/** The CRM object types a run can read records of. */
export const hubSpotObjectTypes = ['contacts', 'companies', 'deals'] as const;
export type HubSpotObjectType = (typeof hubSpotObjectTypes)[number];
export const hubSpotObjectType = z.enum(hubSpotObjectTypes);

/** The singular names a mapping uses for an associated record: `company.name` on a deal. */
export const hubSpotAssociationNames: Record<string, HubSpotObjectType> = { contact: 'contacts', company: 'companies', deal: 'deals' };

/**
 * A HubSpot private-app access token: `pat-<region>-<uuid>` (e.g. pat-na1-…, pat-eu1-…), the shape HubSpot
 * issues and secret scanners match (GitGuardian's HubSpot private app token detector).
 */
export const hubSpotAccessTokenPattern = /^pat-[a-z]{2}\d-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const accessToken = z
  .string()
  .trim()
  .regex(
    hubSpotAccessTokenPattern,
    "a HubSpot private-app token looks like pat-na1-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx; copy it from the app's Auth tab",
  );
/** The app's client secret, with which HubSpot signs the requests it sends (X-HubSpot-Signature-v3). */
const clientSecret = z
  .string()
  .trim()
  .min(16, "the client secret looks too short; copy it whole from the app's Auth tab")
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'a client secret has no spaces or special characters; paste it again');

/** PUT /v1/hubspot/connection: the token is tested with a real call before anything is stored. */
export const hubSpotConnectionInput = z.strictObject({
  accessToken,
  /** Needed for workflow webhooks; leave out to keep the one stored, null to remove it. */
  clientSecret: clientSecret.nullable().optional(),
});
export type HubSpotConnectionInput = z.input<typeof hubSpotConnectionInput>;

/** What a person may see of the connection: fingerprints, never the token or the secret. */
export const hubSpotConnectionView = z.object({
  fingerprint: z.string(),
  lastFour: z.string(),
  clientSecretSet: z.boolean(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  lastTest: z.object({ ok: z.boolean(), at: z.string(), message: z.string(), latencyMs: z.number() }).nullable(),
  /** Where HubSpot workflows send requests for a run: this path with the run's id, on this service's address. */
  webhookPath: z.string(),
});
export type HubSpotConnectionView = z.infer<typeof hubSpotConnectionView>;

/** POST /v1/hubspot/connection/test: a failing token is still an answer (`ok: false`): the test ran. */
export const hubSpotConnectionTestResponse = z.object({ ok: z.boolean(), message: z.string(), latencyMs: z.number() });
export type HubSpotConnectionTestResponse = z.infer<typeof hubSpotConnectionTestResponse>;

/** A HubSpot property's internal name (lowercase letters, digits and underscores, as HubSpot makes them). */
const propertyName = z.string().regex(/^[a-z0-9_]{1,100}$/, 'a HubSpot property is named by its internal name, e.g. dealname');
/** `dealname`, or one level of association: `company.name` (contact, company or deal). */
export const hubSpotPropertyPath = z
  .string()
  .regex(
    /^(?:(contact|company|deal)\.)?[a-z0-9_]{1,100}$/,
    "map a field to a property (dealname) or an associated record's property (company.name)",
  );

/** Field name → property path. */
export const hubSpotFieldMapping = z
  .record(z.string().trim().min(1).max(100), hubSpotPropertyPath)
  .refine((mapping) => Object.keys(mapping).length > 0, 'map at least one field')
  .refine((mapping) => Object.keys(mapping).length <= 100, 'map at most 100 fields');
export type HubSpotFieldMapping = z.infer<typeof hubSpotFieldMapping>;

/** HubSpot's search filter operators (developers.hubspot.com/docs/api/crm/search). */
export const hubSpotSearchOperators = [
  'EQ',
  'NEQ',
  'LT',
  'LTE',
  'GT',
  'GTE',
  'IN',
  'NOT_IN',
  'HAS_PROPERTY',
  'NOT_HAS_PROPERTY',
  'CONTAINS_TOKEN',
] as const;

const searchFilter = z.strictObject({
  propertyName,
  operator: z.enum(hubSpotSearchOperators),
  value: z.string().max(500).optional(),
  values: z.array(z.string().max(500)).max(100).optional(),
});

/** HubSpot's own limits: at most 5 filter groups of at most 6 filters, 18 filters in all. */
export const hubSpotSearch = z
  .strictObject({
    filterGroups: z
      .array(z.strictObject({ filters: z.array(searchFilter).min(1).max(6) }))
      .max(5)
      .default([]),
    query: z.string().trim().max(200).optional(),
  })
  .refine((search) => search.filterGroups.reduce((sum, group) => sum + group.filters.length, 0) <= 18, 'at most 18 filters in all');
export type HubSpotSearch = z.infer<typeof hubSpotSearch>;

/** Records picked by id (at most 100) or by a HubSpot search. */
export const hubSpotRecordSelection = z.union([
  z.strictObject({
    ids: z
      .array(z.string().regex(/^\d{1,20}$/, 'a HubSpot record id is a number'))
      .min(1)
      .max(100),
  }),
  z.strictObject({ search: hubSpotSearch }),
]);
export type HubSpotRecordSelection = z.infer<typeof hubSpotRecordSelection>;

/** POST /v1/hubspot/records: the records a run would make documents from, with their mapped fields. */
export const hubSpotRecordsRequest = z.strictObject({
  objectType: hubSpotObjectType,
  mapping: hubSpotFieldMapping,
  select: hubSpotRecordSelection,
  limit: z.number().int().min(1).max(100).default(20),
  /** The `next` of the previous page (searches only). */
  after: z
    .string()
    .regex(/^\d{1,10}$/)
    .optional(),
});
export type HubSpotRecordsRequest = z.input<typeof hubSpotRecordsRequest>;

export const hubSpotRecord = z.object({
  /** The HubSpot object id: a run's record key, so one record makes one document. */
  recordKey: z.string(),
  fields: z.record(z.string(), z.string()),
  /** `hubspot:deals/123`: where the record came from. */
  sourceReference: z.string(),
});
export type HubSpotRecord = z.infer<typeof hubSpotRecord>;

export const hubSpotRecordsResponse = z.object({
  records: z.array(hubSpotRecord),
  /** Ids asked for that HubSpot does not have. */
  missing: z.array(z.string()),
  next: z.string().nullable(),
  total: z.number().nullable(),
});
export type HubSpotRecordsResponse = z.infer<typeof hubSpotRecordsResponse>;

/** Where a run's document link goes back to in HubSpot: a property of the record, or a note on it. */
export const hubSpotWriteBack = z.union([
  z.strictObject({ kind: z.literal('property'), property: propertyName }),
  z.strictObject({ kind: z.literal('note') }),
]);
export type HubSpotWriteBack = z.infer<typeof hubSpotWriteBack>;

export const hubSpotWebhookParams = z.strictObject({
  organisationId: z
    .string()
    .regex(/^(domain:[a-z0-9.-]{1,253}|user:[0-9A-Za-z_-]{1,128})$/, 'an organisation id looks like "domain:example.com" or "user:1234"'),
  runId: identifier,
});

/**
 * What a workflow's "Send a webhook" action posts: the enrolled record's id as `objectId` (HubSpot's
 * default body) or as `hs_object_id` (a customised body with the Record ID property), a number or its text.
 * Anything else in the body is ignored: the record is read from HubSpot, not trusted from the request.
 */
export const hubSpotWebhookBody = z
  .looseObject({
    objectId: z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,20}$/)]).optional(),
    hs_object_id: z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,20}$/)]).optional(),
  })
  .refine((body) => body.objectId !== undefined || body.hs_object_id !== undefined, {
    message: 'send the record id as objectId or hs_object_id',
  });

export const hubSpotWebhookResponse = z.object({ jobId: z.string(), created: z.boolean(), recordKey: z.string() });
export type HubSpotWebhookResponse = z.infer<typeof hubSpotWebhookResponse>;

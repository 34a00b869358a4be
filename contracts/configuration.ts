import { z } from 'zod';

/**
 * Configuration as code: an organisation's settings, connections (never their keys) and templates' tag
 * configurations as one YAML file, exported and imported by the admin dialog and the admin CLI alike.
 */

/** GET /v1/configuration. */
export const configurationExportResponse = z.object({
  /** A name to save the file under, e.g. `example.com-configuration-2026-12-06.yaml`. */
  fileName: z.string(),
  yaml: z.string(),
});
export type ConfigurationExportResponse = z.infer<typeof configurationExportResponse>;

/** POST /v1/configuration/import: a dry run (the default) only says what the file would change. */
export const configurationImportRequest = z.strictObject({
  yaml: z.string().min(1, 'the file is empty').max(1_000_000, 'the file is larger than 1 MB'),
  dryRun: z.boolean().default(true),
});
export type ConfigurationImportRequest = z.input<typeof configurationImportRequest>;

export const configurationSections = ['settings', 'connections', 'templates'] as const;

/** One difference between the organisation and the file, as the person reviewing the import reads it. */
export const configurationChange = z.object({
  section: z.enum(configurationSections),
  /** Where: `settings.budgets.organisation.monthlyUsd`, `connections.<id>.name`, `templates.<documentId>.tags.intro`. */
  path: z.string(),
  change: z.enum(['added', 'changed', 'removed']),
  /** The values as short JSON text; null where there is none. */
  before: z.string().nullable(),
  after: z.string().nullable(),
});
export type ConfigurationChange = z.infer<typeof configurationChange>;

export const configurationImportResponse = z.object({
  /** False for a dry run, and when problems stopped the import (then nothing was written). */
  applied: z.boolean(),
  changes: z.array(configurationChange),
  /** What the import leaves alone and why (a connection that needs its key, templates the file does not name). */
  notes: z.array(z.string()),
  /** What must be fixed in the file before it can be imported; an import with problems writes nothing. */
  problems: z.array(z.string()),
});
export type ConfigurationImportResponse = z.infer<typeof configurationImportResponse>;

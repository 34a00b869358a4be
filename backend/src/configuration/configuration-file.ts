import { z } from 'zod';
import { identifier, providerId, typedName } from '../../../contracts/common';
import { requestsPerMinute, tokensPerMinute } from '../../../contracts/connections';
import { templateContentSchema } from '../../../contracts/templates';
import { aiSettingsSchema } from '../ai/settings/ai-settings';

/**
 * A connection as the file names it: everything but its key, which never leaves the vault. Importing one
 * changes its name, default model, whether it is on and its rate limits; its provider and endpoint go with its key and are
 * changed in the admin dialog.
 */
export const connectionEntry = z.strictObject({
  id: identifier,
  provider: providerId,
  name: typedName(80),
  baseUrl: z.string().nullable(),
  defaultModel: z.string().trim().min(1).max(200).nullable(),
  enabled: z.boolean(),
  /** The connection's own rate limits; null: none; absent (an older file): left as they are. */
  requestsPerMinute: requestsPerMinute.nullable().optional(),
  tokensPerMinute: tokensPerMinute.nullable().optional(),
});
export type ConnectionEntry = z.infer<typeof connectionEntry>;

/**
 * The file: each section is optional, and a section the file leaves out is left as it is. A section that is
 * present is the whole truth for what it names: settings as a whole, each connection and template it lists.
 */
export const configurationFile = z.strictObject({
  /** The format's version, so a later format can read this one. */
  version: z.literal(1, 'the file says which format it is in: version: 1'),
  /** Where it was exported from; a file may be imported into another organisation (staging to production). */
  organisation: z.string().optional(),
  settings: aiSettingsSchema.optional(),
  connections: z.array(connectionEntry).max(100).optional(),
  templates: z.record(identifier, templateContentSchema).optional(),
});
export type ConfigurationFile = z.infer<typeof configurationFile>;

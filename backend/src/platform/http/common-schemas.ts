import { z } from 'zod';

/** Ids made by this service or by Google (user ids, document ids): letters, digits, `_` and `-`. */
export const identifier = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'an id is 1 to 128 letters, digits, _ or -');

export const pageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The `next` value of the previous page. */
  after: z.string().min(1).max(300).optional(),
});

export const timestamp = z.iso.datetime();

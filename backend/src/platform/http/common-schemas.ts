import { z } from 'zod';

/**
 * Names that cannot be document ids: Firestore reserves `__…__`, and the embedded emulator keeps documents in
 * plain objects where Object.prototype's names misbehave. No id this service or Google makes is one of them.
 */
const reservedIds = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/** Ids made by this service or by Google (user ids, document ids): letters, digits, `_` and `-`. */
export const identifier = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,128}$/, 'an id is 1 to 128 letters, digits, _ or -')
  .refine((value) => !isReservedId(value), 'this id is reserved');

export function isReservedId(value: string): boolean {
  return /^__.*__$/.test(value) || reservedIds.has(value);
}

export const pageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The `next` value of the previous page. */
  after: z.string().min(1).max(300).optional(),
});

export const timestamp = z.iso.datetime();

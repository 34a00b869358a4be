import { z } from 'zod';

/**
 * What the add-on and the backend agree on everywhere. Files in contracts/ import only zod and each other: the
 * backend validates and documents with these schemas, the add-on imports their types only (`import type`), so
 * no zod reaches its Apps Script bundle.
 */

/**
 * A provider as the backend's registry names it (`openai`, `anthropic`, …). The contract knows the shape of the
 * name only: which providers exist is the backend's registry, and GET /v1/providers tells the add-on, so a
 * provider added to the backend needs no change here. The backend checks each id against its registry.
 */
export type ProviderId = string;
export const providerId = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, 'a provider id is lower-case letters, digits and -, as GET /v1/providers lists them');

export const roles = ['member', 'admin', 'owner'] as const;
export type Role = (typeof roles)[number];

/** How demanding a tag is: picks the organisation's default model and the output token ceiling for it. */
export const complexities = ['simple', 'medium', 'rare'] as const;
export type Complexity = (typeof complexities)[number];

export const outputFormats = ['plain', 'markdown'] as const;
export type OutputFormat = (typeof outputFormats)[number];

export const budgetLevels = ['normal', 'alert', 'critical', 'exhausted'] as const;
export type BudgetLevel = (typeof budgetLevels)[number];
export const budgetLevel = z.enum(budgetLevels);

/**
 * Names that cannot be document ids: Firestore reserves `__…__`, and the embedded emulator keeps documents in
 * plain objects where Object.prototype's names misbehave. No id this service or Google makes is one of them.
 */
const reservedIds = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

export function isReservedId(value: string): boolean {
  return /^__.*__$/.test(value) || reservedIds.has(value);
}

/** Ids made by this service or by Google (user ids, document ids): letters, digits, `_` and `-`. */
export const identifier = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,128}$/, 'an id is 1 to 128 letters, digits, _ or -')
  .refine((value) => !isReservedId(value), 'this id is reserved');

export const pageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The `next` value of the previous page. */
  after: z.string().min(1).max(300).optional(),
});

/**
 * Characters that change how the text around them is shown rather than adding to it: control characters
 * (C0, C1, DEL) and the bidirectional marks, embeddings, overrides and isolates (U+061C, U+200E–U+200F,
 * U+202A–U+202E, U+2066–U+2069). In a name shown to other people they can disguise it ("Trojan Source").
 */
const disguisingCharacters = /[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
const disguisingCharactersEverywhere = new RegExp(disguisingCharacters.source, 'gu');

/** A name a person typed for others to see (a connection, a custom model): refused when it hides anything. */
export function typedName(maxLength: number) {
  return z
    .string()
    .trim()
    .min(1)
    .max(maxLength)
    .refine(
      (value) => !disguisingCharacters.test(value),
      'a name cannot contain control characters or bidirectional overrides; type it again without them',
    );
}

/** A name taken from elsewhere (a Google Doc's title): kept, less the characters that could disguise it. */
export function carriedName(maxLength: number) {
  return z
    .string()
    .max(maxLength)
    .transform((value) => value.replace(disguisingCharactersEverywhere, '').trim());
}

/** The parts of a WHATWG URL the URL rules read; written out because contracts compile without DOM or Node types. */
export interface ParsedUrl {
  protocol: string;
  hostname: string;
  port: string;
  username: string;
  password: string;
  pathname: string;
  hash: string;
  searchParams: { get(name: string): string | null };
}

/** The URL `value` spells, or undefined when it is not one (never throws: zod refinements run even after a failed URL check). */
export function parsedUrl(value: string): ParsedUrl | undefined {
  const { URL } = globalThis as unknown as { URL: new (text: string) => ParsedUrl };
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

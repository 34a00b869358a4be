import { z } from 'zod';
import { identifier, parsedUrl, providerId, typedName } from './common';

/** Link-local IPv4 (169.254.0.0/16) holds the cloud metadata servers. */
function isLinkLocalIpv4(host: string): boolean {
  return /^169\.254\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** `::ffff:a9fe:a9fe` (how the URL parser writes ::ffff:169.254.169.254) → `169.254.169.254`. */
function embeddedIpv4(ipv6: string): string | undefined {
  const match = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(ipv6) ?? /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ipv6);
  if (!match) return undefined;
  if (match[2] === undefined) return match[1];
  const high = Number.parseInt(match[1] as string, 16);
  const low = Number.parseInt(match[2], 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/**
 * Addresses no connection may point at: the cloud metadata servers hand out the service's own credentials,
 * so an admin-supplied base URL must never reach them (server-side request forgery). The URL parser has
 * already turned decimal, octal and hex IPv4 spellings into dotted form; IPv6 and DNS spellings are
 * normalised here.
 */
export function isForbiddenHost(hostname: string): boolean {
  const host = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.+$/, '');
  if (isLinkLocalIpv4(host)) return true;
  if (host.includes(':')) {
    const ipv4 = embeddedIpv4(host);
    if (ipv4 && isLinkLocalIpv4(ipv4)) return true;
    if (/^fe[89ab][0-9a-f]?:/.test(host) || host === 'fd00:ec2::254') return true;
  }
  return host === 'metadata' || host === 'metadata.google.internal' || host.endsWith('.metadata.google.internal');
}

export const baseUrlSchema = z
  .url({ protocol: /^https?$/, error: 'write a full http(s) URL, e.g. https://example.openai.azure.com/openai/v1' })
  .max(500)
  .refine((value) => !isForbiddenHost(parsedUrl(value)?.hostname ?? ''), 'this address is not allowed (cloud metadata servers are blocked)')
  .refine((value) => !parsedUrl(value)?.username && !parsedUrl(value)?.password, 'put the key in the key field, not in the URL');

const apiKey = z
  .string()
  .trim()
  .min(8, 'the key looks too short; paste the whole key')
  .max(500)
  .regex(/^[\x21-\x7e]+$/, 'a key has no spaces or special characters; paste it again');
const name = typedName(80);
const model = z.string().trim().min(1).max(200);

/**
 * A connection's own rate limits, so requests wait or go to a fallback before the provider answers 429. Counted
 * across every backend instance; null or absent: no limit of ours (the provider's own still applies).
 */
export const requestsPerMinute = z
  .number({ error: 'requests per minute is a whole number' })
  .int('requests per minute is a whole number')
  .min(1, 'requests per minute is at least 1; leave it empty for no limit')
  .max(1_000_000, 'requests per minute is at most 1,000,000');
export const tokensPerMinute = z
  .number({ error: 'tokens per minute is a whole number' })
  .int('tokens per minute is a whole number')
  .min(100, 'tokens per minute is at least 100 (one request needs its prompt and answer); leave it empty for no limit')
  .max(1_000_000_000, 'tokens per minute is at most 1,000,000,000');

export const connectionParams = z.strictObject({ connectionId: identifier });

/**
 * POST /v1/connections. Whether the provider exists and needs a base URL or a model is its descriptor's rule
 * (GET /v1/providers: requiresBaseUrl, acceptsBaseUrl, defaultModel); the backend checks it.
 */
export const newConnection = z.strictObject({
  provider: providerId,
  name,
  apiKey,
  baseUrl: baseUrlSchema.optional(),
  defaultModel: model.optional(),
  requestsPerMinute: requestsPerMinute.optional(),
  tokensPerMinute: tokensPerMinute.optional(),
});
export type NewConnection = z.input<typeof newConnection>;

/** PATCH /v1/connections/{connectionId}. */
export const connectionChange = z
  .strictObject({
    name: name.optional(),
    baseUrl: baseUrlSchema.nullable().optional(),
    /** The key again, required with a new base URL: a key only ever goes to the endpoint it was entered for. */
    apiKey: apiKey.optional(),
    defaultModel: model.nullable().optional(),
    enabled: z.boolean().optional(),
    /** null removes the limit. */
    requestsPerMinute: requestsPerMinute.nullable().optional(),
    tokensPerMinute: tokensPerMinute.nullable().optional(),
  })
  .refine(
    (change) => Object.keys(change).length > 0,
    'send at least one of name, baseUrl, defaultModel, enabled, requestsPerMinute, tokensPerMinute',
  )
  .refine(
    (change) => change.apiKey === undefined || change.baseUrl !== undefined,
    'apiKey goes with a new baseUrl; to replace only the key, POST it to /rotate',
  );
export type ConnectionChange = z.input<typeof connectionChange>;

/** POST /v1/connections/{connectionId}/rotate. */
export const keyRotation = z.strictObject({ apiKey });

/** POST /v1/connections/{connectionId}/test: the model to call, else the connection's default. */
export const connectionTestRequest = z.strictObject({ model: model.optional() }).optional();

/** Everything about a connection a person may see; the sealed key is left out by construction. */
export const connectionView = z.object({
  id: z.string(),
  provider: providerId,
  name: z.string(),
  baseUrl: z.string().nullable(),
  defaultModel: z.string().nullable(),
  enabled: z.boolean(),
  requestsPerMinute: z.number().int().nullable(),
  tokensPerMinute: z.number().int().nullable(),
  fingerprint: z.string(),
  lastFour: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  rotatedAt: z.string().nullable(),
  lastTest: z.object({ ok: z.boolean(), at: z.string(), message: z.string(), latencyMs: z.number() }).nullable(),
});
export type ConnectionView = z.infer<typeof connectionView>;

export const connectionListResponse = z.object({ connections: z.array(connectionView) });
export type ConnectionListResponse = z.infer<typeof connectionListResponse>;

/** A failing key is still an answer (`ok: false`): the test ran. */
export const connectionTestResponse = z.object({ ok: z.boolean(), message: z.string(), latencyMs: z.number(), model: z.string() });
export type ConnectionTestResponse = z.infer<typeof connectionTestResponse>;

import { z } from 'zod';

/**
 * Addresses no connection may point at: the cloud metadata servers hand out the service's own credentials,
 * so an admin-supplied base URL must never reach them (server-side request forgery).
 */
const forbiddenHosts = [/^169\.254\./, /^\[?fe80:/i, /^metadata(\.google\.internal)?$/i, /^\[?fd00:ec2::254\]?$/i];

export const baseUrlSchema = z
  .url({ protocol: /^https?$/, error: 'write a full http(s) URL, e.g. https://example.openai.azure.com/openai/v1' })
  .max(500)
  .refine((value) => !forbiddenHosts.some((pattern) => pattern.test(new URL(value).hostname)), 'this address is not allowed (cloud metadata servers are blocked)')
  .refine((value) => !new URL(value).username && !new URL(value).password, 'put the key in the key field, not in the URL');

import { z } from 'zod';

/**
 * GET /v1/providers: the providers the backend can connect to, as its registry lists them
 * (backend/src/ai/providers/registry.ts). The add-on builds its provider choices and connection form from
 * this answer instead of a list of its own, so a provider added to the backend appears without an add-on
 * release.
 */
export const providerView = z.object({
  /** What connections, model keys ("provider:model") and usage records name it by. */
  id: z.string(),
  displayName: z.string(),
  /** The model a connection uses when it names none; null: a connection must name its model. */
  defaultModel: z.string().nullable(),
  /** Whether a connection may name its own endpoint instead of the provider's address. */
  acceptsBaseUrl: z.boolean(),
  /** Whether a connection must name its endpoint (an OpenAI-compatible server has no address of its own). */
  requiresBaseUrl: z.boolean(),
  /** What a key looks like and where to get one, for the admin form. */
  keyHint: z.string(),
});
export type ProviderView = z.infer<typeof providerView>;

export const providerListResponse = z.object({ providers: z.array(providerView) });
export type ProviderListResponse = z.infer<typeof providerListResponse>;

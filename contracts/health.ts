import { z } from 'zod';

export const healthResponse = z.object({ status: z.literal('ok') });

/** GET /readyz: 200 when every check answers, 503 (same body) when one does not. */
export const readinessResponse = z.object({
  status: z.enum(['ready', 'not ready']),
  checks: z.array(z.object({ name: z.string(), ok: z.boolean() })),
});

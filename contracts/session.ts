import { z } from 'zod';
import { budgetLevel, roles } from './common';

/** GET /v1/budget: where each budget that applies to the caller stands, today and this month. */
export const budgetStatusResponse = z.object({
  level: budgetLevel,
  budgets: z.array(
    z.object({
      scope: z.enum(['organisation', 'user']),
      period: z.enum(['day', 'month']),
      /** "2026-11-23" or "2026-11" */
      periodKey: z.string(),
      limitUsd: z.number(),
      spentUsd: z.number(),
      /** Held by requests in progress and by instances' unused leases. */
      reservedUsd: z.number(),
      usedShare: z.number(),
      level: budgetLevel,
    }),
  ),
});
export type BudgetStatusResponse = z.infer<typeof budgetStatusResponse>;
export type BudgetStatusEntry = BudgetStatusResponse['budgets'][number];

/** GET /v1/session: the signed-in user, their role and whether an AI provider is connected. */
export const sessionResponse = z.object({
  email: z.string(),
  organisationId: z.string(),
  role: z.enum(roles),
  budgetLevel,
  provider: z.union([
    z.object({ configured: z.literal(true), id: z.string(), defaultModel: z.string() }),
    z.object({ configured: z.literal(false), setupHint: z.string() }),
  ]),
});
export type SessionResponse = z.infer<typeof sessionResponse>;

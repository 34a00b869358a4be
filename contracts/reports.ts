import { z } from 'zod';

/** The cost reports one admin receives by e-mail: each kind covers the last complete UTC day or ISO week. */
export const costReportKinds = ['daily', 'weekly'] as const;
export type CostReportKind = (typeof costReportKinds)[number];

/** PUT /v1/reports/subscription: the caller's own choice; the address is their verified sign-in e-mail. */
export const costReportSubscriptionRequest = z.strictObject({ daily: z.boolean(), weekly: z.boolean() });
export type CostReportSubscriptionRequest = z.infer<typeof costReportSubscriptionRequest>;

/** GET and PUT /v1/reports/subscription. */
export const costReportSubscriptionView = z.object({
  daily: z.boolean(),
  weekly: z.boolean(),
  /** Where the reports go: the admin's sign-in address. */
  email: z.string(),
  /** Why no report can be sent at all (no SMTP_URL configured), or null. */
  unavailable: z.string().nullable(),
});
export type CostReportSubscriptionView = z.infer<typeof costReportSubscriptionView>;

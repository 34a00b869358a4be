import { z } from 'zod';

export const budgetAlertLevels = ['alert', 'critical', 'exhausted'] as const;

/** The clock-aligned windows calls are counted in: at most a day. */
const windowMinutesSchema = z
  .number()
  .int()
  .min(1)
  .max(24 * 60)
  .default(15);

/** Below this many calls in a window, a few failures or slow answers are noise. */
const minimumRequestsSchema = z.number().int().min(1).max(100_000).default(20);

const errorSpikeSchema = z.strictObject({
  enabled: z.boolean().default(true),
  minimumRequests: minimumRequestsSchema,
  /** Share of failed calls above which the window counts as a spike. */
  errorRate: z.number().gt(0).lt(1).default(0.25),
  windowMinutes: windowMinutesSchema,
});

const slowModelSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** The 95th percentile of a model's call times above which it counts as slow, in milliseconds. */
  p95Ms: z.number().int().min(1000).max(600_000).default(30_000),
  minimumRequests: minimumRequestsSchema,
  windowMinutes: windowMinutesSchema,
});

const providerDownSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** Failures in a row (timeouts, 5xx, unreachable) with no answer between them after which a provider counts as down. */
  consecutiveFailures: z.number().int().min(2).max(1000).default(5),
});

/**
 * Who hears about budget crossings and error spikes (SPEC.md section 8). The Google Chat webhook is not here:
 * its URL holds a secret, so it is sealed and set through PUT /v1/alerts/google-chat, never saved with the
 * versioned, readable settings.
 */
export const alertSettingsSchema = z.strictObject({
  emails: z
    .array(z.email('write an e-mail address such as finance@example.com').max(254))
    .max(20, 'at most 20 e-mail addresses')
    .default([]),
  onBudgetLevels: z
    .array(z.enum(budgetAlertLevels))
    .max(budgetAlertLevels.length)
    .default([...budgetAlertLevels]),
  errorSpike: errorSpikeSchema.default({ enabled: true, minimumRequests: 20, errorRate: 0.25, windowMinutes: 15 }),
  slowModel: slowModelSchema.default({ enabled: true, p95Ms: 30_000, minimumRequests: 20, windowMinutes: 15 }),
  providerDown: providerDownSchema.default({ enabled: true, consecutiveFailures: 5 }),
});

export type AlertSettings = z.infer<typeof alertSettingsSchema>;

export const defaultAlertSettings: AlertSettings = alertSettingsSchema.parse({});

/**
 * Alert e-mails go only to people of the organisation: an address in its Workspace domain, or a member's
 * address (a consumer account's organisation is its one member). Answers the first address that is neither,
 * so "Send a test alert" cannot mail strangers.
 */
export function outsideRecipient(emails: readonly string[], organisationId: string, memberEmails: readonly string[]): string | undefined {
  const domain = organisationId.startsWith('domain:') ? organisationId.slice('domain:'.length) : undefined;
  const members = new Set(memberEmails.map((email) => email.toLowerCase()));
  return emails.find((email) => {
    const lower = email.toLowerCase();
    return !(members.has(lower) || (domain !== undefined && lower.endsWith(`@${domain}`)));
  });
}

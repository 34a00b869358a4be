import { z } from 'zod';
import { complexities, providerId } from './common';

/*
 * The organisation's AI policy as GET /v1/settings answers it and PUT /v1/settings takes it back. A save is
 * validated by the backend's aiSettingsSchema (limits, defaults, model keys; backend/src/ai/settings/ai-settings.ts),
 * whose output type test/backend/http/contract-agreement.test.ts checks to be exactly this shape.
 */

const tierPricesShape = {
  input: z.number(),
  /** Prompt tokens served from the provider's cache. */
  cachedInput: z.number(),
  /** Prompt tokens written to the cache; unset: billed as input. */
  cacheWrite: z.number().optional(),
  output: z.number(),
  /** Reasoning or thinking tokens; unset: billed as output. */
  reasoning: z.number().optional(),
};

/** US dollars per million tokens; `longContext` is the tier billed once a prompt is above its threshold. */
export const modelPrices = z.object({
  ...tierPricesShape,
  longContext: z.object({ aboveInputTokens: z.number(), ...tierPricesShape }).optional(),
});
export type ModelPrices = z.infer<typeof modelPrices>;

const reasoning = z.discriminatedUnion('style', [
  z.object({
    style: z.literal('openai-effort'),
    effort: z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max']),
    headroomTokens: z.number(),
  }),
  z.object({
    style: z.literal('anthropic-thinking'),
    effort: z.enum(['low', 'medium', 'high', 'xhigh', 'max']).optional(),
    headroomTokens: z.number(),
  }),
  z.object({ style: z.literal('gemini-budget'), budgetTokens: z.number(), headroomTokens: z.number() }),
  z.object({ style: z.literal('gemini-level'), level: z.enum(['minimal', 'low', 'medium', 'high']), headroomTokens: z.number() }),
]);

/** A model an organisation adds to the catalog (or a built-in one), as stored. */
export const customModel = z.object({
  provider: providerId,
  id: z.string(),
  aliases: z.array(z.string()).optional(),
  displayName: z.string(),
  released: z.string().optional(),
  deprecatedOn: z.string().optional(),
  shutsDownOn: z.string().optional(),
  replacement: z.string().optional(),
  contextWindow: z.number(),
  maxOutputTokens: z.number(),
  /** null: nobody has priced it yet, so it cannot be called. */
  prices: modelPrices.nullable(),
  capabilities: z.array(z.string()),
  /** null: the model takes no temperature. Unset: 0..2. */
  temperature: z.object({ min: z.number(), max: z.number() }).nullable().optional(),
  reasoning: reasoning.optional(),
  outputLimitParameter: z.enum(['max_tokens', 'max_completion_tokens']).optional(),
  complexity: z.enum(complexities),
  source: z.object({ url: z.string(), readOn: z.string() }).optional(),
});
export type CustomModel = z.infer<typeof customModel>;

const periodLimits = z.object({ dailyUsd: z.number().optional(), monthlyUsd: z.number().optional() });
export type PeriodLimits = z.infer<typeof periodLimits>;

const outputLimits = z.object({ plain: z.number(), markdown: z.number() });
export type OutputLimits = z.infer<typeof outputLimits>;

export const budgetAlertLevels = ['alert', 'critical', 'exhausted'] as const;
export type BudgetAlertLevel = (typeof budgetAlertLevels)[number];

/** Who hears about budget crossings and error spikes; the Google Chat webhook is sealed apart (PUT /v1/alerts/google-chat). */
export const alertSettings = z.object({
  emails: z.array(z.string()),
  onBudgetLevels: z.array(z.enum(budgetAlertLevels)),
  errorSpike: z.object({ enabled: z.boolean(), minimumRequests: z.number(), errorRate: z.number(), windowMinutes: z.number() }),
});
export type AlertSettings = z.infer<typeof alertSettings>;

export const budgetSettings = z.object({
  organisation: periodLimits,
  perUser: periodLimits,
  /** userId → limits that replace perUser for that user. */
  userOverrides: z.record(z.string(), periodLimits),
  alertThreshold: z.number(),
  criticalThreshold: z.number(),
  perRequestCeilingUsd: z.number().optional(),
});
export type BudgetSettings = z.infer<typeof budgetSettings>;

export const aiSettings = z.object({
  /** "provider:model" per complexity; unset ones use the server's default connection model. */
  defaultModels: z.object({ simple: z.string().optional(), medium: z.string().optional(), rare: z.string().optional() }),
  /** null: every connected provider. */
  allowedProviders: z.array(providerId).nullable(),
  /** null: every priced model of an allowed, connected provider. */
  allowedModels: z.array(z.string()).nullable(),
  fallbackModels: z.array(z.string()),
  cacheTtlSeconds: z.number(),
  /** When every provider is down, answer with the last good answer to the same prompt, marked as such. */
  serveLastGoodAnswer: z.boolean(),
  systemInstruction: z.string().optional(),
  contextTokenBudget: z.number(),
  budgets: budgetSettings,
  tokenLimits: z.object({ simple: outputLimits, medium: outputLimits, rare: outputLimits }),
  tokenLimitJustifications: z.array(z.string()),
  priceOverrides: z.record(z.string(), modelPrices),
  customModels: z.array(customModel),
  alerts: alertSettings,
});
export type AiSettings = z.infer<typeof aiSettings>;

/** GET and PUT /v1/settings: the settings and their version (0: never saved, the defaults). */
export const settingsResponse = z.object({
  version: z.number().int(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
  settings: aiSettings,
});
export type SettingsResponse = z.infer<typeof settingsResponse>;

export const catalogModelView = z.object({
  /** "provider:model" */
  key: z.string(),
  provider: providerId,
  id: z.string(),
  displayName: z.string(),
  complexity: z.enum(complexities),
  contextWindow: z.number(),
  maxOutputTokens: z.number(),
  pricesPerMillionTokens: modelPrices.nullable(),
  /** `deprecated`: still served until shutsDownOn; retired models are not listed at all. */
  lifecycle: z.enum(['current', 'deprecated']),
  deprecatedOn: z.string().nullable(),
  shutsDownOn: z.string().nullable(),
  /** "provider:model" to use instead. */
  replacement: z.string().nullable(),
  /** The temperature range the model takes; null when it takes none. */
  temperature: z.object({ min: z.number(), max: z.number() }).nullable(),
  allowed: z.boolean(),
  connected: z.boolean(),
});
export type CatalogModelView = z.infer<typeof catalogModelView>;

/** A model of a connected provider that its provider shuts down within the warning window. */
export const retiringModelView = z.object({
  key: z.string(),
  displayName: z.string(),
  shutsDownOn: z.string(),
  /** 0 or less: already shut down. */
  daysLeft: z.number().int(),
  replacement: z.string().nullable(),
  /** Where the organisation uses it (a default per complexity, a fallback, the server's default model). */
  usedAs: z.array(z.string()),
});
export type RetiringModelView = z.infer<typeof retiringModelView>;

const outputCeilings = z.object({ plain: z.number().int(), markdown: z.number().int() });

/** GET /v1/models. */
export const modelListResponse = z.object({
  models: z.array(catalogModelView),
  /** Per complexity, "provider:model" or null when nothing is set up. */
  defaults: z.record(z.string(), z.string().nullable()),
  fallbackModels: z.array(z.string()),
  /** Every member's tag editor shows these: what max output tokens a tag gets without a justification. */
  tokenLimits: z.object({ simple: outputCeilings, medium: outputCeilings, rare: outputCeilings }),
  tokenLimitJustifications: z.array(z.string()),
  /** Models of connected providers shutting down within 60 days, soonest first, for the dashboard. */
  retiringSoon: z.array(retiringModelView),
});
export type ModelListResponse = z.infer<typeof modelListResponse>;

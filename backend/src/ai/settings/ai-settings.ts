import { z } from 'zod';
import { alertSettingsSchema, defaultAlertSettings } from '../../organisation-settings/alert-settings';
import { catalogModelSchema, modelKey, modelPricesSchema, parseModelKey, type ModelReference } from '../models/model-catalog';
import { providerIds, type ProviderId } from '../providers/provider-adapter';

const modelKeySchema = z
  .string()
  .max(250)
  .refine((key) => parseModelKey(key) !== undefined, 'a model is written "provider:model", e.g. "openai:gpt-4o-mini"');

const periodLimitsSchema = z.strictObject({
  dailyUsd: z.number().positive().max(1_000_000).optional(),
  monthlyUsd: z.number().positive().max(10_000_000).optional(),
});
export type PeriodLimits = z.infer<typeof periodLimitsSchema>;

const outputLimitsSchema = z.strictObject({
  plain: z.number().int().min(16).max(200_000),
  markdown: z.number().int().min(16).max(200_000),
});

/**
 * An organisation's AI policy (SPEC.md sections 6 and 8). Stored at orgs/{orgId}/settings/ai; every field
 * has a default so an organisation that never opened Admin settings works out of the box.
 */
export const aiSettingsSchema = z.strictObject({
  /** Model per request complexity; unset ones use the server's default connection model. */
  defaultModels: z
    .strictObject({ simple: modelKeySchema.optional(), medium: modelKeySchema.optional(), rare: modelKeySchema.optional() })
    .default({}),
  /** null: every connected provider. */
  allowedProviders: z
    .array(z.enum(providerIds as [ProviderId, ...ProviderId[]]))
    .max(providerIds.length)
    .nullable()
    .default(null),
  /** null: every priced model of an allowed, connected provider. */
  allowedModels: z.array(modelKeySchema).max(200).nullable().default(null),
  /** Tried in order when the selected model keeps failing. */
  fallbackModels: z.array(modelKeySchema).max(5).default([]),
  /** 0 turns the response cache off. */
  cacheTtlSeconds: z
    .number()
    .int()
    .min(0)
    .max(30 * 24 * 3600)
    .default(24 * 3600),
  /**
   * When every provider is down (timeouts, 5xx, unreachable, rate limits: never a bad request, a refusal or the
   * budget), answer with the last good answer to the same prompt, marked as such, rather than fail the tag.
   */
  serveLastGoodAnswer: z.boolean().default(false),
  systemInstruction: z.string().max(4000).optional(),
  /** Tokens of document text and long field values a prompt may carry once summarised. */
  contextTokenBudget: z.number().int().min(256).max(1_000_000).default(8000),
  budgets: z
    .strictObject({
      organisation: periodLimitsSchema.default({}),
      perUser: periodLimitsSchema.default({}),
      /** userId → limits that replace perUser for that user. */
      userOverrides: z.record(z.string(), periodLimitsSchema).default({}),
      alertThreshold: z.number().gt(0).lt(1).default(0.8),
      criticalThreshold: z.number().gt(0).lt(1).default(0.95),
      perRequestCeilingUsd: z.number().positive().max(1000).optional(),
    })
    .refine((budgets) => budgets.alertThreshold < budgets.criticalThreshold, {
      message: 'the alert threshold must be below the critical threshold',
    })
    .default({ organisation: {}, perUser: {}, userOverrides: {}, alertThreshold: 0.8, criticalThreshold: 0.95 }),
  /** Ceiling on max output tokens per complexity and output format. */
  tokenLimits: z
    .strictObject({ simple: outputLimitsSchema, medium: outputLimitsSchema, rare: outputLimitsSchema })
    .default({ simple: { plain: 1024, markdown: 1536 }, medium: { plain: 2048, markdown: 3072 }, rare: { plain: 4096, markdown: 8192 } }),
  /** Reasons a tag may give to go above its token ceiling (up to the model's own maximum). */
  tokenLimitJustifications: z
    .array(z.string().min(1).max(100))
    .max(50)
    .default(['long-form-section', 'detailed-report', 'legal-or-compliance-text', 'table-heavy-output']),
  priceOverrides: z.record(modelKeySchema, modelPricesSchema).default({}),
  customModels: z.array(catalogModelSchema).max(100).default([]),
  /** Who is told when a budget threshold is crossed or AI errors spike; the Chat webhook is sealed apart. */
  alerts: alertSettingsSchema.default(defaultAlertSettings),
});

export type AiSettings = z.infer<typeof aiSettingsSchema>;

export const defaultAiSettings: AiSettings = aiSettingsSchema.parse({});

/** Whether the organisation's policy lets a request use this model (pricing and connection aside). */
export function isModelAllowed(settings: AiSettings, reference: ModelReference): boolean {
  if (settings.allowedProviders !== null && !settings.allowedProviders.includes(reference.provider)) return false;
  return settings.allowedModels === null || settings.allowedModels.includes(modelKey(reference));
}

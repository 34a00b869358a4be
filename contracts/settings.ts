import { z } from 'zod';
import { complexities, providerId, typedName } from './common';

/*
 * The organisation's AI policy: the one definition. PUT /v1/settings validates a save with it (limits,
 * defaults, model keys), the backend stores and reads settings through it (backend/src/ai/settings/ai-settings.ts),
 * and GET /v1/settings answers its output, which the add-on's admin page edits.
 */

/**
 * "provider:model", as settings name a model; the model part is the provider's own id. The provider part has
 * the shape of a provider id; whether that provider exists is the backend's registry (checked on save).
 */
export function isModelKey(key: string): boolean {
  const separator = key.indexOf(':');
  return separator > 0 && providerId.safeParse(key.slice(0, separator)).success && separator < key.length - 1;
}

const modelKey = z.string().max(250).refine(isModelKey, 'a model is written "provider:model", e.g. "openai:gpt-4o-mini"');

const price = z.number().min(0).max(10_000);

/** The prices of one tier, US dollars per million tokens, per token class the provider bills. */
const tierPricesShape = {
  input: price,
  /** Prompt tokens served from the provider's cache (OpenAI cached input, Anthropic cache read, Gemini cached content). */
  cachedInput: price,
  /** Prompt tokens written to the cache (Anthropic's 5-minute cache write); unset: billed as input. */
  cacheWrite: price.optional(),
  output: price,
  /** Reasoning or thinking tokens; unset: billed as output, which is what OpenAI, Anthropic and Google do. */
  reasoning: price.optional(),
};

/**
 * A model's prices. `longContext` is the tier a provider bills for a whole request once its prompt is above
 * a threshold (Gemini Pro above 200k prompt tokens, Claude Sonnet's 1M context above 200k input tokens).
 */
export const modelPrices = z
  .strictObject({
    ...tierPricesShape,
    longContext: z.strictObject({ aboveInputTokens: z.number().int().positive(), ...tierPricesShape }).optional(),
  })
  // The worst case of a request reserves at the long-context tier near its threshold: it must not be cheaper.
  .refine((prices) => !prices.longContext || (prices.longContext.input >= prices.input && prices.longContext.output >= prices.output), {
    message: 'long-context prices are at least the standard ones',
  });
export type ModelPrices = z.infer<typeof modelPrices>;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is written YYYY-MM-DD');

/** How a model is asked to reason; absent for models that do not. */
const reasoning = z.discriminatedUnion('style', [
  /** OpenAI's `reasoning_effort`: the lowest effort the model takes is used (a document section needs little). */
  z.strictObject({
    style: z.literal('openai-effort'),
    effort: z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max']),
    headroomTokens: z.number().int().min(0),
  }),
  /**
   * Anthropic: extended thinking is opt-in and left off; models whose adaptive thinking is always on get the
   * lowest `output_config.effort` and room for it within max_tokens.
   */
  z.strictObject({
    style: z.literal('anthropic-thinking'),
    effort: z.enum(['low', 'medium', 'high', 'xhigh', 'max']).optional(),
    headroomTokens: z.number().int().min(0).default(0),
  }),
  /** Gemini 2.5: `thinkingBudget`, 0 turns thinking off where the model allows it. */
  z.strictObject({ style: z.literal('gemini-budget'), budgetTokens: z.number().int().min(0), headroomTokens: z.number().int().min(0) }),
  /** Gemini 3: `thinkingLevel`; thinking cannot be turned off and shares maxOutputTokens with the answer. */
  z.strictObject({
    style: z.literal('gemini-level'),
    level: z.enum(['minimal', 'low', 'medium', 'high']),
    headroomTokens: z.number().int().min(0),
  }),
]);

/** A model of the catalog: built in (backend/src/ai/models/model-catalog.json), or one an organisation adds. */
export const customModel = z.strictObject({
  provider: providerId,
  id: z.string().min(1).max(200),
  /** Other ids the provider accepts for the same model (dated snapshots, "-latest" pointers). */
  aliases: z.array(z.string().min(1).max(200)).max(20).optional(),
  displayName: typedName(200),
  released: isoDate.optional(),
  /** The provider announced its retirement: still served, shown with its shutdown date. */
  deprecatedOn: isoDate.optional(),
  /** From this day the provider no longer serves it: never offered, never called. */
  shutsDownOn: isoDate.optional(),
  /** "provider:model" or a model id of the same provider to use instead. */
  replacement: z.string().min(1).max(250).optional(),
  contextWindow: z.number().int().positive(),
  maxOutputTokens: z.number().int().positive(),
  /** null: nobody has priced it yet, so it cannot be called (a model is never treated as free). */
  prices: modelPrices.nullable(),
  /** Labels shown to admins ("vision", "json", "reasoning", "structured-output"). */
  capabilities: z.array(z.string().max(40)).max(20).default([]),
  /** The temperature range the model takes; null: it refuses any but its default, so none is sent. Unset: 0..2. */
  temperature: z
    .strictObject({ min: z.number().min(0), max: z.number().max(2) })
    .refine((range) => range.min <= range.max, 'the temperature range runs from min to max')
    .nullable()
    .optional(),
  reasoning: reasoning.optional(),
  /** OpenAI's newer models take `max_completion_tokens` and refuse `max_tokens`. */
  outputLimitParameter: z.enum(['max_tokens', 'max_completion_tokens']).optional(),
  complexity: z.enum(complexities),
  /** Where the entry's facts were read, and when. */
  source: z.strictObject({ url: z.string().url(), readOn: isoDate }).optional(),
});
export type CustomModel = z.infer<typeof customModel>;

const periodLimits = z.strictObject({
  dailyUsd: z.number().positive().max(1_000_000).optional(),
  monthlyUsd: z.number().positive().max(10_000_000).optional(),
});
export type PeriodLimits = z.infer<typeof periodLimits>;

const outputLimits = z.strictObject({
  plain: z.number().int().min(16).max(200_000),
  markdown: z.number().int().min(16).max(200_000),
});
export type OutputLimits = z.infer<typeof outputLimits>;

export const budgetAlertLevels = ['alert', 'critical', 'exhausted'] as const;
export type BudgetAlertLevel = (typeof budgetAlertLevels)[number];

/** The clock-aligned windows calls are counted in: at most a day. */
const windowMinutes = z
  .number()
  .int()
  .min(1)
  .max(24 * 60)
  .default(15);

/** Below this many calls in a window, a few failures or slow answers are noise. */
const minimumRequests = z.number().int().min(1).max(100_000).default(20);

const errorSpike = z.strictObject({
  enabled: z.boolean().default(true),
  minimumRequests,
  /** Share of failed calls above which the window counts as a spike. */
  errorRate: z.number().gt(0).lt(1).default(0.25),
  windowMinutes,
});

/** A model whose 95th-percentile call time in a window is above p95Ms. */
const slowModel = z.strictObject({
  enabled: z.boolean().default(true),
  p95Ms: z.number().int().min(1000).max(600_000).default(30_000),
  minimumRequests,
  windowMinutes,
});

/** A provider that failed this many calls in a row (timeouts, 5xx, unreachable) with no answer between them. */
const providerDown = z.strictObject({
  enabled: z.boolean().default(true),
  consecutiveFailures: z.number().int().min(2).max(1000).default(5),
});

/**
 * Who hears about budget crossings, error spikes, slow models and providers down (SPEC.md section 8). The Google Chat webhook is not here:
 * its URL holds a secret, so it is sealed and set through PUT /v1/alerts/google-chat, never saved with the
 * versioned, readable settings.
 */
export const alertSettings = z.strictObject({
  emails: z
    .array(z.email('write an e-mail address such as finance@example.com').max(254))
    .max(20, 'at most 20 e-mail addresses')
    .default([]),
  onBudgetLevels: z
    .array(z.enum(budgetAlertLevels))
    .max(budgetAlertLevels.length)
    .default([...budgetAlertLevels]),
  errorSpike: errorSpike.default({ enabled: true, minimumRequests: 20, errorRate: 0.25, windowMinutes: 15 }),
  slowModel: slowModel.default({ enabled: true, p95Ms: 30_000, minimumRequests: 20, windowMinutes: 15 }),
  providerDown: providerDown.default({ enabled: true, consecutiveFailures: 5 }),
});
export type AlertSettings = z.infer<typeof alertSettings>;

export const budgetSettings = z
  .strictObject({
    organisation: periodLimits.default({}),
    perUser: periodLimits.default({}),
    /** userId → limits that replace perUser for that user. */
    userOverrides: z.record(z.string(), periodLimits).default({}),
    alertThreshold: z.number().gt(0).lt(1).default(0.8),
    criticalThreshold: z.number().gt(0).lt(1).default(0.95),
    perRequestCeilingUsd: z.number().positive().max(1000).optional(),
  })
  .refine((budgets) => budgets.alertThreshold < budgets.criticalThreshold, {
    message: 'the alert threshold must be below the critical threshold',
  });
export type BudgetSettings = z.infer<typeof budgetSettings>;

/**
 * An organisation's AI policy (SPEC.md sections 6 and 8). Stored at orgs/{orgId}/settings/ai; every field
 * has a default so an organisation that never opened Admin settings works out of the box.
 */
export const aiSettings = z.strictObject({
  /** "provider:model" per complexity; unset ones use the server's default connection model. */
  defaultModels: z.strictObject({ simple: modelKey.optional(), medium: modelKey.optional(), rare: modelKey.optional() }).default({}),
  /** null: every connected provider. */
  allowedProviders: z.array(providerId).max(50).nullable().default(null),
  /** null: every priced model of an allowed, connected provider. */
  allowedModels: z.array(modelKey).max(200).nullable().default(null),
  /** Tried in order when the selected model keeps failing. */
  fallbackModels: z.array(modelKey).max(5).default([]),
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
  budgets: budgetSettings.default({ organisation: {}, perUser: {}, userOverrides: {}, alertThreshold: 0.8, criticalThreshold: 0.95 }),
  /** Ceiling on max output tokens per complexity and output format. */
  tokenLimits: z
    .strictObject({ simple: outputLimits, medium: outputLimits, rare: outputLimits })
    .default({ simple: { plain: 1024, markdown: 1536 }, medium: { plain: 2048, markdown: 3072 }, rare: { plain: 4096, markdown: 8192 } }),
  /** Reasons a tag may give to go above its token ceiling (up to the model's own maximum). */
  tokenLimitJustifications: z
    .array(z.string().min(1).max(100))
    .max(50)
    .default(['long-form-section', 'detailed-report', 'legal-or-compliance-text', 'table-heavy-output']),
  priceOverrides: z.record(modelKey, modelPrices).default({}),
  customModels: z.array(customModel).max(100).default([]),
  /** Who is told when a budget threshold is crossed or AI errors spike; the Chat webhook is sealed apart. */
  alerts: alertSettings.default(alertSettings.parse({})),
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
  /**
   * The organisation's usable connections, ids and names only (never a key), so a template author can choose one
   * per tag where a provider has several.
   */
  connections: z.array(z.object({ id: z.string(), provider: z.string(), name: z.string() })),
});
export type ModelListResponse = z.infer<typeof modelListResponse>;

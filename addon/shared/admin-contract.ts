/**
 * Shapes the admin dialog's settings screens exchange with the add-on server functions. They mirror the
 * backend's views (backend/src/keys/connection-view.ts, settings, members, audit, session routes); the add-on
 * cannot import backend code, so they are written out here. Everything is plain JSON: google.script.run
 * carries no Dates.
 */

export const providerIds = ['openai', 'anthropic', 'gemini', 'openai-compatible'] as const;
export type ProviderId = (typeof providerIds)[number];

export const providerNames: Record<ProviderId, string> = {
  openai: 'OpenAI',
  anthropic: 'Anthropic',
  gemini: 'Gemini',
  'openai-compatible': 'OpenAI-compatible',
};

export const roles = ['member', 'admin', 'owner'] as const;
export type Role = (typeof roles)[number];

export const complexities = ['simple', 'medium', 'rare'] as const;
export type Complexity = (typeof complexities)[number];

export type BudgetLevel = 'normal' | 'alert' | 'critical' | 'exhausted';

/** Who opened the dialog: the page shows admin screens only when the backend says the role allows them. */
export interface AdminSession {
  email: string;
  organisationId: string;
  role: Role;
  isAdmin: boolean;
}

export interface ConnectionView {
  id: string;
  provider: ProviderId;
  name: string;
  baseUrl: string | null;
  defaultModel: string | null;
  enabled: boolean;
  fingerprint: string;
  lastFour: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  rotatedAt: string | null;
  lastTest: { ok: boolean; at: string; message: string; latencyMs: number } | null;
}

export interface NewConnectionInput {
  provider: ProviderId;
  name: string;
  apiKey: string;
  baseUrl?: string;
  defaultModel?: string;
}

export interface ConnectionChange {
  name?: string;
  /** A new endpoint needs `apiKey` with it: a stored key only ever goes to the endpoint it was entered for. */
  baseUrl?: string | null;
  apiKey?: string;
  defaultModel?: string | null;
  enabled?: boolean;
}

export interface ConnectionTestView {
  ok: boolean;
  message: string;
  latencyMs: number;
  model: string;
}

export interface ModelPrices {
  input: number;
  cachedInput: number;
  output: number;
}

export interface CustomModel {
  provider: ProviderId;
  id: string;
  displayName: string;
  contextWindow: number;
  maxOutputTokens: number;
  prices: ModelPrices | null;
  capabilities?: string[];
  complexity: Complexity;
}

export interface PeriodLimits {
  dailyUsd?: number;
  monthlyUsd?: number;
}

export interface BudgetSettings {
  organisation: PeriodLimits;
  perUser: PeriodLimits;
  userOverrides: Record<string, PeriodLimits>;
  alertThreshold: number;
  criticalThreshold: number;
  perRequestCeilingUsd?: number;
}

export interface OutputLimits {
  plain: number;
  markdown: number;
}

/**
 * The organisation's AI policy as GET /v1/settings returns it (backend/src/ai/settings/ai-settings.ts). The
 * index signature keeps sections this page does not edit (they are sent back untouched).
 */
export interface AdminAiSettings {
  defaultModels: Partial<Record<Complexity, string>>;
  allowedProviders: ProviderId[] | null;
  allowedModels: string[] | null;
  fallbackModels: string[];
  cacheTtlSeconds: number;
  systemInstruction?: string;
  contextTokenBudget: number;
  budgets: BudgetSettings;
  tokenLimits: Record<Complexity, OutputLimits>;
  tokenLimitJustifications: string[];
  priceOverrides: Record<string, ModelPrices>;
  customModels: CustomModel[];
  alerts?: AlertSettingsView;
  [section: string]: unknown;
}

export interface SettingsView {
  version: number;
  updatedAt: string | null;
  updatedBy: string | null;
  settings: AdminAiSettings;
}

/** A save refused because someone else saved first is an answer the page acts on, not an error. */
export type SaveSettingsOutcome =
  { status: 'saved'; view: SettingsView } | { status: 'conflict'; detail: string; latestVersion: number | null };

export interface CatalogModelView {
  key: string;
  provider: ProviderId;
  id: string;
  displayName: string;
  complexity: Complexity;
  contextWindow: number;
  maxOutputTokens: number;
  pricesPerMillionTokens: ModelPrices | null;
  /** Retired models are never listed; a deprecated one is still served until shutsDownOn. */
  lifecycle: 'current' | 'deprecated';
  deprecatedOn: string | null;
  shutsDownOn: string | null;
  /** "provider:model" to use instead. */
  replacement: string | null;
  /** The temperature range the model takes; null when it takes none. */
  temperature: { min: number; max: number } | null;
  allowed: boolean;
  connected: boolean;
}

/** A model the organisation reaches that its provider shuts down within 60 days (or has, while still named). */
export interface RetiringModelView {
  key: string;
  displayName: string;
  shutsDownOn: string;
  /** 0 or less: already shut down. */
  daysLeft: number;
  replacement: string | null;
  /** Where the organisation's settings name it ("default for simple tags", "fallback"). */
  usedAs: string[];
}

export interface ModelCatalogView {
  models: CatalogModelView[];
  defaults: Record<string, string | null>;
  fallbackModels: string[];
  /** Output-token ceilings per complexity and format, and the reasons accepted for going above them. */
  tokenLimits: Record<string, { plain: number; markdown: number }>;
  tokenLimitJustifications: string[];
  /** Soonest first. */
  retiringSoon: RetiringModelView[];
}

export interface BudgetStatusEntry {
  scope: 'organisation' | 'user';
  period: 'day' | 'month';
  /** "2026-11-23" or "2026-11" */
  periodKey: string;
  limitUsd: number;
  spentUsd: number;
  reservedUsd: number;
  usedShare: number;
  level: BudgetLevel;
}

export interface BudgetStatusView {
  level: BudgetLevel;
  budgets: BudgetStatusEntry[];
}

export const budgetAlertLevels = ['alert', 'critical', 'exhausted'] as const;
export type BudgetAlertLevel = (typeof budgetAlertLevels)[number];

/** The `alerts` section of the settings (backend/src/alerts/alert-settings.ts): who hears about what. */
export interface AlertSettingsView {
  emails: string[];
  onBudgetLevels: BudgetAlertLevel[];
  errorSpike: { enabled: boolean; minimumRequests: number; errorRate: number; windowMinutes: number };
  [field: string]: unknown;
}

/** The Google Chat webhook is write-only: whether one is set, masked, and its fingerprint; never the URL. */
export interface GoogleChatChannelView {
  configured: boolean;
  url: string | null;
  fingerprint: string | null;
  configuredAt: string | null;
  configuredBy: string | null;
}

export interface ChannelResultView {
  channel: 'google-chat' | 'email';
  status: 'sent' | 'failed' | 'undeliverable';
  detail?: string;
}

export interface AlertView {
  id: string;
  kind: 'budget' | 'errors_spike';
  level: string | null;
  text: string;
  raisedAt: string | null;
  status: 'pending' | 'retrying' | 'delivered' | 'failed' | 'undeliverable';
  delivered: boolean;
  deliveredAt: string | null;
  attempts: number;
  channels: ChannelResultView[];
  deliveryError: string | null;
  undeliverable: string | null;
}

export interface AlertsView {
  channels: { googleChat: GoogleChatChannelView; email: { addresses: string[]; unavailable: string | null } };
  alerts: AlertView[];
}

export interface AlertTestView {
  ok: boolean;
  message: string;
  channels: ChannelResultView[];
}

export interface MemberView {
  userId: string;
  email: string;
  role: Role;
  removed: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface MemberChange {
  role?: Role;
  removed?: boolean;
}

export interface AuditEntryView {
  id: string;
  at: string;
  actorUserId: string;
  actorEmail: string;
  action: string;
  target: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export interface AuditPageView {
  entries: AuditEntryView[];
  next?: string;
}

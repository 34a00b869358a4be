import type { BudgetStatusView, RetiringModelView } from './admin-contract';

/**
 * Server functions behind the usage dashboard of the admin dialog (SPEC.md section 8), and what they return.
 * The shapes mirror the backend's GET /v1/usage/summary and GET /v1/budget answers.
 */

/** `organisation` is for admins; members always see their own usage. */
export type UsageScope = 'mine' | 'organisation';

export interface UsagePeriodInput {
  /** First UTC day, YYYY-MM-DD, inclusive. */
  from: string;
  /** Last UTC day, YYYY-MM-DD, inclusive. */
  to: string;
  scope: UsageScope;
}

/** Totals of one group of usage records; the definitions are the backend's (backend/src/usage/usage-summary.ts). */
export interface UsageTotalsView {
  requests: number;
  attempts: number;
  cachedRequests: number;
  errorAttempts: number;
  failedRequests: number;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  costUsd: number;
  costNanoDollars: number;
  /** 0..1 */
  cacheHitRate: number;
  /** 0..1 */
  errorRate: number;
  averageLatencyMs: number;
  p95LatencyMs: number;
}

export interface UsageBreakdownRowView extends UsageTotalsView {
  key: string;
}

export interface UsageSummaryView {
  from: string;
  to: string;
  scope: UsageScope;
  /** Usage records read for the period. */
  records: number;
  totals: UsageTotalsView;
  /** Every day of the period, ascending, days without usage included. */
  byDay: UsageBreakdownRowView[];
  byUser: UsageBreakdownRowView[];
  /** Keyed `${provider}:${servedModel}`. */
  byModel: UsageBreakdownRowView[];
  byProvider: UsageBreakdownRowView[];
  /** Keyed by template (document) id, or '(none)'. */
  byTemplate: UsageBreakdownRowView[];
  /** Keyed by tag, or '(none)'. */
  byTag: UsageBreakdownRowView[];
}

/** Everything one dashboard view needs, fetched in one Apps Script execution. */
export interface UsageDashboardData {
  summary: UsageSummaryView;
  budget: BudgetStatusView;
  viewer: {
    email: string;
    role: 'member' | 'admin' | 'owner';
    /** Whether the organisation can fill at all: a provider connection (its own or the server's) exists. */
    providerConfigured: boolean;
  };
  /** userId → e-mail, for the user breakdown (admins viewing the organisation; otherwise the viewer only). */
  userEmails: Record<string, string>;
  /** template (document) id → its name, where the organisation has configured it. */
  templateNames: Record<string, string>;
  /** For admins: connected models their providers shut down within 60 days, soonest first. */
  retiringModels: RetiringModelView[];
  /** How long the backend calls took inside the execution, for the benchmark and the page's footer. */
  serverMs: number;
}

export interface UsageCsvExport {
  filename: string;
  csv: string;
  /** Data rows (the header excluded). */
  rows: number;
}

export interface UsageDashboardApi {
  getUsageDashboard(input: UsagePeriodInput): UsageDashboardData;
  exportUsageCsv(input: UsagePeriodInput): UsageCsvExport;
}

export const usageDashboardFunctionNames = ['getUsageDashboard', 'exportUsageCsv'] as const;

// Fails to compile when a function of UsageDashboardApi is missing from the list above.
type MissingName = Exclude<keyof UsageDashboardApi, (typeof usageDashboardFunctionNames)[number]>;
const everyNameListed: MissingName extends never ? true : never = true;
void everyNameListed;

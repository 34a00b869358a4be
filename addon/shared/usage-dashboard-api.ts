import type { BudgetStatusView, RetiringModelView } from './admin-contract';

import type { AlertView } from '../../contracts/alerts';
import type { SatisfactionBreakdownRow, UsageBreakdownRow, UsagePeriod, UsageSummaryResponse, UsageTotals } from '../../contracts/usage';

/**
 * Server functions behind the usage dashboard of the admin dialog (SPEC.md section 8), and what they return.
 * The backend's answers (GET /v1/usage/summary, GET /v1/budget) are the contract's types.
 */

/** `organisation` is for admins; members always see their own usage. */
export type UsageScope = UsagePeriod['scope'];

/** First and last UTC day (YYYY-MM-DD, inclusive) and whose usage. */
export type UsagePeriodInput = UsagePeriod;

/** Totals of one group of usage records; the definitions are the backend's (backend/src/usage/usage-summary.ts). */
export type UsageTotalsView = UsageTotals;
export type UsageBreakdownRowView = UsageBreakdownRow;
export type UsageSummaryView = UsageSummaryResponse;
/** 👍/👎 counts of one group; the definitions are the backend's (backend/src/feedback/satisfaction-summary.ts). */
export type SatisfactionBreakdownRowView = SatisfactionBreakdownRow;

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
  /** provider id → its display name, as the backend's registry gives them. */
  providerNames: Record<string, string>;
  /** For admins: connected models their providers shut down within 60 days, soonest first. */
  retiringModels: RetiringModelView[];
  /**
   * For admins viewing the organisation: its most recent alerts (budget, errors spike, slow model, provider
   * down), newest first, with what each said and how it was delivered; null when not shown.
   */
  alerts: AlertView[] | null;
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

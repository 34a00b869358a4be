import type { HubSpotConnectionInput, HubSpotConnectionTestResponse, HubSpotConnectionView } from '../../contracts/hubspot';
import type { AlertListResponse, AlertView, ChannelResult, GoogleChatView, TestAlertResponse } from '../../contracts/alerts';
import type { CostReportSubscriptionView as ContractCostReportSubscriptionView } from '../../contracts/reports';
import type { AuditEntryView as ContractAuditEntryView, AuditPageResponse } from '../../contracts/audit';
import type { BillingEventsResponse, BillingEventView as ContractBillingEventView } from '../../contracts/billing';
import type {
  Complexity as ContractComplexity,
  ProviderId as ContractProviderId,
  Role as ContractRole,
  BudgetLevel as ContractBudgetLevel,
} from '../../contracts/common';
import type {
  ConnectionChange as ContractConnectionChange,
  ConnectionTestResponse,
  ConnectionView as ContractConnectionView,
  NewConnection,
} from '../../contracts/connections';
import type { ConfigurationExportResponse, ConfigurationImportRequest, ConfigurationImportResponse } from '../../contracts/configuration';
import type { ProviderView as ContractProviderView } from '../../contracts/providers';
import type { MemberChange as ContractMemberChange, MemberView as ContractMemberView } from '../../contracts/members';
import type { BudgetStatusEntry as ContractBudgetStatusEntry, BudgetStatusResponse } from '../../contracts/session';
import type {
  AiSettings,
  AlertSettings,
  BudgetAlertLevel as ContractBudgetAlertLevel,
  BudgetSettings as ContractBudgetSettings,
  CatalogModelView as ContractCatalogModelView,
  CustomModel as ContractCustomModel,
  ModelListResponse,
  ModelPrices as ContractModelPrices,
  OutputLimits as ContractOutputLimits,
  PeriodLimits as ContractPeriodLimits,
  RetiringModelView as ContractRetiringModelView,
  SettingsResponse,
} from '../../contracts/settings';

/**
 * What the admin dialog's screens exchange with the add-on server functions. The backend's answers and
 * requests are the contract's types (contracts/, imported as types only: nothing of it reaches Apps Script or
 * the page); the names here are what the screens call them. Everything is plain JSON: google.script.run carries
 * no Dates.
 */

export type ProviderId = ContractProviderId;
/** Configuration as code: the organisation's configuration as YAML, and what importing a file changes. */
export type ConfigurationFileView = ConfigurationExportResponse;
export type ConfigurationImportInput = ConfigurationImportRequest;
export type ConfigurationImportView = ConfigurationImportResponse;
/** A provider the backend can connect to (GET /v1/providers): the pages list providers from these, not from a list of their own. */
export type ProviderView = ContractProviderView;
export type Role = ContractRole;
export type Complexity = ContractComplexity;
export type BudgetLevel = ContractBudgetLevel;
export type BudgetAlertLevel = ContractBudgetAlertLevel;

// The pages need these lists at run time, and contracts/ reach the add-on as types only: `satisfies` checks
// that each names only values of its contract type, and _everyValueListed that it names all of them.
export const roles = ['member', 'admin', 'owner'] as const satisfies readonly Role[];
export const complexities = ['simple', 'medium', 'rare'] as const satisfies readonly Complexity[];
export const budgetAlertLevels = ['alert', 'critical', 'exhausted'] as const satisfies readonly BudgetAlertLevel[];

type Unlisted<Union, List extends readonly unknown[]> = Exclude<Union, List[number]>;
const _everyValueListed: [
  Unlisted<Role, typeof roles>,
  Unlisted<Complexity, typeof complexities>,
  Unlisted<BudgetAlertLevel, typeof budgetAlertLevels>,
] extends [never, never, never]
  ? true
  : never = true;

/** Who opened the dialog: the page shows admin screens only when the backend says the role allows them. */
export interface AdminSession {
  email: string;
  organisationId: string;
  role: Role;
  isAdmin: boolean;
}

export type ConnectionView = ContractConnectionView;
export type NewConnectionInput = NewConnection;
/** A new endpoint needs `apiKey` with it: a stored key only ever goes to the endpoint it was entered for. */
export type ConnectionChange = ContractConnectionChange;
export type ConnectionTestView = ConnectionTestResponse;

export type ModelPrices = ContractModelPrices;
export type CustomModel = ContractCustomModel;
export type PeriodLimits = ContractPeriodLimits;
export type BudgetSettings = ContractBudgetSettings;
export type OutputLimits = ContractOutputLimits;
/** The organisation's AI policy as GET /v1/settings answers it; the page sends it back whole. */
export type AdminAiSettings = AiSettings;
export type SettingsView = SettingsResponse;

/** A save refused because someone else saved first is an answer the page acts on, not an error. */
export type SaveSettingsOutcome =
  { status: 'saved'; view: SettingsView } | { status: 'conflict'; detail: string; latestVersion: number | null };

export type CatalogModelView = ContractCatalogModelView;
/** A model the organisation reaches that its provider shuts down within 60 days (or has, while still named). */
export type RetiringModelView = ContractRetiringModelView;
export type ModelCatalogView = ModelListResponse;

export type BudgetStatusEntry = ContractBudgetStatusEntry;
export type BudgetStatusView = BudgetStatusResponse;

/** The `alerts` section of the settings: who hears about what. */
export type AlertSettingsView = AlertSettings;
/** The Google Chat webhook is write-only: whether one is set, masked, and its fingerprint; never the URL. */
export type GoogleChatChannelView = GoogleChatView;
export type ChannelResultView = ChannelResult;
export type { AlertView };
export type AlertsView = AlertListResponse;
export type AlertTestView = TestAlertResponse;
/** The signed-in admin's own choice of cost reports by e-mail (GET/PUT /v1/reports/subscription). */
export type CostReportSubscriptionView = ContractCostReportSubscriptionView;

export type MemberView = ContractMemberView;
export type MemberChange = ContractMemberChange;

export type AuditEntryView = ContractAuditEntryView;
export type AuditPageView = AuditPageResponse;

export type BillingEventView = ContractBillingEventView;
export type BillingEventsView = BillingEventsResponse;
/** A period of billing events as CSV, named for the download. */
export interface BillingCsvExport {
  filename: string;
  csv: string;
}

/** The HubSpot connection as an admin may see it (fingerprints, never the token); null when none is saved. */
export type HubSpotConnectionSummary = HubSpotConnectionView | null;
export type HubSpotConnectionInputView = HubSpotConnectionInput;
export type HubSpotConnectionTestView = HubSpotConnectionTestResponse;

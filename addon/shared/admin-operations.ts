import type {
  AdminAiSettings,
  AdminSession,
  AlertsView,
  AlertTestView,
  AuditPageView,
  BillingCsvExport,
  BillingEventsView,
  BudgetStatusView,
  ConfigurationFileView,
  ConfigurationImportInput,
  ConfigurationImportView,
  ConnectionChange,
  ConnectionTestView,
  ConnectionView,
  CostReportSubscriptionView,
  GoogleChatChannelView,
  HubSpotConnectionInputView,
  HubSpotConnectionSummary,
  HubSpotConnectionTestView,
  MemberChange,
  MemberView,
  ModelCatalogView,
  NewConnectionInput,
  ProviderView,
  SaveSettingsOutcome,
  SettingsView,
} from './admin-contract';

/**
 * What the admin dialog's settings screens ask the add-on server, by operation: each is one backend call with
 * the user's identity token (the backend enforces roles, so a member asking an admin operation gets the
 * backend's 403 `detail` as the error message). The page calls them all through one server function,
 * `adminCall(operation, input)`; inputs and outputs are the contract's types.
 */
export interface AdminOperations {
  /** Who is signed in and whether the admin screens apply (GET /v1/session). */
  getAdminSession: { input: undefined; output: AdminSession };
  /** The providers the backend can connect to, in its order of preference (GET /v1/providers). */
  listProviders: { input: undefined; output: ProviderView[] };
  listConnections: { input: undefined; output: ConnectionView[] };
  addConnection: { input: NewConnectionInput; output: ConnectionView };
  updateConnection: { input: { connectionId: string; change: ConnectionChange }; output: ConnectionView };
  /** A real, cheap call with the stored key; a key that fails is still an answer (`ok: false`). */
  testConnection: { input: { connectionId: string; model?: string | null }; output: ConnectionTestView };
  rotateConnectionKey: { input: { connectionId: string; apiKey: string }; output: ConnectionView };
  deleteConnection: { input: { connectionId: string }; output: void };
  getAdminSettings: { input: undefined; output: SettingsView };
  /** The catalog with the organisation's prices and whether each model is allowed and connected. */
  listCatalogModels: { input: undefined; output: ModelCatalogView };
  /** Saves on top of `baseVersion`; someone else's save meanwhile is `{ status: 'conflict' }`. */
  saveAdminSettings: { input: { baseVersion: number; settings: AdminAiSettings }; output: SaveSettingsOutcome };
  /** Consumption and level per budget that applies to the caller (GET /v1/budget). */
  getAdminBudgetStatus: { input: undefined; output: BudgetStatusView };
  /** The alert channels (the Google Chat webhook only as "configured", masked) and recent alerts (GET /v1/alerts). */
  getAlerts: { input: undefined; output: AlertsView };
  /** Seals a new Google Chat incoming webhook; it is never shown again. */
  setGoogleChatWebhook: { input: { url: string }; output: GoogleChatChannelView };
  removeGoogleChatWebhook: { input: undefined; output: void };
  /** Sends a test message to the configured alert channels (POST /v1/alerts/test). */
  sendTestAlert: { input: undefined; output: AlertTestView };
  /** Whether the signed-in admin receives the daily and the weekly cost report by e-mail. */
  getCostReportSubscription: { input: undefined; output: CostReportSubscriptionView };
  setCostReportSubscription: { input: { daily: boolean; weekly: boolean }; output: CostReportSubscriptionView };
  /** The organisation's configuration as a YAML file (GET /v1/configuration). */
  exportConfiguration: { input: undefined; output: ConfigurationFileView };
  /** What a configuration file changes (a dry run), or imports it (POST /v1/configuration/import). */
  importConfiguration: { input: ConfigurationImportInput; output: ConfigurationImportView };
  listMembers: { input: undefined; output: MemberView[] };
  updateMember: { input: { userId: string; change: MemberChange }; output: MemberView };
  removeMember: { input: { userId: string }; output: MemberView };
  /** Newest first; pass the previous page's `next` for the following page. */
  listAuditEntries: { input: { after?: string | null }; output: AuditPageView };
  /** Money events of a period (UTC days), oldest first; pass the previous page's `next` for the following page. */
  listBillingEvents: { input: { from: string; to: string; after?: string | null }; output: BillingEventsView };
  exportBillingEvents: { input: { from: string; to: string }; output: BillingCsvExport };
  /** The organisation's HubSpot connection, or null when none is saved (GET /v1/hubspot/connection). */
  getHubSpotConnection: { input: undefined; output: HubSpotConnectionSummary };
  /** Tests the token with a real HubSpot call, then seals it (PUT /v1/hubspot/connection). */
  saveHubSpotConnection: { input: HubSpotConnectionInputView; output: NonNullable<HubSpotConnectionSummary> };
  testHubSpotConnection: { input: undefined; output: HubSpotConnectionTestView };
  deleteHubSpotConnection: { input: undefined; output: void };
}

export type AdminOperation = keyof AdminOperations;
export type AdminInput<Operation extends AdminOperation> = AdminOperations[Operation]['input'];
export type AdminOutput<Operation extends AdminOperation> = AdminOperations[Operation]['output'];
/** The arguments after the operation's name: none when it takes no input. */
export type AdminArguments<Operation extends AdminOperation> = AdminInput<Operation> extends undefined ? [] : [AdminInput<Operation>];

/** The one server function behind the settings screens; the page calls it through callAdmin (addon/client/common). */
export interface AdminCallApi {
  adminCall(operation: AdminOperation, input?: unknown): unknown;
}

import type {
  AdminAiSettings,
  AdminSession,
  AlertsView,
  AlertTestView,
  GoogleChatChannelView,
  AuditPageView,
  BudgetStatusView,
  ConnectionChange,
  ConnectionTestView,
  ConnectionView,
  MemberChange,
  MemberView,
  ModelCatalogView,
  NewConnectionInput,
  SaveSettingsOutcome,
  SettingsView,
} from './admin-contract';

/**
 * Server functions behind the admin dialog's settings screens. Each is one call to the backend with the
 * user's identity token: the backend enforces roles, so a member calling an admin function gets the backend's
 * 403 `detail` as the error message.
 */
export interface AdminSettingsApi {
  /** Who is signed in and whether the admin screens apply (GET /v1/session). */
  getAdminSession(): AdminSession;
  listConnections(): ConnectionView[];
  addConnection(input: NewConnectionInput): ConnectionView;
  updateConnection(connectionId: string, change: ConnectionChange): ConnectionView;
  /** A real, cheap call with the stored key; a key that fails is still an answer (`ok: false`). */
  testConnection(connectionId: string, model?: string | null): ConnectionTestView;
  rotateConnectionKey(connectionId: string, apiKey: string): ConnectionView;
  deleteConnection(connectionId: string): void;
  getAdminSettings(): SettingsView;
  /** The catalog with the organisation's prices and whether each model is allowed and connected. */
  listCatalogModels(): ModelCatalogView;
  /** Saves on top of `baseVersion`; someone else's save meanwhile is `{ status: 'conflict' }`. */
  saveAdminSettings(baseVersion: number, settings: AdminAiSettings): SaveSettingsOutcome;
  /** Consumption and level per budget that applies to the caller (GET /v1/budget). */
  getAdminBudgetStatus(): BudgetStatusView;
  /** The alert channels (the Google Chat webhook only as "configured", masked) and recent alerts (GET /v1/alerts). */
  getAlerts(): AlertsView;
  /** Seals a new Google Chat incoming webhook; it is never shown again. */
  setGoogleChatWebhook(url: string): GoogleChatChannelView;
  removeGoogleChatWebhook(): void;
  /** Sends a test message to the configured alert channels (POST /v1/alerts/test). */
  sendTestAlert(): AlertTestView;
  listMembers(): MemberView[];
  updateMember(userId: string, change: MemberChange): MemberView;
  removeMember(userId: string): MemberView;
  /** Newest first; pass the previous page's `next` for the following page. */
  listAuditEntries(after?: string | null): AuditPageView;
}

export const adminSettingsFunctionNames = [
  'getAdminSession',
  'listConnections',
  'addConnection',
  'updateConnection',
  'testConnection',
  'rotateConnectionKey',
  'deleteConnection',
  'getAdminSettings',
  'listCatalogModels',
  'saveAdminSettings',
  'getAdminBudgetStatus',
  'getAlerts',
  'setGoogleChatWebhook',
  'removeGoogleChatWebhook',
  'sendTestAlert',
  'listMembers',
  'updateMember',
  'removeMember',
  'listAuditEntries',
] as const;

// Fails to compile when a function of AdminSettingsApi is missing from the list above.
type MissingName = Exclude<keyof AdminSettingsApi, (typeof adminSettingsFunctionNames)[number]>;
const everyNameListed: MissingName extends never ? true : never = true;
void everyNameListed;

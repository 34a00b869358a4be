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
} from '../../shared/admin-contract';
import type { AdminSettingsApi } from '../../shared/admin-settings-api';
import { BackendProblem, createBackendCall } from '../backend/backend-call';
import { showAdminSettingsDialog } from '../gas/ui';
import { backendClientOptions } from '../gas/services';
import { createAdminBackendClient, type AdminBackendClient } from './admin-backend-client';

/**
 * The admin dialog's google.script.run targets and its menu handler. Every function is one backend call
 * with the signed-in user's identity token; the backend decides what the role allows, and its problem+json
 * `detail` (what to fix) becomes the error message the page shows.
 */

function adminBackend(): AdminBackendClient {
  return createAdminBackendClient(createBackendCall(backendClientOptions()));
}

/** A backend refusal as an Error whose message is the backend's `detail`: google.script.run hands only the message to the page. */
function withBackend<Result>(run: (backend: AdminBackendClient) => Result): Result {
  try {
    return run(adminBackend());
  } catch (error) {
    if (error instanceof BackendProblem) throw new Error(error.detail);
    throw error;
  }
}

function text(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new Error(`The page sent no ${what}.`);
  return value;
}

export function showAdminSettings(): void {
  showAdminSettingsDialog();
}

export function getAdminSession(): AdminSession {
  return withBackend((backend) => {
    const session = backend.getSession();
    return {
      email: session.email,
      organisationId: session.organisationId,
      role: session.role,
      isAdmin: session.role === 'admin' || session.role === 'owner',
    };
  });
}

export function listConnections(): ConnectionView[] {
  return withBackend((backend) => backend.listConnections());
}

export function addConnection(input: NewConnectionInput): ConnectionView {
  return withBackend((backend) => backend.addConnection(input));
}

export function updateConnection(connectionId: string, change: ConnectionChange): ConnectionView {
  return withBackend((backend) => backend.updateConnection(text(connectionId, 'connection'), change));
}

export function testConnection(connectionId: string, model?: string | null): ConnectionTestView {
  return withBackend((backend) =>
    backend.testConnection(text(connectionId, 'connection'), typeof model === 'string' && model.trim() !== '' ? model.trim() : undefined),
  );
}

export function rotateConnectionKey(connectionId: string, apiKey: string): ConnectionView {
  return withBackend((backend) => backend.rotateConnectionKey(text(connectionId, 'connection'), apiKey));
}

export function deleteConnection(connectionId: string): void {
  withBackend((backend) => backend.deleteConnection(text(connectionId, 'connection')));
}

export function getAdminSettings(): SettingsView {
  return withBackend((backend) => backend.getSettings());
}

export function listCatalogModels(): ModelCatalogView {
  return withBackend((backend) => backend.listModels());
}

export function saveAdminSettings(baseVersion: number, settings: AdminAiSettings): SaveSettingsOutcome {
  try {
    return { status: 'saved', view: adminBackend().saveSettings(baseVersion, settings) };
  } catch (error) {
    if (error instanceof BackendProblem && error.status === 409) {
      const latest = error.body.latestVersion;
      return { status: 'conflict', detail: error.detail, latestVersion: typeof latest === 'number' ? latest : null };
    }
    if (error instanceof BackendProblem) throw new Error(error.detail);
    throw error;
  }
}

export function getAdminBudgetStatus(): BudgetStatusView {
  return withBackend((backend) => backend.getBudgetStatus());
}

export function getAlerts(): AlertsView {
  return withBackend((backend) => backend.getAlerts());
}

export function setGoogleChatWebhook(url: string): GoogleChatChannelView {
  return withBackend((backend) => backend.setGoogleChatWebhook(text(url, 'webhook URL').trim()));
}

export function removeGoogleChatWebhook(): void {
  withBackend((backend) => backend.removeGoogleChatWebhook());
}

export function sendTestAlert(): AlertTestView {
  return withBackend((backend) => backend.sendTestAlert());
}

export function listMembers(): MemberView[] {
  return withBackend((backend) => backend.listMembers());
}

export function updateMember(userId: string, change: MemberChange): MemberView {
  return withBackend((backend) => backend.updateMember(text(userId, 'member'), change));
}

export function removeMember(userId: string): MemberView {
  return withBackend((backend) => backend.removeMember(text(userId, 'member')));
}

export function listAuditEntries(after?: string | null): AuditPageView {
  return withBackend((backend) => backend.listAuditEntries(typeof after === 'string' && after !== '' ? after : undefined));
}

// The compiler checks here that these functions match what the dialog expects to call.
const adminSettingsFunctions = {
  getAdminSession,
  listConnections,
  addConnection,
  updateConnection,
  testConnection,
  rotateConnectionKey,
  deleteConnection,
  getAdminSettings,
  listCatalogModels,
  saveAdminSettings,
  getAdminBudgetStatus,
  getAlerts,
  setGoogleChatWebhook,
  removeGoogleChatWebhook,
  sendTestAlert,
  listMembers,
  updateMember,
  removeMember,
  listAuditEntries,
} satisfies AdminSettingsApi;
void adminSettingsFunctions;

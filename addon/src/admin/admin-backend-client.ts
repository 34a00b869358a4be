import type {
  AdminAiSettings,
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
  Role,
  SettingsView,
} from '../../shared/admin-contract';
import { pathSegment, type BackendCall } from '../backend/backend-call';

export interface BackendSessionView {
  email: string;
  organisationId: string;
  role: Role;
}

/** Typed calls behind the admin dialog's settings screens; roles are the backend's to enforce. */
export function createAdminBackendClient(call: BackendCall) {
  const connectionPath = (connectionId: string) => `/v1/connections/${pathSegment(connectionId)}`;
  return {
    getSession: () => call<BackendSessionView>('get', '/v1/session').body,
    listConnections: () => call<{ connections: ConnectionView[] }>('get', '/v1/connections').body.connections,
    addConnection: (input: NewConnectionInput) => call<ConnectionView>('post', '/v1/connections', { body: input }).body,
    updateConnection: (connectionId: string, change: ConnectionChange) =>
      call<ConnectionView>('patch', connectionPath(connectionId), { body: change }).body,
    testConnection: (connectionId: string, model?: string) =>
      call<ConnectionTestView>('post', `${connectionPath(connectionId)}/test`, { body: model === undefined ? {} : { model } }).body,
    rotateConnectionKey: (connectionId: string, apiKey: string) =>
      call<ConnectionView>('post', `${connectionPath(connectionId)}/rotate`, { body: { apiKey } }).body,
    deleteConnection: (connectionId: string) => {
      call<void>('delete', connectionPath(connectionId));
    },
    getSettings: () => call<SettingsView>('get', '/v1/settings').body,
    saveSettings: (baseVersion: number, settings: AdminAiSettings) =>
      call<SettingsView>('put', '/v1/settings', { body: { baseVersion, settings } }).body,
    listModels: () => call<ModelCatalogView>('get', '/v1/models').body,
    getBudgetStatus: () => call<BudgetStatusView>('get', '/v1/budget').body,
    getAlerts: () => call<AlertsView>('get', '/v1/alerts', { query: { limit: 10 } }).body,
    setGoogleChatWebhook: (url: string) => call<GoogleChatChannelView>('put', '/v1/alerts/google-chat', { body: { url } }).body,
    removeGoogleChatWebhook: () => {
      call<void>('delete', '/v1/alerts/google-chat');
    },
    sendTestAlert: () => call<AlertTestView>('post', '/v1/alerts/test', { body: {} }).body,
    listMembers: () => call<{ members: MemberView[] }>('get', '/v1/members').body.members,
    updateMember: (userId: string, change: MemberChange) =>
      call<MemberView>('patch', `/v1/members/${pathSegment(userId)}`, { body: change }).body,
    removeMember: (userId: string) => call<MemberView>('delete', `/v1/members/${pathSegment(userId)}`).body,
    listAuditEntries: (after?: string) => call<AuditPageView>('get', '/v1/audit', { query: { limit: 25, after } }).body,
  };
}

export type AdminBackendClient = ReturnType<typeof createAdminBackendClient>;

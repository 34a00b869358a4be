import type { AuditPageResponse } from '../../../contracts/audit';
import type { BillingEventsResponse } from '../../../contracts/billing';
import type { ConnectionListResponse, ConnectionTestResponse, ConnectionView } from '../../../contracts/connections';
import type { HubSpotConnectionTestResponse, HubSpotConnectionView } from '../../../contracts/hubspot';
import type { ConfigurationExportResponse, ConfigurationImportResponse } from '../../../contracts/configuration';
import type { ProviderListResponse } from '../../../contracts/providers';
import type { MemberListResponse, MemberView } from '../../../contracts/members';
import type { BudgetStatusResponse, SessionResponse } from '../../../contracts/session';
import type { ModelListResponse, SettingsResponse } from '../../../contracts/settings';
import type { AlertListResponse, GoogleChatView, TestAlertResponse } from '../../../contracts/alerts';
import type { CostReportSubscriptionView } from '../../../contracts/reports';
import type { AdminInput, AdminOperation, AdminOutput } from '../../shared/admin-operations';
import { BackendProblem, createBackendCall, pathSegment, type BackendCall } from '../backend/backend-call';
import { showAdminSettingsDialog } from '../gas/ui';
import { backendClientOptions } from '../gas/services';

/**
 * The admin dialog's settings screens call one google.script.run target, adminCall(operation, input), and the
 * menu handler opens the dialog. Every operation is one backend call with the signed-in user's identity token;
 * the backend decides what the role allows, and its problem+json `detail` (what to fix) becomes the error
 * message the page shows. Each operation is declared here once, typed by AdminOperations and the contracts.
 */

function text(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new Error(`The page sent no ${what}.`);
  return value;
}

/** The page's input, for operations that take one: arguments come from a page, so they are checked here. */
function fields(input: unknown): Record<string, unknown> {
  if (typeof input !== 'object' || input === null) throw new Error('The page sent no input for this operation.');
  return input as Record<string, unknown>;
}

const connectionPath = (connectionId: unknown) => `/v1/connections/${pathSegment(text(connectionId, 'connection'))}`;
const memberPath = (userId: unknown) => `/v1/members/${pathSegment(text(userId, 'member'))}`;

type Operations = { [Operation in AdminOperation]: (call: BackendCall, input: AdminInput<Operation>) => AdminOutput<Operation> };

const operations: Operations = {
  getAdminSession(call) {
    const session = call<SessionResponse>('get', '/v1/session').body;
    return {
      email: session.email,
      organisationId: session.organisationId,
      role: session.role,
      isAdmin: session.role === 'admin' || session.role === 'owner',
    };
  },
  listProviders: (call) => call<ProviderListResponse>('get', '/v1/providers').body.providers,
  listConnections: (call) => call<ConnectionListResponse>('get', '/v1/connections').body.connections,
  addConnection: (call, input) => call<ConnectionView>('post', '/v1/connections', { body: fields(input) }).body,
  updateConnection: (call, input) =>
    call<ConnectionView>('patch', connectionPath(fields(input).connectionId), { body: fields(input.change) }).body,
  testConnection(call, input) {
    const { connectionId, model } = fields(input);
    const body = typeof model === 'string' && model.trim() !== '' ? { model: model.trim() } : {};
    return call<ConnectionTestResponse>('post', `${connectionPath(connectionId)}/test`, { body }).body;
  },
  rotateConnectionKey: (call, input) =>
    call<ConnectionView>('post', `${connectionPath(fields(input).connectionId)}/rotate`, { body: { apiKey: input.apiKey } }).body,
  deleteConnection(call, input) {
    call<void>('delete', connectionPath(fields(input).connectionId));
  },
  getAdminSettings: (call) => call<SettingsResponse>('get', '/v1/settings').body,
  listCatalogModels: (call) => call<ModelListResponse>('get', '/v1/models').body,
  saveAdminSettings(call, input) {
    const { baseVersion, settings } = fields(input);
    try {
      return { status: 'saved', view: call<SettingsResponse>('put', '/v1/settings', { body: { baseVersion, settings } }).body };
    } catch (error) {
      // Someone else saved first: an answer the page acts on (reload, then save again), not an error.
      if (error instanceof BackendProblem && error.status === 409) {
        const latest = error.body.latestVersion;
        return { status: 'conflict', detail: error.detail, latestVersion: typeof latest === 'number' ? latest : null };
      }
      throw error;
    }
  },
  getAdminBudgetStatus: (call) => call<BudgetStatusResponse>('get', '/v1/budget').body,
  getAlerts: (call) => call<AlertListResponse>('get', '/v1/alerts', { query: { limit: 10 } }).body,
  setGoogleChatWebhook: (call, input) =>
    call<GoogleChatView>('put', '/v1/alerts/google-chat', { body: { url: text(fields(input).url, 'webhook URL').trim() } }).body,
  removeGoogleChatWebhook(call) {
    call<void>('delete', '/v1/alerts/google-chat');
  },
  sendTestAlert: (call) => call<TestAlertResponse>('post', '/v1/alerts/test', { body: {} }).body,
  getCostReportSubscription: (call) => call<CostReportSubscriptionView>('get', '/v1/reports/subscription').body,
  setCostReportSubscription(call, input) {
    const { daily, weekly } = fields(input);
    if (typeof daily !== 'boolean' || typeof weekly !== 'boolean') throw new Error('The page sent no choice of cost reports.');
    return call<CostReportSubscriptionView>('put', '/v1/reports/subscription', { body: { daily, weekly } }).body;
  },
  exportConfiguration: (call) => call<ConfigurationExportResponse>('get', '/v1/configuration').body,
  importConfiguration(call, input) {
    const { yaml, dryRun } = fields(input);
    return call<ConfigurationImportResponse>('post', '/v1/configuration/import', {
      body: { yaml: text(yaml, 'configuration file'), dryRun: dryRun !== false },
    }).body;
  },
  listMembers: (call) => call<MemberListResponse>('get', '/v1/members').body.members,
  updateMember: (call, input) => call<MemberView>('patch', memberPath(fields(input).userId), { body: fields(input.change) }).body,
  removeMember: (call, input) => call<MemberView>('delete', memberPath(fields(input).userId)).body,
  listAuditEntries(call, input) {
    const after = input?.after;
    return call<AuditPageResponse>('get', '/v1/audit', {
      query: { limit: 25, after: typeof after === 'string' && after !== '' ? after : undefined },
    }).body;
  },
  listBillingEvents(call, input) {
    const { from, to, after } = fields(input);
    return call<BillingEventsResponse>('get', '/v1/billing/events', {
      query: {
        from: text(from, 'first day'),
        to: text(to, 'last day'),
        limit: 50,
        after: typeof after === 'string' && after !== '' ? after : undefined,
      },
    }).body;
  },
  exportBillingEvents(call, input) {
    const from = text(fields(input).from, 'first day');
    const to = text(fields(input).to, 'last day');
    const answer = call<unknown>('get', '/v1/billing/events/export', { query: { from, to } });
    // Text answers come as they are; an empty period is the header line only.
    return { filename: `billing-events-${from}-to-${to}.csv`, csv: typeof answer.body === 'string' ? answer.body : '' };
  },
  getHubSpotConnection(call) {
    try {
      return call<HubSpotConnectionView>('get', '/v1/hubspot/connection').body;
    } catch (error) {
      // Not connected yet: the screen offers to connect, it is not an error.
      if (error instanceof BackendProblem && error.status === 409) return null;
      throw error;
    }
  },
  saveHubSpotConnection(call, input) {
    const { accessToken, clientSecret } = fields(input);
    const body: Record<string, unknown> = { accessToken: text(accessToken, 'access token').trim() };
    if (typeof clientSecret === 'string' && clientSecret.trim() !== '') body.clientSecret = clientSecret.trim();
    return call<HubSpotConnectionView>('put', '/v1/hubspot/connection', { body }).body;
  },
  testHubSpotConnection: (call) => call<HubSpotConnectionTestResponse>('post', '/v1/hubspot/connection/test', { body: {} }).body,
  deleteHubSpotConnection(call) {
    call<void>('delete', '/v1/hubspot/connection');
  },
};

function isAdminOperation(operation: unknown): operation is AdminOperation {
  return typeof operation === 'string' && Object.prototype.hasOwnProperty.call(operations, operation);
}

/** The google.script.run target of the settings screens: `operation` names what to do, `input` is its argument. */
export function adminCall(operation: unknown, input?: unknown): unknown {
  if (!isAdminOperation(operation)) throw new Error(`The page asked for an admin operation that does not exist: ${String(operation)}.`);
  const run = operations[operation] as (call: BackendCall, input: unknown) => unknown;
  try {
    return run(createBackendCall(backendClientOptions()), input);
  } catch (error) {
    // google.script.run hands only the message to the page: the backend's `detail` says what to fix.
    if (error instanceof BackendProblem) throw new Error(error.detail);
    throw error;
  }
}

export function showAdminSettings(): void {
  showAdminSettingsDialog();
}

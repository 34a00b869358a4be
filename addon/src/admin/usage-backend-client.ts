import { bodyOfOutcome, createBackendCalls, type BackendCallSpec, type BackendClientOptions } from '../backend/backend-call';
import type { BudgetStatusView, MemberView, ModelCatalogView, RetiringModelView } from '../../shared/admin-contract';
import type { AlertListResponse } from '../../../contracts/alerts';
import type { ProviderListResponse } from '../../../contracts/providers';
import type { UsageDashboardData, UsagePeriodInput, UsageSummaryView } from '../../shared/usage-dashboard-api';

export interface UsageSessionView {
  email: string;
  organisationId: string;
  role: 'member' | 'admin' | 'owner';
  provider: { configured: true; id: string; defaultModel: string } | { configured: false; setupHint: string };
}

/** What the dashboard reads for one period; each function returns its answer or throws as its own call would. */
export interface DashboardReads {
  session(): UsageSessionView;
  summary(): UsageSummaryView;
  budget(): BudgetStatusView;
  /** Admins only, and asked for only with the organisation scope: members' e-mail addresses for the user breakdown. */
  members(): MemberView[];
  /** The first page of the organisation's configured templates (documentId → name), for the template breakdown. */
  templateNames(): Record<string, string>;
  retiringModels(): RetiringModelView[];
  /** provider id → how people see it (GET /v1/providers): the backend's registry names them, not the add-on. */
  providerNames(): Record<string, string>;
  /** Admins only, asked for with the organisation scope: the organisation's recent alerts (GET /v1/alerts). */
  alerts(): AlertListResponse['alerts'];
}

/** The backend routes behind the usage dashboard, with the user's identity token. */
export interface UsageBackendClient {
  /** Everything the dashboard may need for the period, sent at once (one UrlFetchApp.fetchAll). */
  readDashboard(period: UsagePeriodInput): DashboardReads;
  summary(period: UsagePeriodInput): UsageSummaryView;
  /** The period's usage records as CSV text (RFC 4180, CRLF line endings). */
  exportCsv(period: UsagePeriodInput): string;
}

function periodQuery(period: UsagePeriodInput) {
  return { from: period.from, to: period.to, scope: period.scope };
}

export function createUsageBackendClient(options: BackendClientOptions): UsageBackendClient {
  const { call, callAll } = createBackendCalls(options);
  const summarySpec = (period: UsagePeriodInput): BackendCallSpec => ({
    method: 'get',
    path: '/v1/usage/summary',
    query: periodQuery(period),
  });
  return {
    readDashboard(period) {
      // The members list is an admin's to read: asked for only when the organisation's usage is.
      const withMembers = period.scope === 'organisation';
      const [session, summary, budget, templates, models, providers, members, alerts] = callAll([
        { method: 'get', path: '/v1/session' },
        summarySpec(period),
        { method: 'get', path: '/v1/budget' },
        { method: 'get', path: '/v1/templates', query: { limit: 200 } },
        { method: 'get', path: '/v1/models' },
        { method: 'get', path: '/v1/providers' },
        ...(withMembers
          ? [
              { method: 'get', path: '/v1/members' } satisfies BackendCallSpec,
              { method: 'get', path: '/v1/alerts', query: { limit: 20 } } satisfies BackendCallSpec,
            ]
          : []),
      ]);
      return {
        session: () => bodyOfOutcome<UsageSessionView>(session),
        summary: () => bodyOfOutcome<UsageSummaryView>(summary),
        budget: () => bodyOfOutcome<BudgetStatusView>(budget),
        members: () => (withMembers ? bodyOfOutcome<{ members: MemberView[] }>(members).members : []),
        alerts: () => (withMembers ? bodyOfOutcome<AlertListResponse>(alerts).alerts : []),
        retiringModels: () => bodyOfOutcome<ModelCatalogView>(models).retiringSoon,
        providerNames: () =>
          Object.fromEntries(
            bodyOfOutcome<ProviderListResponse>(providers).providers.map((provider) => [provider.id, provider.displayName]),
          ),
        templateNames: () =>
          Object.fromEntries(
            bodyOfOutcome<{ templates: { documentId: string; name: string }[] }>(templates).templates.map((template) => [
              template.documentId,
              template.name,
            ]),
          ),
      };
    },
    summary: (period) => call<UsageSummaryView>('get', '/v1/usage/summary', { query: periodQuery(period) }).body,
    exportCsv: (period) => {
      const answer = call<unknown>('get', '/v1/usage/export', { query: periodQuery(period) });
      // createBackendCall hands text answers over as they are; an empty export is the header line only.
      return typeof answer.body === 'string' ? answer.body : '';
    },
  };
}

const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

/** Arguments come from a page, so they are checked here; the backend checks the period and the role again. */
export function periodOf(input: unknown): UsagePeriodInput {
  const candidate = (input ?? {}) as Partial<Record<keyof UsagePeriodInput, unknown>>;
  const { from, to, scope } = candidate;
  if (typeof from !== 'string' || !dayPattern.test(from) || typeof to !== 'string' || !dayPattern.test(to)) {
    throw new Error('Choose a period: its first and last days are written YYYY-MM-DD.');
  }
  if (from > to) throw new Error('The period starts after it ends; choose its first day before its last.');
  if (scope !== 'mine' && scope !== 'organisation') throw new Error('The scope is "mine" or "organisation".');
  return { from, to, scope };
}

/** Summary, budgets and who is looking, in one execution and (nearly always) one round trip per period. */
export function loadUsageDashboard(backend: UsageBackendClient, input: unknown, now: () => number = () => Date.now()): UsageDashboardData {
  const period = periodOf(input);
  const startedAt = now();
  const reads = backend.readDashboard(period);
  const session = reads.session();
  const admin = session.role === 'admin' || session.role === 'owner';
  // A member asking for the organisation was refused it and gets their own usage rather than an error.
  const scope = admin ? period.scope : 'mine';
  const summary = scope === period.scope ? reads.summary() : backend.summary({ ...period, scope });
  const budget = reads.budget();
  const userEmails: Record<string, string> = {};
  if (scope === 'organisation' && summary.byUser.length > 0) {
    for (const member of reads.members()) userEmails[member.userId] = member.email;
  } else {
    for (const row of summary.byUser) userEmails[row.key] = session.email;
  }
  const namedTemplates = summary.byTemplate.some((row) => row.key !== '(none)');
  return {
    summary,
    budget,
    viewer: { email: session.email, role: session.role, providerConfigured: session.provider.configured },
    userEmails,
    templateNames: namedTemplates ? reads.templateNames() : {},
    providerNames: reads.providerNames(),
    // Which models to move off is an admin's decision; members are not shown it.
    retiringModels: admin ? reads.retiringModels() : [],
    // Alerts are the organisation's: listed with its usage, for admins.
    alerts: admin && scope === 'organisation' ? reads.alerts() : null,
    serverMs: Math.round(now() - startedAt),
  };
}

/** Data rows of an RFC 4180 text: line breaks outside quoted fields, less the header. */
export function countCsvRows(csv: string): number {
  let lines = 0;
  let quoted = false;
  let lineHasText = false;
  for (let index = 0; index < csv.length; index += 1) {
    const character = csv[index];
    if (character === '"') quoted = !quoted;
    if (character === '\n' && !quoted) {
      if (lineHasText) lines += 1;
      lineHasText = false;
    } else if (character !== '\r') {
      lineHasText = true;
    }
  }
  if (lineHasText) lines += 1;
  return Math.max(0, lines - 1);
}

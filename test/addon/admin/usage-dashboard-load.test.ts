import { providerViews } from '../../../backend/src/keys/provider-routes';
import type { HttpClient, HttpRequest, HttpResponse } from '../../../addon/src/backend/http-client';
import { createUsageBackendClient, loadUsageDashboard } from '../../../addon/src/admin/usage-backend-client';

type Role = 'member' | 'admin' | 'owner';

function summaryOf(scope: string) {
  const row = (key: string) => ({ key, requests: 1, cost: 0.01, inputTokens: 10, outputTokens: 5 });
  return {
    from: '2026-11-01',
    to: '2026-11-23',
    scope,
    records: 2,
    totals: { requests: 2, cost: 0.02 },
    byDay: [],
    byModel: [],
    byProvider: [],
    byTag: [],
    byUser: scope === 'organisation' ? [row('u-boss'), row('u-writer')] : [row('u-self')],
    byTemplate: [row('doc-1')],
  };
}

/** Answers like the backend: the organisation's usage and the members list are an admin's to read. */
function fakeBackend(role: Role, options: { summaryFails?: boolean } = {}) {
  const log: string[] = [];
  const json = (status: number, body: unknown): HttpResponse => ({ status, body: JSON.stringify(body) });
  const refused = () => json(403, { title: 'Forbidden', detail: `Only an organisation admin can do this; your role is ${role}.` });
  const admin = role !== 'member';
  const answer = (request: HttpRequest): HttpResponse => {
    const url = new URL(request.url);
    if (url.pathname === '/v1/session')
      return json(200, {
        email: 'self@example.com',
        organisationId: 'domain:example.com',
        role,
        provider: { configured: true, id: 'openai', defaultModel: 'gpt-6-luna' },
      });
    if (url.pathname === '/v1/usage/summary') {
      if (options.summaryFails)
        return json(503, { title: 'Unavailable', detail: 'Usage cannot be read right now; try again in a minute.' });
      const scope = url.searchParams.get('scope') ?? 'mine';
      return scope === 'organisation' && !admin ? refused() : json(200, summaryOf(scope));
    }
    if (url.pathname === '/v1/budget') return json(200, { level: 'normal', budgets: [] });
    if (url.pathname === '/v1/members')
      return admin
        ? json(200, {
            members: [
              { userId: 'u-boss', email: 'boss@example.com' },
              { userId: 'u-writer', email: 'writer@example.com' },
            ],
          })
        : refused();
    if (url.pathname === '/v1/alerts')
      return admin
        ? json(200, {
            channels: {
              googleChat: { configured: false, url: null, fingerprint: null, configuredAt: null, configuredBy: null },
              email: { addresses: [], unavailable: null },
            },
            alerts: [recentAlert],
          })
        : refused();
    if (url.pathname === '/v1/templates') return json(200, { templates: [{ documentId: 'doc-1', name: 'Offer' }] });
    if (url.pathname === '/v1/models')
      return json(200, {
        models: [],
        defaults: {},
        fallbackModels: [],
        tokenLimits: {},
        tokenLimitJustifications: [],
        retiringSoon: [retiring],
      });
    // What the backend's registry answers.
    if (url.pathname === '/v1/providers') return json(200, { providers: providerViews() });
    return json(404, { title: 'Not found', detail: url.pathname });
  };
  const describe = (request: HttpRequest) => {
    const url = new URL(request.url);
    return `${url.pathname}${url.searchParams.get('scope') ? `?scope=${url.searchParams.get('scope')}` : ''}`;
  };
  const http: HttpClient = {
    fetch(request) {
      log.push(describe(request));
      return answer(request);
    },
    fetchAll(requests) {
      log.push(`together: ${requests.map(describe).join(', ')}`);
      return requests.map(answer);
    },
  };
  return { client: createUsageBackendClient({ baseUrl: 'https://backend.test', http, identityToken: () => 'token' }), log };
}

const recentAlert = {
  id: 'alert-1',
  kind: 'provider_down',
  level: null,
  text: 'OpenAI is not answering.',
  raisedAt: '2026-11-23T10:00:00.000Z',
  status: 'delivered',
  delivered: true,
  deliveredAt: '2026-11-23T10:00:01.000Z',
  attempts: 1,
  channels: [],
  deliveryError: null,
  undeliverable: null,
};

const retiring = {
  key: 'openai:gpt-4o',
  displayName: 'GPT-4o',
  shutsDownOn: '2027-01-14',
  daysLeft: 39,
  replacement: 'openai:gpt-6-luna',
  usedAs: ['fallback'],
};

const period = (scope: 'mine' | 'organisation') => ({ from: '2026-11-01', to: '2026-11-23', scope });

describe('loading the usage dashboard', () => {
  it('an admin viewing the organisation: one round trip for session, summary, budget, template names, models shutting down, members and alerts', () => {
    const backend = fakeBackend('admin');
    const data = loadUsageDashboard(backend.client, period('organisation'));

    expect(backend.log).toEqual([
      'together: /v1/session, /v1/usage/summary?scope=organisation, /v1/budget, /v1/templates, /v1/models, /v1/providers, /v1/members, /v1/alerts',
    ]);
    // The organisation's recent alerts, listed on the dashboard.
    expect(data.alerts).toEqual([recentAlert]);
    expect(data.summary.scope).toBe('organisation');
    expect(data.userEmails).toEqual({ 'u-boss': 'boss@example.com', 'u-writer': 'writer@example.com' });
    expect(data.templateNames).toEqual({ 'doc-1': 'Offer' });
    expect(data.providerNames).toMatchObject({ openai: 'OpenAI', 'openai-compatible': 'OpenAI-compatible' });
    expect(data.viewer).toEqual({ email: 'self@example.com', role: 'admin', providerConfigured: true });
    // Models shutting down soon, in the same round trip, for the admin to act on.
    expect(data.retiringModels).toEqual([retiring]);
  });

  it('a member viewing their own usage: one round trip, no members list asked for', () => {
    const backend = fakeBackend('member');
    const data = loadUsageDashboard(backend.client, period('mine'));

    expect(backend.log).toEqual([
      'together: /v1/session, /v1/usage/summary?scope=mine, /v1/budget, /v1/templates, /v1/models, /v1/providers',
    ]);
    expect(data.userEmails).toEqual({ 'u-self': 'self@example.com' });
    expect(data.retiringModels).toEqual([]);
    expect(data.alerts).toBeNull();
  });

  it('a member asking for the organisation gets their own usage, not the refusal', () => {
    const backend = fakeBackend('member');
    const data = loadUsageDashboard(backend.client, period('organisation'));

    expect(backend.log).toEqual([
      'together: /v1/session, /v1/usage/summary?scope=organisation, /v1/budget, /v1/templates, /v1/models, /v1/providers, /v1/members, /v1/alerts',
      '/v1/usage/summary?scope=mine',
    ]);
    expect(data.summary.scope).toBe('mine');
    // The refused alerts are not read: a member sees none, and no error.
    expect(data.alerts).toBeNull();
    expect(data.userEmails).toEqual({ 'u-self': 'self@example.com' });
  });

  it('a failing summary reaches the dialog with the backend’s words', () => {
    const backend = fakeBackend('owner', { summaryFails: true });
    expect(() => loadUsageDashboard(backend.client, period('organisation'))).toThrow(
      'Usage cannot be read right now; try again in a minute.',
    );
  });
});

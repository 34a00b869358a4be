import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { createBudgetAlertsRepository } from '../../../backend/src/alerts/budget-alerts-repository';
import type { BudgetAlert } from '../../../backend/src/ai/budget/budget-alerts';
import { ServerError } from '../../../backend/src/ai/providers/provider-errors';
import { BudgetExhaustedError, NoModelAvailableError } from '../../../backend/src/ai/ai-errors';
import { createAiSettingsRepository } from '../../../backend/src/ai/settings/ai-settings-repository';
import { composeAlerts, type ComposedAlerts } from '../../../backend/src/alerts/compose-alerts';
import { outcomeOfAskAi } from '../../../backend/src/alerts/error-spike-monitor';
import { keyRingFromConfig } from '../../../backend/src/keys/key-ring-from-config';
import { createLogger } from '../../../backend/src/platform/logger';
import { developmentBearer, startTestBackend, type TestBackend } from '../../support/test-backend';

/**
 * Alert channels and delivery against a local server standing in for Google Chat. The webhook's key and token
 * are random canaries that must never come back out: not in a response, a log line, the audit log or a
 * stored document.
 */

jest.setTimeout(60_000);

const organisationId = 'domain:example.com';
const owner = developmentBearer({ sub: 'alerts-owner', email: 'olive@example.com', hd: 'example.com' });
const member = developmentBearer({ sub: 'alerts-member', email: 'mo@example.com', hd: 'example.com' });
const canary = (length: number) => randomBytes(length).toString('base64url').replace(/[-_]/g, 'Q');
const space = 'AAAAcanarySpace';
const webhookKey = `AIzaSy${canary(33)}`;
const webhookToken = canary(43);
const webhook = `https://chat.googleapis.com/v1/spaces/${space}/messages?key=${webhookKey}&token=${encodeURIComponent(webhookToken)}`;
const secrets = [webhookKey, webhookToken];

interface ChatRequest {
  method: string;
  url: string;
  contentType: string | undefined;
  body: unknown;
}

async function startChatServer(): Promise<{
  origin: string;
  requests: ChatRequest[];
  failNext(count: number): void;
  close(): Promise<void>;
}> {
  const requests: ChatRequest[] = [];
  let failures = 0;
  const server: Server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      requests.push({
        method: incoming.method ?? '',
        url: incoming.url ?? '',
        contentType: incoming.headers['content-type'],
        body: text ? JSON.parse(text) : undefined,
      });
      if (failures > 0) {
        failures -= 1;
        response.writeHead(503, { 'content-type': 'application/json' }).end('{"error":{"code":503}}');
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"name":"spaces/x/messages/y"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    failNext: (count) => {
      failures = count;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const expectedPath = `/v1/spaces/${space}/messages?key=${webhookKey}&token=${encodeURIComponent(webhookToken)}`;

describe('alert channels and delivery', () => {
  let chat: Awaited<ReturnType<typeof startChatServer>>;
  let backend: TestBackend;
  /** A second instance of the alert domain on the same Firestore: racing deliveries across instances. */
  let otherInstance: ComposedAlerts;
  const responses: string[] = [];
  /** The second instance's log lines, at trace level. */
  const otherLogs: string[] = [];

  const call = async (method: 'get' | 'put' | 'post' | 'delete', path: string, body?: object, authorization = owner) => {
    let pending = request(backend.app)[method](path).set('authorization', authorization);
    if (body !== undefined) pending = pending.send(body);
    const response = await pending;
    responses.push(`${method} ${path} ${response.status} ${JSON.stringify(response.headers)} ${response.text}`);
    return response;
  };

  const saveAlertSettings = async (alerts: Record<string, unknown>) => {
    const current = await call('get', '/v1/settings');
    const saved = await call('put', '/v1/settings', { baseVersion: current.body.version, settings: { ...current.body.settings, alerts } });
    expect([saved.status, saved.text]).toEqual([200, saved.text]);
    return saved;
  };

  beforeAll(async () => {
    chat = await startChatServer();
    backend = await startTestBackend({ GOOGLE_CHAT_WEBHOOK_BASE_URL: chat.origin, LOG_LEVEL: 'trace' }, { captureLogs: true });
    otherInstance = composeAlerts({
      firestore: backend.firestore.firestore,
      ring: keyRingFromConfig(backend.config),
      settings: createAiSettingsRepository(backend.firestore.firestore, { cacheMs: 0 }),
      googleChatBaseUrl: chat.origin,
      logger: createLogger({
        level: 'trace',
        destination: new Writable({
          write(chunk: Buffer, _encoding, done) {
            otherLogs.push(
              ...chunk
                .toString('utf8')
                .split('\n')
                .filter((line) => line.length > 0),
            );
            done();
          },
        }),
      }),
    });
    // The owner signs in first; the member second.
    expect((await call('get', '/v1/session')).body.role).toBe('owner');
    expect((await call('get', '/v1/session', undefined, member)).body.role).toBe('member');
  });
  afterAll(async () => {
    await otherInstance?.deliverer.drain();
    await backend?.close();
    await chat?.close();
  });
  beforeEach(() => {
    chat.requests.length = 0;
  });

  it('defaults the alert settings and validates them', async () => {
    const settings = await call('get', '/v1/settings');
    expect(settings.body.settings.alerts).toEqual({
      emails: [],
      onBudgetLevels: ['alert', 'critical', 'exhausted'],
      errorSpike: { enabled: true, minimumRequests: 20, errorRate: 0.25, windowMinutes: 15 },
      slowModel: { enabled: true, p95Ms: 30_000, minimumRequests: 20, windowMinutes: 15 },
      providerDown: { enabled: true, consecutiveFailures: 5 },
    });
    const base = { baseVersion: settings.body.version, settings: settings.body.settings };
    const invalid = await call('put', '/v1/settings', { ...base, settings: { ...base.settings, alerts: { emails: ['not an address'] } } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.detail).toContain('alerts.emails.0');
    const tooMany = await call('put', '/v1/settings', {
      ...base,
      settings: { ...base.settings, alerts: { emails: Array.from({ length: 21 }, (_, index) => `a${index}@example.com`) } },
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.detail).toContain('at most 20');
    const webhookInSettings = await call('put', '/v1/settings', {
      ...base,
      settings: { ...base.settings, alerts: { googleChatWebhook: webhook } },
    });
    expect(webhookInSettings.status).toBe(400);
  });

  it.each([
    ['another host', 'https://hooks.example.com/v1/spaces/AAA/messages?key=k&token=t', 'only Google Chat webhooks'],
    ['a look-alike host', 'https://chat.googleapis.com.evil.example/v1/spaces/AAA/messages?key=k&token=t', 'only Google Chat webhooks'],
    ['plain http', 'http://chat.googleapis.com/v1/spaces/AAA/messages?key=k&token=t', 'only Google Chat webhooks'],
    ['another port', 'https://chat.googleapis.com:8443/v1/spaces/AAA/messages?key=k&token=t', 'only Google Chat webhooks'],
    ['the metadata server', 'http://169.254.169.254/computeMetadata/v1/', 'only Google Chat webhooks'],
    ['credentials in the URL', 'https://user:pass@chat.googleapis.com/v1/spaces/AAA/messages?key=k&token=t', 'no user name or password'],
    ['another path', 'https://chat.googleapis.com/v1/spaces/AAA/members?key=k&token=t', '/v1/spaces/SPACE_ID/messages'],
    ['no token', 'https://chat.googleapis.com/v1/spaces/AAA/messages?key=k', 'key or token'],
    ['not a URL', 'chat.googleapis.com webhook', 'paste the whole webhook URL'],
  ])('refuses %s with a 400 that says what to fix', async (_label, url, hint) => {
    const response = await call('put', '/v1/alerts/google-chat', { url });
    expect(response.status).toBe(400);
    expect(response.type).toBe('application/problem+json');
    expect(response.body.detail).toContain(hint);
    expect(response.text).not.toContain('token=t');
  });

  it('seals the webhook and shows only the masked URL and a fingerprint', async () => {
    const set = await call('put', '/v1/alerts/google-chat', { url: webhook });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({
      configured: true,
      url: 'https://chat.googleapis.com/v1/spaces/XXXX/messages',
      fingerprint: expect.stringMatching(/^sha256:[0-9a-f]{12}$/),
      configuredAt: expect.any(String),
      configuredBy: 'olive@example.com',
    });
    const stored = await backend.firestore.firestore.doc(`orgs/${organisationId}/alertChannels/googleChat`).get();
    expect(stored.get('sealedWebhook')).toMatchObject({ algorithm: 'AES-256-GCM' });
    const list = await call('get', '/v1/alerts');
    expect(list.status).toBe(200);
    expect(list.body.channels.googleChat).toEqual(set.body);
    expect(list.body.channels.email).toEqual({ addresses: [], unavailable: null });
  });

  it('sends a test alert once to the configured webhook', async () => {
    const response = await call('post', '/v1/alerts/test', {});
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ ok: true, channels: [{ channel: 'google-chat', status: 'sent' }] });
    expect(chat.requests).toHaveLength(1);
    const [sent] = chat.requests;
    expect(sent).toMatchObject({ method: 'POST', url: expectedPath, contentType: expect.stringContaining('application/json') });
    expect(sent!.body).toEqual({ text: expect.stringContaining('Test alert for example.com, sent by olive@example.com') });
  });

  it('delivers a budget alert exactly once per crossing, even when two instances raise and deliver it at once', async () => {
    const alert: BudgetAlert = {
      organisationId,
      scope: 'org',
      period: 'm:2026-11',
      level: 'alert',
      usedNanoDollars: 41_000_000_000,
      limitNanoDollars: 50_000_000_000,
    };
    const raisedBy: string[] = [];
    const instanceA = createBudgetAlertsRepository(backend.firestore.firestore, { onRaised: () => raisedBy.push('A') });
    const instanceB = createBudgetAlertsRepository(backend.firestore.firestore, {
      onRaised: (reference) => (raisedBy.push('B'), otherInstance.deliverer.deliverSoon(reference)),
    });
    await Promise.all([instanceA.raise(alert), instanceB.raise(alert), instanceA.raise(alert), instanceB.raise(alert)]);
    expect(raisedBy).toHaveLength(1);
    // Both instances also try to deliver it at the same moment (as a sweep racing the first delivery would).
    const listed = await call('get', '/v1/alerts');
    const id = listed.body.alerts[0].id as string;
    const reference = { organisationId, collection: 'budgetAlerts' as const, id };
    await Promise.all([
      otherInstance.deliverer.deliver(reference),
      otherInstance.deliverer.deliver(reference),
      otherInstance.deliverer.sweep(),
    ]);
    await otherInstance.deliverer.drain();
    await backend.drain();

    expect(chat.requests).toHaveLength(1);
    expect(chat.requests[0]!.url).toBe(expectedPath);
    expect(chat.requests[0]!.body).toEqual({
      text: 'Budget alert for example.com: organisation monthly budget for 2026-11 at 82 % ($41.00 of $50.00). Raise it in Admin settings → Budgets.',
    });
    const stored = await backend.firestore.firestore.doc(`orgs/${organisationId}/budgetAlerts/${id}`).get();
    expect(stored.get('delivered')).toBe(true);
    expect(stored.get('deliveredAt')).toBeTruthy();
    expect(stored.get('channels')).toEqual([{ channel: 'google-chat', status: 'sent' }]);
    const after = await call('get', '/v1/alerts');
    expect(after.body.alerts[0]).toMatchObject({
      id,
      kind: 'budget',
      level: 'alert',
      status: 'delivered',
      delivered: true,
      attempts: 1,
      channels: [{ channel: 'google-chat', status: 'sent' }],
    });
    // Raising the same crossing again sends nothing more.
    await createBudgetAlertsRepository(backend.firestore.firestore, { onRaised: otherInstance.deliverer.deliverSoon }).raise(alert);
    await otherInstance.deliverer.deliver(reference);
    await otherInstance.deliverer.drain();
    expect(chat.requests).toHaveLength(1);
  });

  it('drops, on a sweep, outbox entries whose alert is already delivered or gone, sending nothing', async () => {
    const firestore = backend.firestore.firestore;
    const outbox = firestore.collection('alertOutbox');
    const due = new Date(Date.now() - 60_000);
    await firestore.doc(`orgs/${organisationId}/budgetAlerts/stuck-delivered`).set({
      kind: 'budget',
      scope: 'org',
      period: 'd:2026-11-02',
      level: 'critical',
      usedNanoDollars: 48_000_000_000,
      limitNanoDollars: 50_000_000_000,
      raisedAt: due,
      delivered: true,
      deliveredAt: due,
      attempts: 1,
      channels: [{ channel: 'google-chat', status: 'sent' }],
      deliveryError: null,
      undeliverable: null,
    });
    await outbox
      .doc(`${organisationId}~budgetAlerts~stuck-delivered`)
      .set({ organisationId, collection: 'budgetAlerts', id: 'stuck-delivered', retryAt: due });
    await outbox.doc(`${organisationId}~alerts~gone`).set({ organisationId, collection: 'alerts', id: 'gone', retryAt: due });
    const sentBefore = chat.requests.length;

    await otherInstance.deliverer.sweep();

    expect((await outbox.doc(`${organisationId}~budgetAlerts~stuck-delivered`).get()).exists).toBe(false);
    expect((await outbox.doc(`${organisationId}~alerts~gone`).get()).exists).toBe(false);
    expect(chat.requests).toHaveLength(sentBefore);
    expect((await firestore.doc(`orgs/${organisationId}/budgetAlerts/stuck-delivered`).get()).get('attempts')).toBe(1);
    // Out of the alert lists the later tests read.
    await firestore.doc(`orgs/${organisationId}/budgetAlerts/stuck-delivered`).delete();
  });

  it('retries only the channel that failed, and records e-mail as undeliverable without SMTP', async () => {
    await saveAlertSettings({ emails: ['finance@example.com'] });
    chat.failNext(1);
    const alert: BudgetAlert = {
      organisationId,
      scope: 'user:u-42',
      period: 'd:2026-11-23',
      level: 'critical',
      usedNanoDollars: 9_600_000_000,
      limitNanoDollars: 10_000_000_000,
    };
    const reference = { organisationId, collection: 'budgetAlerts' as const, id: '' };
    await createBudgetAlertsRepository(backend.firestore.firestore, { onRaised: (raised) => (reference.id = raised.id) }).raise(alert);
    await otherInstance.deliverer.deliver(reference);
    let stored = (await backend.firestore.firestore.doc(`orgs/${organisationId}/budgetAlerts/${reference.id}`).get()).data()!;
    expect(stored).toMatchObject({ delivered: false, attempts: 1, deliveryError: 'google-chat: Google Chat answered HTTP 503' });
    expect(stored.channels).toEqual([
      { channel: 'google-chat', status: 'failed', detail: 'Google Chat answered HTTP 503' },
      { channel: 'email', status: 'undeliverable', detail: 'no SMTP_URL configured' },
    ]);
    const outbox = await backend.firestore.firestore.collection('alertOutbox').doc(`${organisationId}~budgetAlerts~${reference.id}`).get();
    expect(outbox.exists).toBe(true);

    await otherInstance.deliverer.deliver(reference);
    stored = (await backend.firestore.firestore.doc(`orgs/${organisationId}/budgetAlerts/${reference.id}`).get()).data()!;
    expect(stored).toMatchObject({ delivered: true, attempts: 2, deliveryError: null });
    expect(chat.requests).toHaveLength(2);
    expect((chat.requests[1]!.body as { text: string }).text).toBe(
      'Budget critical for example.com: per-user (user u-42) daily budget for 2026-11-23 at 96 % ($9.60 of $10.00). The cheapest allowed model and shorter output are used until then. Raise it in Admin settings → Budgets.',
    );
    expect(
      (await backend.firestore.firestore.collection('alertOutbox').doc(`${organisationId}~budgetAlerts~${reference.id}`).get()).exists,
    ).toBe(false);
    const list = await call('get', '/v1/alerts');
    expect(list.body.channels.email).toEqual({ addresses: ['finance@example.com'], unavailable: 'no SMTP_URL configured' });
  });

  it('skips levels the organisation did not choose', async () => {
    await saveAlertSettings({ onBudgetLevels: ['exhausted'] });
    const reference = { organisationId, collection: 'budgetAlerts' as const, id: '' };
    await createBudgetAlertsRepository(backend.firestore.firestore, { onRaised: (raised) => (reference.id = raised.id) }).raise({
      organisationId,
      scope: 'org',
      period: 'd:2026-11-24',
      level: 'alert',
      usedNanoDollars: 8,
      limitNanoDollars: 10,
    });
    await otherInstance.deliverer.deliver(reference);
    expect(chat.requests).toHaveLength(0);
    const stored = await backend.firestore.firestore.doc(`orgs/${organisationId}/budgetAlerts/${reference.id}`).get();
    expect(stored.get('undeliverable')).toContain('"alert" level is not selected');
    await saveAlertSettings({});
  });

  it('raises one errors_spike alert per window and delivers it', async () => {
    await saveAlertSettings({ errorSpike: { enabled: true, minimumRequests: 4, errorRate: 0.5, windowMinutes: 60 } });
    const spikes = otherInstance.spikes;
    for (const outcome of ['succeeded', 'failed', 'failed', 'succeeded'] as const) await spikes.record(organisationId, outcome);
    // 2 of 4 is not above 50 %: no alert yet.
    expect(chat.requests).toHaveLength(0);
    for (let index = 0; index < 10; index += 1) await spikes.record(organisationId, 'failed');
    // The main backend instance counts too, and notices the same window independently.
    const main = composeAlerts({
      firestore: backend.firestore.firestore,
      ring: keyRingFromConfig(backend.config),
      settings: createAiSettingsRepository(backend.firestore.firestore),
      googleChatBaseUrl: chat.origin,
    });
    for (let index = 0; index < 5; index += 1) await main.spikes.record(organisationId, 'failed');
    await Promise.all([otherInstance.deliverer.drain(), main.deliverer.drain()]);
    expect(chat.requests).toHaveLength(1);
    expect((chat.requests[0]!.body as { text: string }).text).toMatch(
      /^AI errors spike for example\.com: 3 of 5 AI calls failed \(60 %\) in the 60 minutes from \d{4}-\d\d-\d\d \d\d:00 UTC\. Check the provider connections/,
    );
    const list = await call('get', '/v1/alerts');
    expect(list.body.alerts.filter((alert: { kind: string }) => alert.kind === 'errors_spike')).toEqual([
      expect.objectContaining({ status: 'delivered', delivered: true }),
    ]);
    await saveAlertSettings({});
  });

  it('starts no sweep timer when composed: the running server starts it', () => {
    const setIntervalSpy = jest.spyOn(global, 'setInterval');
    try {
      const composed = composeAlerts({
        firestore: backend.firestore.firestore,
        ring: keyRingFromConfig(backend.config),
        settings: createAiSettingsRepository(backend.firestore.firestore),
      });
      expect(setIntervalSpy).not.toHaveBeenCalled();
      composed.deliverer.start();
      composed.deliverer.start();
      expect(setIntervalSpy).toHaveBeenCalledTimes(1);
      composed.deliverer.stop();
    } finally {
      setIntervalSpy.mockRestore();
    }
  });

  it('counts provider failures, not policy refusals or cache hits', () => {
    expect(outcomeOfAskAi({ attempts: 1 })).toBe('succeeded');
    expect(outcomeOfAskAi({ attempts: 0 })).toBe('not-counted');
    expect(outcomeOfAskAi(undefined, new BudgetExhaustedError({ message: 'over' }))).toBe('not-counted');
    expect(outcomeOfAskAi(undefined, new NoModelAvailableError({ message: 'cooling' }))).toBe('failed');
    expect(outcomeOfAskAi(undefined, new ServerError({ provider: 'openai', model: 'm', message: 'down', status: 500 }))).toBe('failed');
  });

  it('lets members call none of the alert routes', async () => {
    for (const [method, path, body] of [
      ['get', '/v1/alerts', undefined],
      ['post', '/v1/alerts/test', {}],
      ['put', '/v1/alerts/google-chat', { url: webhook }],
      ['delete', '/v1/alerts/google-chat', undefined],
    ] as const) {
      const response = await call(method, path, body, member);
      expect([path, response.status]).toEqual([path, 403]);
    }
    expect(chat.requests).toHaveLength(0);
  });

  it('removes the webhook; a test alert then says no channel is configured', async () => {
    expect((await call('delete', '/v1/alerts/google-chat')).status).toBe(204);
    expect((await call('delete', '/v1/alerts/google-chat')).status).toBe(204);
    expect((await call('get', '/v1/alerts')).body.channels.googleChat).toEqual({
      configured: false,
      url: null,
      fingerprint: null,
      configuredAt: null,
      configuredBy: null,
    });
    expect((await backend.firestore.firestore.doc(`orgs/${organisationId}/alertChannels/googleChat`).get()).exists).toBe(false);
    const tested = await call('post', '/v1/alerts/test');
    expect(tested.body).toMatchObject({ ok: false, channels: [] });
    expect(chat.requests).toHaveLength(0);
  });

  it('audited the webhook changes without the webhook', async () => {
    const audit = await call('get', '/v1/audit?limit=100');
    const actions = (audit.body.entries as { action: string }[]).map((entry) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(['alerts.google-chat.set', 'alerts.google-chat.remove']));
    expect(audit.text).toContain('https://chat.googleapis.com/v1/spaces/XXXX/messages');
  });

  const leaks = (source: string, text: string) =>
    secrets.flatMap((secret) =>
      [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')].filter((form) => text.includes(form)).map(() => source),
    );

  it('never put the webhook in a response, a log line or a stored document', async () => {
    await backend.drain();
    expect(responses.length).toBeGreaterThan(20);
    expect(responses.flatMap((text, index) => leaks(`response ${index}`, text))).toEqual([]);
    expect(backend.logLines.length).toBeGreaterThan(20);
    expect(otherLogs.some((line) => line.includes('alert delivery'))).toBe(true);
    expect([...backend.logLines, ...otherLogs].flatMap((line, index) => leaks(`log line ${index}`, line))).toEqual([]);
    const paths = await backend.firestore.listDocumentPaths!();
    expect(paths.some((path) => path.includes('/alertChannels/') || path.includes('/budgetAlerts/'))).toBe(true);
    const stored: string[] = [];
    for (const path of paths)
      stored.push(...leaks(path, JSON.stringify((await backend.firestore.firestore.doc(path).get()).data() ?? null)));
    expect(stored).toEqual([]);
  });
});

import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { startOpenAIServer, type ProviderServer } from '../../../harness/provider-servers';
import { developmentBearer, startTestBackend, type TestBackend } from '../../support/test-backend';

/**
 * The exhausted alert follows written spend: a request refused because its worst case does not fit raises
 * nothing while the budget is below 100 %; spend that reaches the limit raises one alert for the budget and
 * period, delivered once to the Google Chat stand-in, however many requests follow.
 */

jest.setTimeout(60_000);

const organisationId = 'domain:spent.example';
const owner = developmentBearer({ sub: 'spent-owner', email: 'owner@spent.example', hd: 'spent.example' });
const canary = () => randomBytes(30).toString('base64url').replace(/[-_]/g, 'Q');
const webhook = `https://chat.googleapis.com/v1/spaces/AAAAspent/messages?key=AIzaSy${canary()}&token=${canary()}`;

async function startChatServer(): Promise<{ origin: string; texts: string[]; close(): Promise<void> }> {
  const texts: string[] = [];
  const server: Server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      texts.push(String((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { text: unknown }).text));
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"name":"spaces/x/messages/y"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, texts, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('the exhausted budget alert', () => {
  let chat: Awaited<ReturnType<typeof startChatServer>>;
  let provider: ProviderServer;
  let backend: TestBackend;
  const api = () => request(backend.app);

  const saveSettings = async (change: (settings: Record<string, unknown>) => Record<string, unknown>) => {
    const current = await api().get('/v1/settings').set('authorization', owner);
    const saved = await api()
      .put('/v1/settings')
      .set('authorization', owner)
      .send({ baseVersion: current.body.version, settings: change(current.body.settings) });
    expect([saved.status, saved.text]).toEqual([200, saved.text]);
  };
  const setDailyBudget = (dailyUsd: number) =>
    saveSettings((settings) => ({ ...settings, budgets: { ...(settings.budgets as object), organisation: { dailyUsd } } }));
  const fill = () =>
    api()
      .post('/v1/fills')
      .set('authorization', owner)
      .send({ fillId: randomUUID(), documentId: 'spent-doc', tags: [{ name: 'intro', configuration: { prompt: 'Write one line.' } }] });
  const exhaustedAlerts = async () =>
    (await backend.firestore.firestore.collection(`orgs/${organisationId}/budgetAlerts`).get()).docs
      .map((document) => document.data())
      .filter((alert) => alert.level === 'exhausted');

  beforeAll(async () => {
    [chat, provider] = await Promise.all([startChatServer(), startOpenAIServer()]);
    backend = await startTestBackend({ GOOGLE_CHAT_WEBHOOK_BASE_URL: chat.origin, AI_RETRY_BASE_DELAY_MS: '1' });
    const created = await api()
      .post('/v1/connections')
      .set('authorization', owner)
      .send({ provider: 'openai', name: 'Main', apiKey: `sk-${canary()}`, baseUrl: provider.baseUrl, defaultModel: 'gpt-6-luna' });
    expect(created.status).toBe(201);
    expect((await api().put('/v1/alerts/google-chat').set('authorization', owner).send({ url: webhook })).status).toBe(200);
    await saveSettings((settings) => ({ ...settings, alerts: { ...(settings.alerts as object), onBudgetLevels: ['exhausted'] } }));
  });
  afterAll(async () => {
    await backend?.close();
    await Promise.all([provider?.close(), chat?.close()]);
  });

  it('is not raised when one request is refused because its worst case does not fit a budget below 100 %', async () => {
    await setDailyBudget(0.000_01);
    const refused = await fill();
    expect(refused.status).toBe(200);
    expect(refused.body.results[0].status).not.toBe('generated');
    expect(JSON.stringify(refused.body)).toMatch(/budget/i);
    await backend.drain();
    expect(await exhaustedAlerts()).toEqual([]);
    expect(chat.texts).toEqual([]);
  });

  it('is raised once, and delivered once, when written spend reaches the limit', async () => {
    await setDailyBudget(0.01);
    // Far more output than the worst case admitted: gpt-6-luna at $0.50 per million output tokens makes $0.05.
    provider.setDefault({ kind: 'reply', usage: { inputTokens: 10, outputTokens: 100_000 } });
    const spent = await fill();
    expect(spent.body.results[0].status).toBe('generated');
    await backend.drain();
    // The budget is used up now: further requests are refused and raise nothing new.
    for (let index = 0; index < 2; index += 1) {
      const refused = await fill();
      expect(refused.status).toBe(422);
      expect(refused.body.problems).toEqual([expect.objectContaining({ code: 'budget_exhausted' })]);
    }
    await backend.drain();

    const alerts = await exhaustedAlerts();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ kind: 'budget', scope: 'org', level: 'exhausted', limitNanoDollars: 10_000_000, delivered: true });
    expect(alerts[0]!.usedNanoDollars).toBeGreaterThanOrEqual(10_000_000);
    expect(chat.texts).toHaveLength(1);
    expect(chat.texts[0]).toMatch(
      /^Budget exhausted for spent\.example: organisation daily budget for \d{4}-\d{2}-\d{2} at \d+ % \(\$0\.05 of \$0\.01\)\. AI requests under this budget are refused/,
    );
  });
});

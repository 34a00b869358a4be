import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { startAnthropicServer, startOpenAIServer, type ProviderServer } from '../../../harness/provider-servers';
import { composeApp } from '../../../backend/src/compose-app';
import { createLogger } from '../../../backend/src/platform/logger';
import { developmentBearer, startTestBackend, type TestBackend } from '../../support/test-backend';

/**
 * An admin's requests and tokens per minute on a provider connection, respected before the provider answers
 * 429: through real fills over HTTP, the OpenAI SDK and the stand-in servers, counting what the stand-ins received.
 */

jest.setTimeout(120_000);

/** The limits are per calendar minute: a test that starts late in one would see two windows. */
async function earlyInAMinute(): Promise<void> {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 40_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinute + 50));
}

const completions = (server: ProviderServer) => server.requests.filter((recorded) => recorded.path === '/v1/chat/completions');
const messages = (server: ProviderServer) => server.requests.filter((recorded) => recorded.path === '/v1/messages');
/** The most requests a stand-in received within one calendar minute. */
const mostInOneMinute = (received: { receivedAt: number }[]) => {
  const perMinute = new Map<number, number>();
  for (const { receivedAt } of received)
    perMinute.set(Math.floor(receivedAt / 60_000), (perMinute.get(Math.floor(receivedAt / 60_000)) ?? 0) + 1);
  return Math.max(0, ...perMinute.values());
};

interface TagResult {
  tag: string;
  status: string;
  model?: string;
  error?: { code: string; message: string };
}

describe('rate limits per provider connection', () => {
  let openai: ProviderServer;
  let anthropic: ProviderServer;
  let backend: TestBackend;
  const api = () => request(backend.app);
  let organisations = 0;

  beforeAll(async () => {
    [openai, anthropic] = await Promise.all([startOpenAIServer(), startAnthropicServer()]);
    backend = await startTestBackend({
      AI_REQUEST_TIMEOUT_MS: '15000',
      AI_RETRY_BASE_DELAY_MS: '1',
      CONNECTION_RATE_LIMIT_MAX_WAIT_MS: '0',
      // A busy machine must not look like Firestore being down.
      FIRESTORE_DEADLINE_MS: '20000',
      FILL_CONCURRENCY: '8',
    });
  });
  afterEach(() => {
    openai.reset();
    anthropic.reset();
  });
  afterAll(async () => {
    await backend?.close();
    await Promise.all([openai?.close(), anthropic?.close()]);
  });

  /** A fresh organisation whose OpenAI connection has `limits`, and an Anthropic one; `fallback` names the latter as the fallback. */
  async function organisationWith(limits: { requestsPerMinute?: number; tokensPerMinute?: number }, fallback: boolean) {
    organisations += 1;
    const domain = `limits-${organisations}.example`;
    const owner = developmentBearer({ sub: `${9000 + organisations}`, email: `owner@${domain}`, hd: domain });
    const created = await api()
      .post('/v1/connections')
      .set('authorization', owner)
      .send({
        provider: 'openai',
        name: 'Limited OpenAI',
        apiKey: 'sk-limited-key-1',
        baseUrl: openai.baseUrl,
        defaultModel: 'gpt-6-luna',
        ...limits,
      });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      requestsPerMinute: limits.requestsPerMinute ?? null,
      tokensPerMinute: limits.tokensPerMinute ?? null,
    });
    const other = await api()
      .post('/v1/connections')
      .set('authorization', owner)
      .send({ provider: 'anthropic', name: 'Anthropic', apiKey: 'sk-ant-fallback-1', baseUrl: anthropic.baseUrl });
    expect(other.status).toBe(201);
    const settings = await api().get('/v1/settings').set('authorization', owner).expect(200);
    await api()
      .put('/v1/settings')
      .set('authorization', owner)
      .send({
        baseVersion: settings.body.version,
        settings: { ...settings.body.settings, fallbackModels: fallback ? ['anthropic:claude-haiku-4-5'] : [] },
      })
      .expect(200);
    return { owner, organisation: `domain:${domain}`, connectionId: created.body.id as string };
  }

  const fill = (owner: string, tags: number, extra: object = {}, app = backend.app) =>
    request(app)
      .post('/v1/fills')
      .set('authorization', owner)
      .send({
        fillId: randomUUID(),
        documentId: `doc-${randomUUID().slice(0, 8)}`,
        tags: Array.from({ length: tags }, (_, index) => ({
          name: `tag${index}`,
          configuration: { prompt: `Write paragraph ${index} ${randomUUID()}.`, model: 'gpt-6-luna', provider: 'openai', ...extra },
        })),
      });

  it('sends no more requests in a minute than the connection allows, and gives the rest to the fallback model', async () => {
    await earlyInAMinute();
    const { owner } = await organisationWith({ requestsPerMinute: 2 }, true);
    openai.setLatency(200);
    const filled = await fill(owner, 5);
    expect(filled.status).toBe(200);
    const results = filled.body.results as TagResult[];
    expect(results.every((result) => result.status === 'generated')).toBe(true);
    // One instance checks a connection's calls one at a time, so exactly the limit went through.
    expect(completions(openai)).toHaveLength(2);
    expect(mostInOneMinute(completions(openai))).toBeLessThanOrEqual(2);
    // Every tag the OpenAI connection had no room for was written by the fallback, which was called for it alone.
    const byFallback = results.filter((result) => result.model === 'claude-haiku-4-5');
    expect(byFallback.length).toBe(5 - completions(openai).length);
    expect(messages(anthropic)).toHaveLength(byFallback.length);

    // The same minute is still full: a second fill goes to the fallback at once.
    const again = await fill(owner, 1);
    expect(again.body.results[0]).toMatchObject({ status: 'generated', model: 'claude-haiku-4-5' });
    expect(completions(openai).length).toBeLessThanOrEqual(2);
  });

  it('fails a tag nothing can take with a rate-limit message, not a 5xx, and charges nothing for it', async () => {
    await earlyInAMinute();
    const { owner, organisation } = await organisationWith({ requestsPerMinute: 2 }, false);
    openai.setLatency(200);
    const filled = await fill(owner, 4);
    expect(filled.status).toBe(200);
    const results = filled.body.results as TagResult[];
    const generated = results.filter((result) => result.status === 'generated');
    const refused = results.filter((result) => result.status !== 'generated');
    expect(completions(openai)).toHaveLength(2);
    expect(generated.length).toBe(2);
    expect(refused.length).toBe(4 - generated.length);
    for (const result of refused) {
      expect(result.error).toEqual({
        code: 'connection_rate_limited',
        message:
          'The connection "Limited OpenAI" is at the limit your admin set (2 requests per minute), and no fallback model could take this tag. Fill it again in a minute, or ask an admin to raise the limit in Admin settings → Connections.',
      });
    }
    expect(messages(anthropic)).toHaveLength(0);
    await backend.drain();
    // Only the calls made are on the usage records.
    const usage = await backend.firestore.firestore.collection(`orgs/${organisation}/usage`).get();
    expect(usage.docs.map((document) => document.get('tag')).sort()).toEqual(generated.map((result) => result.tag).sort());
  });

  it('holds the worst case of tokens while a call runs and settles the window to the tokens used', async () => {
    await earlyInAMinute();
    // Each call holds its prompt and 300 answer tokens: two fit in 700, a third does not.
    const { owner, organisation, connectionId } = await organisationWith({ tokensPerMinute: 700 }, false);
    // Long enough that no call settles before the others are checked, however busy the machine.
    openai.setLatency(6000);
    const filled = await fill(owner, 4, { maxOutputTokens: 300 });
    const results = filled.body.results as TagResult[];
    expect(completions(openai)).toHaveLength(2);
    expect(results.filter((result) => result.status === 'generated')).toHaveLength(completions(openai).length);
    expect(results.filter((result) => result.error?.code === 'connection_rate_limited')).toHaveLength(4 - completions(openai).length);

    // Settled: the window holds what the answers used, so the next call fits again.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const windowStart = Math.floor(completions(openai)[0]!.receivedAt / 60_000) * 60_000;
    const window = await backend.firestore.firestore.doc(`orgs/${organisation}/connectionWindows/${connectionId}@${windowStart}`).get();
    const used = (filled.body.results as { usage?: { inputTokens: number; outputTokens: number } }[])
      .filter((result) => result.usage)
      .reduce((sum, result) => sum + result.usage!.inputTokens + result.usage!.outputTokens, 0);
    expect(window.get('tokens')).toBe(used);
    expect(window.get('requests')).toBe(completions(openai).length);

    // A tag whose worst case alone is above the limit never fits.
    const tooLarge = await fill(owner, 1, { maxOutputTokens: 1000 });
    expect(tooLarge.body.results[0].error.code).toBe('connection_rate_limited');
  });

  it('counts across backend instances sharing one Firestore', async () => {
    await earlyInAMinute();
    const { owner } = await organisationWith({ requestsPerMinute: 3 }, false);
    const second = composeApp(backend.config, backend.firestore.firestore, createLogger({ level: 'silent' }));
    try {
      openai.setLatency(200);
      const [first, other] = await Promise.all([fill(owner, 3), fill(owner, 3, {}, second.app)]);
      const all = [...first.body.results, ...other.body.results] as TagResult[];
      // Two instances racing at the limit may both refuse a call that would have fitted, never both admit one.
      expect(completions(openai).length).toBeLessThanOrEqual(3);
      expect(completions(openai).length).toBeGreaterThanOrEqual(1);
      expect(all.filter((result) => result.status === 'generated')).toHaveLength(completions(openai).length);
      expect(all.filter((result) => result.error?.code === 'connection_rate_limited')).toHaveLength(6 - completions(openai).length);
    } finally {
      await second.close();
    }
  });

  it("still retries the provider's own 429 as before, counting each call against the limit", async () => {
    await earlyInAMinute();
    const { owner, organisation, connectionId } = await organisationWith({ requestsPerMinute: 10 }, true);
    openai.enqueue(
      { kind: 'error', status: 429, message: 'Rate limit reached.', headers: { 'retry-after': '0' } },
      { kind: 'reply', text: 'After the 429.' },
    );
    const filled = await fill(owner, 1);
    expect(filled.body.results[0]).toMatchObject({ status: 'generated', text: 'After the 429.', model: 'gpt-6-luna' });
    expect(completions(openai)).toHaveLength(2);
    const windowStart = Math.floor(completions(openai)[0]!.receivedAt / 60_000) * 60_000;
    const window = await backend.firestore.firestore.doc(`orgs/${organisation}/connectionWindows/${connectionId}@${windowStart}`).get();
    expect(window.get('requests')).toBe(2);

    // A provider that keeps answering 429 hands the tag to the fallback, as it did before limits existed.
    openai.setDefault({ kind: 'error', status: 429, message: 'Rate limit reached.', headers: { 'retry-after': '0' } });
    const limited = await fill(owner, 1);
    expect(limited.body.results[0]).toMatchObject({ status: 'generated', model: 'claude-haiku-4-5' });
  });

  it('lets an admin change and remove the limits, and refuses a limit that is not a whole number', async () => {
    const { owner, connectionId } = await organisationWith({ requestsPerMinute: 5 }, false);
    const changed = await api().patch(`/v1/connections/${connectionId}`).set('authorization', owner).send({ tokensPerMinute: 20_000 });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ requestsPerMinute: 5, tokensPerMinute: 20_000 });
    const removed = await api().patch(`/v1/connections/${connectionId}`).set('authorization', owner).send({ requestsPerMinute: null });
    expect(removed.body).toMatchObject({ requestsPerMinute: null, tokensPerMinute: 20_000 });
    const refused = await api().patch(`/v1/connections/${connectionId}`).set('authorization', owner).send({ requestsPerMinute: 2.5 });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('requests per minute is a whole number');
  });
});

describe('a call over the limit near the end of a minute', () => {
  let openai: ProviderServer;
  let backend: TestBackend;
  beforeAll(async () => {
    openai = await startOpenAIServer();
    backend = await startTestBackend({
      AI_REQUEST_TIMEOUT_MS: '15000',
      AI_RETRY_BASE_DELAY_MS: '1',
      CONNECTION_RATE_LIMIT_MAX_WAIT_MS: '10000',
      FIRESTORE_DEADLINE_MS: '20000',
    });
  });
  afterAll(async () => {
    await backend?.close();
    await openai?.close();
  });

  it('waits for the next minute when it starts within the wait allowed, instead of failing', async () => {
    const owner = developmentBearer({ sub: '9100', email: 'owner@limits-wait.example', hd: 'limits-wait.example' });
    const created = await request(backend.app).post('/v1/connections').set('authorization', owner).send({
      provider: 'openai',
      name: 'One a minute',
      apiKey: 'sk-one-a-minute',
      baseUrl: openai.baseUrl,
      defaultModel: 'gpt-6-luna',
      requestsPerMinute: 1,
    });
    expect(created.status).toBe(201);
    // Start about 4 s before a minute ends: the second call has to wait for the next one.
    const intoMinute = Date.now() % 60_000;
    await new Promise((resolve) => setTimeout(resolve, (56_000 - intoMinute + 60_000) % 60_000));
    const filled = await request(backend.app)
      .post('/v1/fills')
      .set('authorization', owner)
      .send({
        fillId: randomUUID(),
        documentId: 'wait-doc',
        tags: ['first', 'second'].map((name) => ({
          name,
          configuration: { prompt: `Write the ${name} line.`, model: 'gpt-6-luna', provider: 'openai' },
        })),
      });
    expect(filled.status).toBe(200);
    expect(filled.body.results.map((result: TagResult) => result.status)).toEqual(['generated', 'generated']);
    const received = completions(openai).map((recorded) => Math.floor(recorded.receivedAt / 60_000));
    expect(received).toHaveLength(2);
    // One call in each minute: the second waited for the window to turn.
    expect(received[1]! - received[0]!).toBe(1);
  }, 120_000);
});

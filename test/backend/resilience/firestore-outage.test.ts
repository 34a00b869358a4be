import request from 'supertest';
import { startOpenAIServer, type ProviderServer } from '../../../harness/provider-servers';
import { composeApp, type ComposedApp } from '../../../backend/src/compose-app';
import { loadConfig } from '../../../backend/src/platform/config';
import { connectFirestore, type FirestoreConnection } from '../../../backend/src/platform/firestore/connect-firestore';
import { createLogger } from '../../../backend/src/platform/logger';
import { startTcpFaultProxy, type TcpFaultProxy } from '../../support/processes/tcp-fault-proxy';
import { developmentBearer } from '../../support/test-backend';

/**
 * Firestore stops answering: the backend sits behind a TCP proxy in front of the emulator that refuses
 * connections, or accepts them and never answers (black hole). Every Firestore call has a deadline
 * (FIRESTORE_DEADLINE_MS); the user gets a 503 with Retry-After well within 10 s, /readyz says not ready,
 * no provider is paid while nothing can be recorded, and usage of an answer already paid for is written,
 * once, when Firestore is back.
 */

jest.setTimeout(120_000);

const deadlineMs = 1000;
const organisationId = 'domain:outage.example';
const bearer = developmentBearer({ sub: 'outage-user', email: 'ana@outage.example', hd: 'outage.example' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a Firestore that stops answering', () => {
  let emulator: FirestoreConnection;
  let proxy: TcpFaultProxy;
  let throughProxy: FirestoreConnection;
  let provider: ProviderServer;
  let backend: ComposedApp;

  beforeAll(async () => {
    emulator = await connectFirestore({});
    proxy = await startTcpFaultProxy(emulator.host as string);
    throughProxy = await connectFirestore({ emulatorHost: proxy.address });
    provider = await startOpenAIServer();
    const config = loadConfig({
      AUTH_MODE: 'development',
      LOG_LEVEL: 'silent',
      OPENAI_API_KEY: 'sk-test-outage',
      OPENAI_BASE_URL: provider.baseUrl,
      OPENAI_DEFAULT_MODEL: 'gpt-6-luna',
      AI_RETRY_BASE_DELAY_MS: '1',
      FIRESTORE_DEADLINE_MS: String(deadlineMs),
    });
    backend = composeApp(config, throughProxy.firestore, createLogger({ level: (process.env.OUTAGE_LOG_LEVEL ?? 'silent') as 'silent' }));
    // The first request makes the organisation. The client's first connection through the proxy can take longer than
    // the test's short Firestore deadline on a busy machine (the backend then answers 503 and tries again): what is
    // tested starts once the backend has answered once.
    let first = await request(backend.app).get('/v1/templates').set('authorization', bearer);
    for (let tries = 0; first.status === 503 && tries < 20; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      first = await request(backend.app).get('/v1/templates').set('authorization', bearer);
    }
    expect(first.status).toBe(200);
  });
  afterEach(() => provider.reset());
  afterAll(async () => {
    // Calls left on black-holed connections end once their sockets are reset and the client retries them on a
    // working path: let every one end while this file's modules are loaded, not in the test file that runs next.
    // (A query whose stream breaks restarts itself inside the client, even when nobody waits for it any more,
    // and a restart on a terminated client is an error nobody can catch: give restarts time to finish first.)
    proxy?.setMode('refuse');
    await sleep(200);
    proxy?.setMode('pass');
    await sleep(3000);
    await backend?.close();
    await throughProxy?.firestore.terminate();
    await throughProxy?.close();
    await proxy?.close();
    await emulator?.close();
    await provider?.close();
  });

  const fill = (documentId: string) =>
    request(backend.app)
      .post('/v1/fills')
      .set('authorization', bearer)
      .send({ documentId, tags: [{ name: 'intro', configuration: { prompt: `Write an introduction for ${documentId}.` } }] });
  const completions = () => provider.requests.filter((recorded) => recorded.path === '/v1/chat/completions').length;
  /** Polls until Firestore answers through the proxy again and a fill succeeds; how long that took. */
  const recovered = async (documentId: string) => {
    const from = Date.now();
    for (;;) {
      const response = await fill(documentId);
      if (response.status === 200 && response.body.status === 'completed') return Date.now() - from;
      if (Date.now() - from > 60_000) throw new Error(`no recovery: ${response.status} ${JSON.stringify(response.body)}`);
      await sleep(250);
    }
  };

  for (const mode of ['refuse', 'blackhole'] as const) {
    it(`${mode}: a fill gets 503 with Retry-After within 10 s, /readyz is not ready, no provider is called; afterwards it works again`, async () => {
      proxy.setMode(mode);
      const from = Date.now();
      const response = await fill(`outage-${mode}`);
      const tookMs = Date.now() - from;

      expect(response.status).toBe(503);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(response.body).toMatchObject({ status: 503, title: 'Service unavailable' });
      expect(response.body.detail).toMatch(/database is not answering/);
      expect(tookMs).toBeLessThan(10_000);
      expect(completions()).toBe(0);

      const readiness = await request(backend.app).get('/readyz');
      expect(readiness.status).toBe(503);
      expect(readiness.body.checks).toContainEqual({ name: 'firestore', ok: false });

      // Once down, the next request does not wait out the deadline again (unless it is the one call let through
      // to check whether Firestore is back, which waits at most the deadline).
      const again = Date.now();
      expect((await fill(`outage-${mode}-again`)).status).toBe(503);
      expect(Date.now() - again).toBeLessThan(deadlineMs + 500);

      proxy.setMode('pass');
      const recoveryMs = await recovered(`after-${mode}`);
      expect(recoveryMs).toBeLessThan(30_000);
      expect((await request(backend.app).get('/readyz')).status).toBe(200);
    });
  }

  it('an answer paid for while Firestore went silent is not returned unrecorded, and is recorded exactly once when Firestore is back', async () => {
    const since = new Date();
    provider.setLatency(2000);
    // supertest sends on `then`: start it now, await it later.
    const pending = fill('paid-during-outage').then((response) => response);
    // The provider call is under way; then Firestore goes silent before its usage can be written.
    for (const until = Date.now() + 10_000; completions() === 0 && Date.now() < until;) await sleep(20);
    expect(completions()).toBe(1);
    proxy.setMode('blackhole');
    const response = await pending;
    provider.setLatency(0);
    expect(response.status).toBe(503);
    expect(response.body.detail).toMatch(/database is not answering/);

    proxy.setMode('pass');
    await recovered('after-paid-during-outage');
    // The queued record lands once Firestore answers; a retry of it (or the late commit) never doubles it.
    // Every answer the provider gave since the test began (the paid one and the fills after the outage) is
    // recorded exactly once.
    const successesSince = async () =>
      (await emulator.firestore.collection(`orgs/${organisationId}/usage`).where('createdAt', '>=', since).get()).docs
        .map((document) => document.data())
        .filter((record) => record.status === 'success');
    for (const until = Date.now() + 20_000; Date.now() < until && (await successesSince()).length < completions();) await sleep(200);
    const successes = await successesSince();
    expect(completions()).toBeGreaterThanOrEqual(2);
    expect(successes).toHaveLength(completions());
    expect(new Set(successes.map((record) => record.id)).size).toBe(successes.length);
    expect(successes.every((record) => record.costNanoDollars > 0)).toBe(true);
  });
});

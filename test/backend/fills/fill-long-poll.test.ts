import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { composeApp } from '../../../backend/src/compose-app';
import { createLogger } from '../../../backend/src/platform/logger';
import { startOpenAIServer, type ProviderServer } from '../../../harness/provider-servers';
import { developmentBearer, startTestBackend, type TestBackend } from '../../support/test-backend';
import { expectContractBody } from '../../support/response-contracts';

/**
 * Long fills within Apps Script's limits: POST /v1/fills with waitSeconds answers 202 while the fill goes on
 * in the background, and GET /v1/fills/{fillId}?waitSeconds=… answers the result as soon as the fill ends.
 */

jest.setTimeout(60_000);

const owner = developmentBearer({ sub: 'poll-owner', email: 'owner@poll.example', hd: 'poll.example' });
const member = developmentBearer({ sub: 'poll-member', email: 'member@poll.example', hd: 'poll.example' });

describe('long-polling fills', () => {
  let provider: ProviderServer;
  let backend: TestBackend;

  beforeAll(async () => {
    provider = await startOpenAIServer();
    backend = await startTestBackend(
      {
        OPENAI_API_KEY: 'sk-test-long-poll',
        OPENAI_BASE_URL: provider.baseUrl,
        OPENAI_DEFAULT_MODEL: 'gpt-6-luna',
        AI_REQUEST_TIMEOUT_MS: '10000',
        AI_RETRY_BASE_DELAY_MS: '1',
        LOG_LEVEL: 'warn',
      },
      { captureLogs: true },
    );
    expect((await request(backend.app).get('/v1/templates').set('authorization', owner)).status).toBe(200);
    expect((await request(backend.app).get('/v1/templates').set('authorization', member)).status).toBe(200);
  });
  afterEach(() => provider.reset());
  afterAll(async () => {
    await backend?.close();
    await provider?.close();
  });

  const startFill = (body: object, bearer = owner) => request(backend.app).post('/v1/fills').set('authorization', bearer).send(body);
  const poll = (fillId: string, waitSeconds?: number, bearer = owner) =>
    request(backend.app)
      .get(`/v1/fills/${fillId}`)
      .query(waitSeconds === undefined ? {} : { waitSeconds })
      .set('authorization', bearer);
  // Prompts differ between tests: a repeated prompt would be answered from the cache, without any latency.
  let round = 0;
  const twoTags = () => {
    round += 1;
    return [
      { name: 'fast', configuration: { prompt: `Long poll fast tag ${round}.` } },
      { name: 'slow', configuration: { prompt: `Long poll slow tag ${round}.` } },
    ];
  };

  it('answers 202 with the progress when the fill outlasts waitSeconds, then the result with texts as soon as it ends', async () => {
    const fillId = randomUUID();
    provider.enqueue({ kind: 'reply', latencyMs: 0 }, { kind: 'reply', latencyMs: 2500 });

    const started = Date.now();
    const accepted = await startFill({ fillId, waitSeconds: 1, documentId: 'long-poll-doc', tags: twoTags() });
    expect(accepted.status).toBe(202);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(accepted.body).toEqual({ fillId, status: 'running', total: 2, finished: 1, tags: { fast: 'generated', slow: 'pending' } });
    expectContractBody('fill', accepted.body);

    // Someone else cannot see (or wait on) the fill, not even while it runs.
    expect((await poll(fillId, 0, member)).status).toBe(404);

    const waitedFrom = Date.now();
    const finished = await poll(fillId, 20);
    const waited = Date.now() - waitedFrom;
    expect(finished.status).toBe(200);
    // Answered when the fill ended (about 1.5 s on), not after the 20 s the poll was allowed to wait.
    expect(waited).toBeLessThan(5000);
    expectContractBody('getFill', finished.body);
    expect(finished.body).toMatchObject({
      fillId,
      status: 'completed',
      documentId: 'long-poll-doc',
      userId: 'poll-owner',
      totals: { tags: 2, generated: 2, failed: 0 },
    });
    const texts = Object.fromEntries(
      (finished.body.results as Array<{ tag: string; text: string; status: string }>).map((result) => [
        result.tag,
        `${result.status}:${result.text}`,
      ]),
    );
    expect(texts).toEqual({
      fast: `generated:Generated for: Long poll fast tag ${round}.`,
      slow: `generated:Generated for: Long poll slow tag ${round}.`,
    });

    // A later poll (no wait) answers the same result, still from this instance's memory.
    const again = await poll(fillId);
    expect(again.status).toBe(200);
    expect(again.body.results).toEqual(finished.body.results);
    expect((await poll(fillId, 5, member)).status).toBe(404);
  });

  it('answers a fill that ran on this instance from memory, as another instance answers it from Firestore', async () => {
    const fillId = randomUUID();
    provider.enqueue({ kind: 'reply', latencyMs: 0 }, { kind: 'reply', latencyMs: 1500 });
    const [fast, slow] = twoTags();
    const tags = [fast, { name: slow!.name, configuration: { ...slow!.configuration, outputFormat: 'markdown' } }];
    expect((await startFill({ fillId, waitSeconds: 0, documentId: 'long-poll-doc', documentName: 'Long poll', tags })).status).toBe(202);
    const here = await poll(fillId, 20);
    expect(here.status).toBe(200);
    expect(here.body).toMatchObject({ fillId, status: 'completed', documentName: 'Long poll', userEmail: 'owner@poll.example' });
    // Each result says how the add-on writes its text, so the add-on need not read the template for it.
    expect(
      Object.fromEntries(
        (here.body.results as Array<{ tag: string; outputFormat: string }>).map((result) => [result.tag, result.outputFormat]),
      ),
    ).toEqual({ fast: 'plain', slow: 'markdown' });

    const elsewhere = composeApp(backend.config, backend.firestore.firestore, createLogger({ level: 'silent' }));
    try {
      const readBack = await request(elsewhere.app).get(`/v1/fills/${fillId}`).set('authorization', owner);
      expect(readBack.status).toBe(200);
      // `tagNames` belongs to the claim, which recording the execution replaces (the embedded emulator keeps it on a set).
      const { tagNames: _claimed, ...recorded } = readBack.body as Record<string, unknown>;
      expect(here.body).toEqual(recorded);
    } finally {
      await elsewhere.drain();
    }

    // The texts come from memory here: with the stored outputs gone, this instance still answers them.
    const outputs = await backend.firestore.firestore.collection(`orgs/domain:poll.example/executions/${fillId}/outputs`).get();
    expect(outputs.size).toBe(2);
    await Promise.all(outputs.docs.map((document) => document.ref.delete()));
    const again = await poll(fillId);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(here.body);
  });

  it('answers the result itself (200) when the fill ends within waitSeconds', async () => {
    const fillId = randomUUID();
    const response = await startFill({ fillId, waitSeconds: 10, documentId: 'long-poll-doc', tags: twoTags() });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ fillId, status: 'completed', totals: { tags: 2, generated: 2 } });
    expect(response.body.results.map((result: { text: string }) => result.text)).toEqual([
      `Generated for: Long poll fast tag ${round}.`,
      `Generated for: Long poll slow tag ${round}.`,
    ]);
  });

  it('a poll with waitSeconds still answers the progress when the wait ends first', async () => {
    const fillId = randomUUID();
    provider.enqueue({ kind: 'reply', latencyMs: 2500 }, { kind: 'reply', latencyMs: 2500 });
    expect((await startFill({ fillId, waitSeconds: 0, documentId: 'long-poll-doc', tags: twoTags() })).status).toBe(202);
    const from = Date.now();
    const running = await poll(fillId, 1);
    expect(Date.now() - from).toBeGreaterThanOrEqual(900);
    expect(running.status).toBe(200);
    expect(running.body).toMatchObject({ fillId, status: 'running', total: 2, finished: 0, tags: { fast: 'pending', slow: 'pending' } });
    expect((await poll(fillId, 10)).body).toMatchObject({ fillId, status: 'completed' });
  });

  it('shutdown waits for a fill running in the background, so its execution is recorded', async () => {
    const fillId = randomUUID();
    provider.enqueue({ kind: 'reply', latencyMs: 1200 }, { kind: 'reply', latencyMs: 1200 });
    expect((await startFill({ fillId, waitSeconds: 0, documentId: 'long-poll-doc', tags: twoTags() })).status).toBe(202);
    await backend.drain();
    const recorded = (await backend.firestore.firestore.doc(`orgs/domain:poll.example/executions/${fillId}`).get()).data();
    expect(recorded).toMatchObject({ fillId, status: 'completed', totals: { tags: 2, generated: 2 } });
  });

  it('refuses waitSeconds without a fillId, and waits out of range, without calling a model', async () => {
    const noId = await startFill({ waitSeconds: 5, documentId: 'long-poll-doc', tags: twoTags() });
    expect([400, 422]).toContain(noId.status);
    expect(noId.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(noId.body)).toContain('send a fillId with waitSeconds');
    expect((await startFill({ fillId: randomUUID(), waitSeconds: 41, documentId: 'long-poll-doc', tags: twoTags() })).status).toBe(400);
    expect((await poll(randomUUID(), 41)).status).toBe(400);
    expect(provider.requests.filter((recorded) => recorded.path === '/v1/chat/completions')).toHaveLength(0);
  });

  it('answers 404 at once for an unknown fill, however long the caller would wait', async () => {
    const from = Date.now();
    expect((await poll(randomUUID(), 40)).status).toBe(404);
    expect(Date.now() - from).toBeLessThan(2000);
  });

  it('logs one warn line per failed tag with its provider, model and error code, never the prompt', async () => {
    const fillId = randomUUID();
    provider.enqueue({ kind: 'error', status: 400, message: 'This request was rejected.', errorType: 'invalid_request_error' });
    const response = await startFill({
      fillId,
      documentId: 'long-poll-doc',
      tags: [{ name: 'broken', configuration: { prompt: 'A secret prompt the log must never show.', fallbackText: 'Fallback words.' } }],
    });
    expect(response.status).toBe(200);
    expect(response.body.results[0]).toMatchObject({ tag: 'broken', status: 'fallback', text: 'Fallback words.' });
    const lines = backend.logLines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.fillId === fillId);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'warn',
      fillId,
      tag: 'broken',
      provider: 'openai-compatible',
      model: 'gpt-6-luna',
      code: 'bad_request',
      retryable: false,
    });
    expect(JSON.stringify(lines)).not.toContain('secret prompt');
    expect(JSON.stringify(lines)).not.toContain('Fallback words');
  });
});

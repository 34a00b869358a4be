import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { startOpenAIServer, type ProviderServer } from '../../../harness/provider-servers';
import { createExecutionsRepository } from '../../../backend/src/fills/executions-repository';
import { developmentBearer, startTestBackend, type TestBackend } from '../../support/test-backend';
import { expectContractBody } from '../../support/response-contracts';

/**
 * Fills this instance does not run: another instance runs or ran them (the poll reads the execution
 * repository), or the instance running them stopped (the claim stays `running` and is answered as
 * interrupted). Also the fill's time limits: each tag's own deadline, and the fill's maximum duration.
 */

jest.setTimeout(60_000);

const organisation = 'domain:interrupt.example';
const owner = developmentBearer({ sub: 'int-owner', email: 'owner@interrupt.example', hd: 'interrupt.example' });
const member = developmentBearer({ sub: 'int-member', email: 'member@interrupt.example', hd: 'interrupt.example' });
const maxDurationMs = 1000;

describe('fills run elsewhere, interrupted, or out of time', () => {
  let provider: ProviderServer;
  let backend: TestBackend;

  beforeAll(async () => {
    provider = await startOpenAIServer();
    backend = await startTestBackend({
      OPENAI_API_KEY: 'sk-test-interrupted',
      OPENAI_BASE_URL: provider.baseUrl,
      OPENAI_DEFAULT_MODEL: 'gpt-6-luna',
      AI_REQUEST_TIMEOUT_MS: '10000',
      AI_RETRY_BASE_DELAY_MS: '1',
      AI_DEADLINE_MS: '1000',
      FILL_CONCURRENCY: '1',
      FILL_MAX_DURATION_MS: String(maxDurationMs),
    });
    expect((await request(backend.app).get('/v1/templates').set('authorization', owner)).status).toBe(200);
    expect((await request(backend.app).get('/v1/templates').set('authorization', member)).status).toBe(200);
  });
  afterEach(() => provider.reset());
  afterAll(async () => {
    await backend?.close();
    await provider?.close();
  });

  const poll = (fillId: string, waitSeconds?: number, bearer = owner) =>
    request(backend.app)
      .get(`/v1/fills/${fillId}`)
      .query(waitSeconds === undefined ? {} : { waitSeconds })
      .set('authorization', bearer);
  const repository = () => createExecutionsRepository(backend.firestore.firestore, { outputRetentionMs: 24 * 3_600_000 });

  it('answers a claim left running by a stopped instance as aborted (interrupted), at once, writing nothing', async () => {
    const fillId = randomUUID();
    const startedAt = new Date(Date.now() - maxDurationMs - 61_000);
    expect(await repository().claim(organisation, fillId, { userId: 'int-owner', startedAt, tags: ['intro'] })).toBe(true);

    const from = Date.now();
    const response = await poll(fillId, 30);
    expect(Date.now() - from).toBeLessThan(2000);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      fillId,
      status: 'aborted',
      abort: {
        code: 'interrupted',
        message: 'The fill was interrupted before it finished (the server restarted); nothing was written. Run it again.',
      },
      results: [],
    });
    expectContractBody('getFill', response.body);
    // Recorded as interrupted too, so the organisation's list of fills no longer shows it running.
    expect((await backend.firestore.firestore.doc(`orgs/${organisation}/executions/${fillId}`).get()).data()).toMatchObject({
      status: 'aborted',
      abortCode: 'interrupted',
    });
    expect((await poll(fillId, 0, member)).status).toBe(404);

    // The instance was only paused, and records its fill late: the fill stays interrupted, as the user was told.
    const late = repository().record({
      organisationId: organisation,
      userId: 'int-owner',
      userEmail: 'owner@interrupt.example',
      documentId: 'late-doc',
      startedAt,
      fill: {
        fillId,
        status: 'completed',
        results: [{ tag: 'intro', status: 'generated', text: 'Too late.', durationMs: 1, warnings: [] }],
        totals: { tags: 1, generated: 1, fallback: 0, failed: 0, cached: 0, inputTokens: 0, outputTokens: 0, cost: 0, durationMs: 1 },
      },
    });
    await expect(late).rejects.toMatchObject({ code: 6 });
    expect((await poll(fillId, 0)).body).toMatchObject({ fillId, status: 'aborted', abort: { code: 'interrupted' } });
  });

  it('waits on a fill another instance runs, polling the repository, and answers its recorded result with texts', async () => {
    const fillId = randomUUID();
    const startedAt = new Date();
    expect(await repository().claim(organisation, fillId, { userId: 'int-owner', startedAt, tags: ['intro', 'outro'] })).toBe(true);

    // While the other instance runs it, a short poll sees the tags pending.
    const running = await poll(fillId, 1);
    expect(running.status).toBe(200);
    expect(running.body).toEqual({ fillId, status: 'running', total: 2, finished: 0, tags: { intro: 'pending', outro: 'pending' } });
    expectContractBody('getFill', running.body);
    // Someone else's claim is not found, and not waited on.
    const from = Date.now();
    expect((await poll(fillId, 10, member)).status).toBe(404);
    expect(Date.now() - from).toBeLessThan(2000);

    const waiting = poll(fillId, 20).then((response) => ({ response, at: Date.now() }));
    await new Promise((resolve) => setTimeout(resolve, 800));
    const recordedAt = Date.now();
    await repository().record({
      organisationId: organisation,
      userId: 'int-owner',
      userEmail: 'owner@interrupt.example',
      documentId: 'elsewhere-doc',
      templateId: undefined,
      templateVersion: undefined,
      startedAt,
      fill: {
        fillId,
        status: 'completed',
        results: [
          {
            tag: 'intro',
            status: 'generated',
            text: 'Hello from the other instance.',
            provider: 'openai-compatible',
            model: 'gpt-6-luna',
            cached: false,
            usage: { inputTokens: 10, cachedInputTokens: 0, outputTokens: 5 },
            cost: 0.001,
            durationMs: 700,
            warnings: [],
          },
          {
            tag: 'outro',
            status: 'fallback',
            text: 'Kind regards.',
            durationMs: 30_000,
            error: { code: 'timeout', message: 'the AI did not answer in time' },
            warnings: [],
          },
        ],
        totals: {
          tags: 2,
          generated: 1,
          fallback: 1,
          failed: 0,
          cached: 0,
          inputTokens: 10,
          outputTokens: 5,
          cost: 0.001,
          durationMs: 30_000,
        },
      },
    });
    const { response, at } = await waiting;
    expect(at - recordedAt).toBeLessThan(3000);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      fillId,
      status: 'completed',
      documentId: 'elsewhere-doc',
      totals: { tags: 2, generated: 1, fallback: 1 },
      results: [
        {
          tag: 'intro',
          status: 'generated',
          text: 'Hello from the other instance.',
          model: 'gpt-6-luna',
          usage: { inputTokens: 10, outputTokens: 5 },
        },
        { tag: 'outro', status: 'fallback', text: 'Kind regards.', error: { code: 'timeout', message: 'the AI did not answer in time' } },
      ],
    });
  });

  it("gives each tag its own deadline, and starts no tag after the fill's maximum duration", async () => {
    // One tag at a time, 600 ms each, a 1 s deadline per answer and a 1 s fill: the second tag starts about
    // 0.6 s in and still gets its whole second; the third would start after the fill's time is up.
    provider.setDefault({ kind: 'reply', latencyMs: 600 });
    const response = await request(backend.app)
      .post('/v1/fills')
      .set('authorization', owner)
      .send({
        documentId: 'deadline-doc',
        tags: [
          { name: 'first', configuration: { prompt: 'Deadline first.' } },
          { name: 'second', configuration: { prompt: 'Deadline second.' } },
          { name: 'third', configuration: { prompt: 'Deadline third.', fallbackText: 'Third fallback.' } },
          { name: 'fourth', configuration: { prompt: 'Deadline fourth.' } },
        ],
      });
    expect(response.status).toBe(200);
    const byTag = Object.fromEntries((response.body.results as Array<{ tag: string; text: string }>).map((result) => [result.tag, result]));
    expect(byTag.first).toMatchObject({ status: 'generated' });
    expect(byTag.second).toMatchObject({ status: 'generated' });
    expect(byTag.third).toMatchObject({ status: 'fallback', text: 'Third fallback.', error: { code: 'timeout' } });
    expect(byTag.fourth).toMatchObject({ status: 'failed', error: { code: 'timeout' } });
    expect(byTag.fourth?.text).toContain('[AI: could not generate fourth');
    expect(response.body.status).toBe('completed');
    expect(provider.requests.filter((recorded) => recorded.path === '/v1/chat/completions')).toHaveLength(2);
  });
});

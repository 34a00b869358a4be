import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { startOpenAIServer, type ProviderServer } from '../../../harness/provider-servers';
import { developmentBearer, startTestBackend, type TestBackend } from '../../support/test-backend';

/** Cache lifetimes per template and per tag, and the last good answer served while every provider is down, through HTTP. */
describe('cache rules through fills', () => {
  let provider: ProviderServer;
  let backend: TestBackend;
  beforeAll(async () => {
    provider = await startOpenAIServer();
    backend = await startTestBackend({
      OPENAI_API_KEY: 'sk-test-cache-rules',
      OPENAI_BASE_URL: provider.baseUrl,
      OPENAI_DEFAULT_MODEL: 'gpt-6-luna',
      AI_REQUEST_TIMEOUT_MS: '2000',
      AI_RETRY_BASE_DELAY_MS: '1',
    });
  });
  afterEach(() => provider.reset());
  afterAll(async () => {
    await backend.close();
    await provider.close();
  });

  const ownerOf = (domain: string) => developmentBearer({ email: `owner@${domain}`, hd: domain });
  const putTemplate = (owner: string, documentId: string, body: object) =>
    request(backend.app).put(`/v1/templates/${documentId}`).set('authorization', owner).send(body);
  const fill = (owner: string, body: object) => request(backend.app).post('/v1/fills').set('authorization', owner).send(body);
  const generations = () => provider.requests.filter((recorded) => recorded.path === '/v1/chat/completions');

  it('refuses a cache lifetime that is not whole seconds from 0 to 30 days, naming what is wrong', async () => {
    const owner = ownerOf('ttl-validation.example');
    const tag = (cacheTtlSeconds: unknown) => ({
      baseVersion: 0,
      template: { tags: { intro: { prompt: 'Say hello.', cacheTtlSeconds } } },
    });
    const cases: [object, RegExp][] = [
      [tag(-1), /cannot be negative; 0 means never cache/],
      [tag(1.5), /whole number of seconds/],
      [tag('a week'), /number of seconds/],
      [tag(31 * 24 * 3600), /at most 2592000 seconds \(30 days\)/],
      [{ baseVersion: 0, template: { cacheTtlSeconds: -5, tags: {} } }, /cannot be negative/],
    ];
    for (const [body, message] of cases) {
      const response = await putTemplate(owner, 'doc-ttl-invalid', body);
      expect(response.status).toBe(400);
      expect(response.type).toBe('application/problem+json');
      expect(JSON.stringify(response.body)).toMatch(message);
    }
    const saved = await putTemplate(owner, 'doc-ttl-valid', {
      baseVersion: 0,
      template: { cacheTtlSeconds: 604_800, tags: { intro: { prompt: 'Say hello.', cacheTtlSeconds: 0 } } },
    });
    expect(saved.status).toBe(200);
    const read = await request(backend.app).get('/v1/templates/doc-ttl-valid').set('authorization', owner).expect(200);
    expect(read.body).toMatchObject({ cacheTtlSeconds: 604_800, tags: { intro: { cacheTtlSeconds: 0 } } });
  });

  it("caches a tag for its template's week, never caches a tag set to 0, and regenerate still skips the cache", async () => {
    const owner = ownerOf('ttl-fills.example');
    await putTemplate(owner, 'doc-ttl-fills', {
      baseVersion: 0,
      template: {
        cacheTtlSeconds: 604_800,
        tags: { boilerplate: { prompt: 'Write the fixed boilerplate.' }, today: { prompt: "Write today's greeting.", cacheTtlSeconds: 0 } },
      },
    }).expect(200);
    const body = { documentId: 'doc-ttl-fills', tags: [{ name: 'boilerplate' }, { name: 'today' }] };

    const first = await fill(owner, body).expect(200);
    expect(first.body.results.map((result: { cached?: boolean }) => result.cached)).toEqual([false, false]);
    const second = await fill(owner, body).expect(200);
    expect(second.body.results).toEqual([
      expect.objectContaining({ tag: 'boilerplate', cached: true, cost: 0 }),
      expect.objectContaining({ tag: 'today', cached: false }),
    ]);
    expect(second.body.totals).toMatchObject({ cached: 1 });
    expect(generations()).toHaveLength(3);

    const regenerated = await fill(owner, { ...body, tags: [{ name: 'boilerplate', regenerate: true }] }).expect(200);
    expect(regenerated.body.results[0]).toMatchObject({ cached: false });
    expect(generations()).toHaveLength(4);
  });

  it('serves the last good answer, marked with its age and free, only once the organisation allows it', async () => {
    const domain = 'last-good-fills.example';
    const owner = ownerOf(domain);
    await putTemplate(owner, 'doc-last-good', {
      baseVersion: 0,
      template: { tags: { rates: { prompt: "Write today's exchange-rate note.", cacheTtlSeconds: 0 } } },
    }).expect(200);
    const body = () => ({ fillId: randomUUID(), documentId: 'doc-last-good', tags: [{ name: 'rates' }] });

    provider.enqueue({ kind: 'reply', text: 'Rates are steady.', usage: { inputTokens: 20, outputTokens: 4 } });
    await fill(owner, body()).expect(200);
    provider.setDefault({ kind: 'error', status: 503, message: 'Service unavailable.' });
    // Off by default: the tag fails and gets the visible marker, as before.
    const refused = await fill(owner, body()).expect(200);
    expect(refused.body.results[0]).toMatchObject({ status: 'failed', error: { code: 'server' } });
    expect(refused.body.results[0]).not.toHaveProperty('lastGoodAnswer');

    const settings = await request(backend.app).get('/v1/settings').set('authorization', owner).expect(200);
    expect(settings.body.settings.serveLastGoodAnswer).toBe(false);
    await request(backend.app)
      .put('/v1/settings')
      .set('authorization', owner)
      .send({ baseVersion: settings.body.version, settings: { ...settings.body.settings, serveLastGoodAnswer: true } })
      .expect(200);
    // Answers generated before the setting was on were not kept: a new good answer is needed first.
    provider.reset();
    provider.enqueue({ kind: 'reply', text: 'Rates moved a little.', usage: { inputTokens: 20, outputTokens: 5 } });
    await fill(owner, body()).expect(200);
    provider.setDefault({ kind: 'error', status: 500, message: 'The server had an error.' });

    const staleFill = body();
    const stale = await fill(owner, staleFill).expect(200);
    expect(stale.body.status).toBe('completed');
    expect(stale.body.results[0]).toMatchObject({
      tag: 'rates',
      status: 'generated',
      text: 'Rates moved a little.',
      cached: true,
      cost: 0,
      lastGoodAnswer: { generatedAt: expect.any(String), ageSeconds: expect.any(Number) },
      warnings: [
        expect.stringMatching(/^Every AI provider was down, so this is the last good answer to the same prompt, written .* ago by/),
      ],
    });
    expect(stale.body.totals).toMatchObject({ cached: 1, cost: 0, failed: 0 });

    // The recorded execution says so too (a poll answered on any instance).
    const recorded = await request(backend.app).get(`/v1/fills/${staleFill.fillId}`).set('authorization', owner).expect(200);
    expect(recorded.body.results[0]).toMatchObject({ text: 'Rates moved a little.', lastGoodAnswer: expect.any(Object) });
    expect(recorded.body.tags[0]).toMatchObject({ cached: true, lastGoodAnswer: expect.any(Object) });

    // Usage: one free record marked stale, counted with the cache hits, not as a failed request.
    await backend.drain();
    const today = new Date().toISOString().slice(0, 10);
    const records = await request(backend.app)
      .get(`/v1/usage/records?from=${today}&to=${today}&scope=organisation`)
      .set('authorization', owner)
      .expect(200);
    const staleRecords = records.body.records.filter((record: { fillId: string }) => record.fillId === staleFill.fillId);
    expect(staleRecords).toEqual([expect.objectContaining({ status: 'stale', cached: true, costNanoDollars: 0 })]);
    const summary = await request(backend.app)
      .get(`/v1/usage/summary?from=${today}&to=${today}&scope=organisation`)
      .set('authorization', owner)
      .expect(200);
    // Two generated, one stale (answered as a cache hit); the failed fill's 5xx attempts were not billed, so not recorded.
    expect(summary.body.totals).toMatchObject({ requests: 3, cachedRequests: 1, failedRequests: 0, costNanoDollars: expect.any(Number) });
    const billed = records.body.records.filter((record: { status: string }) => record.status === 'success');
    expect(summary.body.totals.costNanoDollars).toBe(
      billed.reduce((sum: number, record: { costNanoDollars: number }) => sum + record.costNanoDollars, 0),
    );
  });

  it('refuses a save of the setting that is not a yes or no', async () => {
    const owner = ownerOf('last-good-validation.example');
    const settings = await request(backend.app).get('/v1/settings').set('authorization', owner).expect(200);
    const response = await request(backend.app)
      .put('/v1/settings')
      .set('authorization', owner)
      .send({ baseVersion: settings.body.version, settings: { ...settings.body.settings, serveLastGoodAnswer: 'sometimes' } });
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toMatch(/serveLastGoodAnswer/);
  });
});

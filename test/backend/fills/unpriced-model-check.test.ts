import request from 'supertest';
import { startOpenAIServer, type ProviderServer } from '../../../harness/provider-servers';
import { developmentBearer, startTestBackend, type TestBackend } from '../../support/test-backend';

/**
 * A model nobody has priced is never used as if it were free. The pre-run check says so before any model is
 * called, and says how to give it a price, instead of the fill starting and writing a failure into every tag.
 */
describe('a fill with a model that has no price', () => {
  const owner = developmentBearer({ sub: 'unpriced-owner', email: 'owner@unpriced.example', hd: 'unpriced.example' });
  let backend: TestBackend;
  let provider: ProviderServer;

  beforeAll(async () => {
    provider = await startOpenAIServer();
    backend = await startTestBackend({
      OPENAI_API_KEY: 'sk-test-unpriced',
      OPENAI_BASE_URL: provider.baseUrl,
      OPENAI_DEFAULT_MODEL: 'gpt-6-luna',
      AI_RETRY_BASE_DELAY_MS: '1',
    });
    await request(backend.app).get('/v1/session').set('authorization', owner);
  });
  afterAll(async () => {
    await backend.close();
    await provider.close();
  });

  const fill = (model: string) => ({
    documentId: 'unpriced-doc',
    tags: [
      { name: 'intro', configuration: { prompt: 'Say hello.', model } },
      { name: 'outro', configuration: { prompt: 'Say goodbye.' } },
    ],
  });

  it('is refused by the check and by the fill before any model is called, with the way to price it', async () => {
    const requestsBefore = provider.requests.length;
    const check = await request(backend.app).post('/v1/fills/check').set('authorization', owner).send(fill('house-model-7b'));
    expect(check.status).toBe(200);
    expect(check.body.problems).toEqual([
      {
        tag: 'intro',
        code: 'model_unpriced',
        message: expect.stringMatching(
          /^ai:intro uses the model [a-z-]+:house-model-7b, which has no price, and a model is never used as if it were free\. An admin describes it in Admin settings → Models & policy → Custom models \([a-z-]+:house-model-7b \| display name \| complexity/,
        ),
      },
    ]);
    const started = await request(backend.app).post('/v1/fills').set('authorization', owner).send(fill('house-model-7b'));
    expect(started.status).toBeGreaterThanOrEqual(400);
    expect(started.status).toBeLessThan(500);
    expect(JSON.stringify(started.body)).toContain('house-model-7b, which has no price');
    expect(provider.requests.length).toBe(requestsBefore);
  });

  it('fills once an admin describes the model with a price, and charges that price', async () => {
    const check = await request(backend.app).post('/v1/fills/check').set('authorization', owner).send(fill('house-model-7b'));
    const key = /uses the model ([a-z-]+:house-model-7b)/.exec(check.body.problems[0].message)?.[1];
    expect(key).toBeDefined();
    const saved = await request(backend.app)
      .put('/v1/settings')
      .set('authorization', owner)
      .send({
        baseVersion: 0,
        settings: {
          customModels: [
            {
              provider: key!.split(':')[0],
              id: 'house-model-7b',
              displayName: 'House model 7B',
              complexity: 'simple',
              contextWindow: 32_000,
              maxOutputTokens: 4_000,
              prices: { input: 2, cachedInput: 1, output: 4 },
              capabilities: [],
            },
          ],
        },
      });
    expect(saved.status).toBe(200);
    const filled = await request(backend.app).post('/v1/fills').set('authorization', owner).send(fill('house-model-7b'));
    expect(filled.status).toBe(200);
    const intro = filled.body.results.find((result: { tag: string }) => result.tag === 'intro');
    expect(intro).toMatchObject({ status: 'generated', model: 'house-model-7b' });
    expect(intro.cost).toBeCloseTo((intro.usage.inputTokens * 2 + intro.usage.outputTokens * 4) / 1_000_000, 12);
  });

  it('points to Price overrides for a described model left unpriced, and fills once it has one', async () => {
    const described = {
      // The stand-in server is reached through OPENAI_BASE_URL: an OpenAI-compatible connection.
      provider: 'openai-compatible',
      id: 'gpt-6-luna-preview',
      displayName: 'Luna preview',
      complexity: 'simple',
      contextWindow: 32_000,
      maxOutputTokens: 4_000,
      prices: null,
      capabilities: [],
    };
    const current = await request(backend.app).get('/v1/settings').set('authorization', owner);
    const saved = await request(backend.app)
      .put('/v1/settings')
      .set('authorization', owner)
      .send({ baseVersion: current.body.version, settings: { customModels: [described] } });
    expect(saved.status).toBe(200);
    const check = await request(backend.app)
      .post('/v1/fills/check')
      .set('authorization', owner)
      .send(fill('openai-compatible:gpt-6-luna-preview'));
    expect(check.body.problems).toEqual([
      {
        tag: 'intro',
        code: 'model_unpriced',
        message:
          'ai:intro uses the model openai-compatible:gpt-6-luna-preview, which has no price, and a model is never used as if it were free. ' +
          'An admin gives it one in Admin settings → Models & policy → Price overrides ' +
          '(openai-compatible:gpt-6-luna-preview = input, cached input, output, in dollars per million tokens), or picks a priced model.',
      },
    ]);
    const priced = await request(backend.app)
      .put('/v1/settings')
      .set('authorization', owner)
      .send({
        baseVersion: saved.body.version,
        settings: { priceOverrides: { 'openai-compatible:gpt-6-luna-preview': { input: 3, cachedInput: 1, output: 6 } } },
      });
    expect(priced.status).toBe(200);
    const filled = await request(backend.app)
      .post('/v1/fills')
      .set('authorization', owner)
      .send(fill('openai-compatible:gpt-6-luna-preview'));
    expect(filled.status).toBe(200);
    const intro = filled.body.results.find((result: { tag: string }) => result.tag === 'intro');
    expect(intro).toMatchObject({ status: 'generated' });
    expect(intro.cost).toBeCloseTo((intro.usage.inputTokens * 3 + intro.usage.outputTokens * 6) / 1_000_000, 12);
  });
});

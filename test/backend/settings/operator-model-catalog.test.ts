import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { startOpenAIServer, type ProviderServer } from '../../../harness/provider-servers';
import { loadConfig } from '../../../backend/src/platform/config';
import { developmentBearer, startTestBackend, type TestBackend } from '../../support/test-backend';

/** An operator lays a newer catalog file over the built-in one: new models, prices and shutdowns without a release. */
describe('MODEL_CATALOG_FILE', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'catalog-'));
  const file = path.join(folder, 'models.json');
  const source = { url: 'https://developers.openai.com/api/docs/models', readOn: '2026-12-06' };
  writeFileSync(
    file,
    JSON.stringify({
      models: [
        // A model released after this build, and a new price and an announced shutdown for a known one.
        {
          provider: 'openai',
          id: 'gpt-7-nova',
          displayName: 'GPT-7 Nova',
          released: '2026-12-05',
          contextWindow: 2_000_000,
          maxOutputTokens: 128_000,
          prices: { input: 1, cachedInput: 0.1, output: 5 },
          outputLimitParameter: 'max_completion_tokens',
          complexity: 'medium',
          source,
        },
        {
          provider: 'openai',
          id: 'gpt-6-luna',
          displayName: 'GPT-6 Luna',
          contextWindow: 1_050_000,
          maxOutputTokens: 128_000,
          prices: { input: 0.08, cachedInput: 0.008, output: 0.4 },
          shutsDownOn: '2020-01-01',
          replacement: 'gpt-7-nova',
          complexity: 'simple',
          source,
        },
      ],
    }),
  );
  const member = developmentBearer({ sub: 'catalog-member', email: 'member@catalog.example', hd: 'catalog.example' });
  let backend: TestBackend;
  let provider: ProviderServer;

  beforeAll(async () => {
    provider = await startOpenAIServer();
    backend = await startTestBackend({
      MODEL_CATALOG_FILE: file,
      OPENAI_API_KEY: 'sk-test-catalog-file',
      OPENAI_BASE_URL: provider.baseUrl,
      OPENAI_DEFAULT_MODEL: 'gpt-6-luna',
      AI_RETRY_BASE_DELAY_MS: '1',
    });
  });
  afterAll(async () => {
    await backend.close();
    await provider.close();
  });

  it('offers the new model with its price and drops the one the file retires', async () => {
    const response = await request(backend.app).get('/v1/models').set('authorization', member);
    const keys = (response.body.models as { key: string }[]).map((model) => model.key);
    expect(keys).toContain('openai:gpt-7-nova');
    expect(keys).not.toContain('openai:gpt-6-luna');
    expect(response.body.models.find((model: { key: string }) => model.key === 'openai:gpt-7-nova')).toMatchObject({
      pricesPerMillionTokens: { input: 1, cachedInput: 0.1, output: 5 },
      lifecycle: 'current',
    });
  });

  it('fills with the new model at its price', async () => {
    const filled = await request(backend.app)
      .post('/v1/fills')
      .set('authorization', member)
      .send({ documentId: 'catalog-doc', tags: [{ name: 'intro', configuration: { prompt: 'Say hello.', model: 'gpt-7-nova' } }] });
    expect(filled.status).toBe(200);
    expect(filled.body.results[0]).toMatchObject({ status: 'generated', model: 'gpt-7-nova' });
    const usage = filled.body.results[0].usage as { inputTokens: number; outputTokens: number };
    expect(filled.body.results[0].cost).toBeCloseTo((usage.inputTokens * 1 + usage.outputTokens * 5) / 1_000_000, 12);
  });

  it('refuses before any model is called a fill whose tags fall back to a retired server default, and says so on the dashboard', async () => {
    const requestsBefore = provider.requests.length;
    const check = await request(backend.app)
      .post('/v1/fills/check')
      .set('authorization', member)
      .send({ documentId: 'catalog-doc', tags: [{ name: 'intro', configuration: { prompt: 'Say hello.' } }] });
    expect(check.body.problems).toEqual([
      {
        tag: 'intro',
        code: 'model_retired',
        message:
          "ai:intro uses the organisation's default model, which is no longer served: GPT-6 Luna (openai-compatible:gpt-6-luna) was shut down by its provider on 2020-01-01 and can no longer be called. Choose openai-compatible:gpt-7-nova instead.",
      },
    ]);
    expect(provider.requests.length).toBe(requestsBefore);
    const models = await request(backend.app).get('/v1/models').set('authorization', member);
    expect(models.body.retiringSoon).toContainEqual(
      expect.objectContaining({
        key: 'openai-compatible:gpt-6-luna',
        shutsDownOn: '2020-01-01',
        replacement: 'openai-compatible:gpt-7-nova',
        usedAs: ["the server's default model"],
      }),
    );
    expect(models.body.retiringSoon.find((entry: { key: string }) => entry.key === 'openai-compatible:gpt-6-luna').daysLeft).toBeLessThan(
      0,
    );
  });

  it('refuses an admin setting a retired model as a default or a fallback, naming the replacement', async () => {
    const owner = developmentBearer({ sub: 'catalog-owner', email: 'owner@catalog-admin.example', hd: 'catalog-admin.example' });
    await request(backend.app).get('/v1/session').set('authorization', owner);
    const saved = await request(backend.app)
      .put('/v1/settings')
      .set('authorization', owner)
      .send({ baseVersion: 0, settings: { fallbackModels: ['openai:gpt-6-luna'] } });
    expect(saved.status).toBe(400);
    expect(saved.body.detail).toBe(
      'openai:gpt-6-luna cannot be a default or fallback model: GPT-6 Luna (openai:gpt-6-luna) was shut down by its provider on 2020-01-01 and can no longer be called. Choose openai:gpt-7-nova instead.',
    );
    const current = await request(backend.app)
      .put('/v1/settings')
      .set('authorization', owner)
      .send({ baseVersion: 0, settings: { fallbackModels: ['openai:gpt-7-nova'] } });
    expect(current.status).toBe(200);
  });

  it('stops the start with the variable named when the file is not a catalog', () => {
    const broken = path.join(folder, 'broken.json');
    writeFileSync(broken, JSON.stringify({ models: [{ provider: 'openai', id: 'x' }] }));
    expect(() => loadConfig({ AUTH_MODE: 'development', MODEL_CATALOG_FILE: broken })).toThrow(/MODEL_CATALOG_FILE: .*broken\.json/);
    expect(() => loadConfig({ AUTH_MODE: 'development', MODEL_CATALOG_FILE: path.join(folder, 'missing.json') })).toThrow(
      /MODEL_CATALOG_FILE: cannot read/,
    );
  });
});

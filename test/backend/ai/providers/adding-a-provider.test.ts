import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import request from 'supertest';
import { startOpenAIServer, type ProviderServer } from '../../../../harness/provider-servers';
import { ConfigError, loadConfig } from '../../../../backend/src/platform/config';
import { createLogger } from '../../../../backend/src/platform/logger';
import { redactText } from '../../../../backend/src/platform/redact-secrets';
import type * as Registry from '../../../../backend/src/ai/providers/registry';
import type * as TestProviderFolder from './test-provider/test-provider';
import { developmentBearer, startTestBackend, type TestBackend } from '../../../support/test-backend';

/*
 * Adding a provider is one folder and one line: the folder here is ./test-provider/, and the line is the one
 * this mock adds to registry.ts's list. Nothing else changes, and configuration, redaction, the key vault,
 * GET /v1/providers and askAI (through a fill) all work with the new provider.
 */
jest.mock('../../../../backend/src/ai/providers/registry', () => {
  const actual = jest.requireActual<typeof Registry>('../../../../backend/src/ai/providers/registry');
  const { testProvider } = jest.requireActual<typeof TestProviderFolder>('./test-provider/test-provider');
  return { ...actual, providerDescriptors: [...actual.providerDescriptors, testProvider] };
});

const serverKey = 'tpk-ServerWide0123456789';
const organisationKey = 'tpk-Organisation9876543210';
const organisationId = 'domain:example.com';
const admin = developmentBearer({ sub: 'provider-admin', email: 'ada@example.com', hd: 'example.com' });

/** The test provider's model, priced, in an operator's catalog file: the catalog is data, not code. */
function catalogFile(): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'test-provider-catalog-')), 'models.json');
  const model = {
    provider: 'test-provider',
    id: 'tiny-model',
    displayName: 'Tiny Model',
    contextWindow: 32_000,
    maxOutputTokens: 4096,
    prices: { input: 0.1, cachedInput: 0.01, output: 0.2 },
    complexity: 'simple',
  };
  writeFileSync(file, JSON.stringify({ models: [model] }));
  return file;
}

describe('a provider added as one folder and one line', () => {
  let provider: ProviderServer;
  let backend: TestBackend;
  beforeAll(async () => {
    provider = await startOpenAIServer({ models: ['tiny-model'] });
    backend = await startTestBackend({
      TEST_PROVIDER_API_KEY: serverKey,
      TEST_PROVIDER_BASE_URL: provider.baseUrl,
      MODEL_CATALOG_FILE: catalogFile(),
      AI_RETRY_BASE_DELAY_MS: '1',
    });
    // The first to sign in becomes the organisation's owner: the admin, before the member below.
    expect((await request(backend.app).get('/v1/session').set('authorization', admin)).status).toBe(200);
  });
  afterAll(async () => {
    await backend.close();
    await provider.close();
  });

  const completions = () => provider.requests.filter((sent) => sent.path === '/v1/chat/completions');
  let prompts = 0;
  const fill = () => {
    prompts += 1;
    return request(backend.app)
      .post('/v1/fills')
      .set('authorization', admin)
      .send({ documentId: 'doc-test-provider', tags: [{ name: 'intro', configuration: { prompt: `Write greeting ${prompts}.` } }] });
  };

  it('reads its variables in the one configuration schema, checked at start-up', () => {
    const config = loadConfig({ AUTH_MODE: 'development', TEST_PROVIDER_API_KEY: serverKey, TEST_PROVIDER_BASE_URL: provider.baseUrl });
    expect(config.serverConnections).toContainEqual({
      provider: 'test-provider',
      apiKey: serverKey,
      baseUrl: provider.baseUrl,
      defaultModel: 'tiny-model',
    });
    let thrown: unknown;
    try {
      loadConfig({ AUTH_MODE: 'development', TEST_PROVIDER_BASE_URL: 'not a url' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).problems).toEqual([expect.stringMatching(/^TEST_PROVIDER_BASE_URL: /)]);
  });

  it('removes its keys from text and log lines', () => {
    expect(redactText(`the provider refused ${organisationKey} today`)).toBe('the provider refused [redacted] today');
    // The same text with a key of no registered shape stays: the removal above is the descriptor's pattern.
    expect(redactText('the provider refused xpk-Organisation9876543210 today')).toContain('xpk-Organisation9876543210');
    const lines: string[] = [];
    const logger = createLogger({
      level: 'info',
      destination: new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString());
          done();
        },
      }),
    });
    logger.error({ err: new Error(`401 Incorrect API key provided: ${serverKey}`) }, `call with ${organisationKey} failed`);
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('tpk-');
    expect(lines[0]).toContain('[redacted]');
  });

  it('is listed by GET /v1/providers with what a connection to it needs', async () => {
    const member = developmentBearer({ sub: 'provider-member', email: 'mo@example.com', hd: 'example.com' });
    const response = await request(backend.app).get('/v1/providers').set('authorization', member);
    expect(response.status).toBe(200);
    expect(response.body.providers.map((listed: { id: string }) => listed.id)).toEqual([
      'openai',
      'anthropic',
      'gemini',
      'openai-compatible',
      'test-provider',
    ]);
    // A provider without an address or models of its own: the connection names both.
    expect(response.body.providers).toContainEqual(
      expect.objectContaining({ id: 'openai-compatible', defaultModel: null, acceptsBaseUrl: true, requiresBaseUrl: true }),
    );
    expect(response.body.providers.at(-1)).toEqual({
      id: 'test-provider',
      displayName: 'Test Provider',
      defaultModel: 'tiny-model',
      acceptsBaseUrl: true,
      requiresBaseUrl: true,
      keyHint: 'Starts with tpk-.',
    });
  });

  it('answers askAI through the server-wide connection its variables configure', async () => {
    provider.reset();
    const response = await fill();
    expect(response.status).toBe(200);
    expect(response.body.results[0]).toMatchObject({ status: 'generated', provider: 'test-provider', model: 'tiny-model' });
    expect(completions().map((sent) => sent.headers.authorization)).toEqual([`Bearer ${serverKey}`]);
  });

  it('keeps an organisation key in the vault, tests it, and answers askAI with it', async () => {
    const refused = await request(backend.app)
      .post('/v1/connections')
      .set('authorization', admin)
      .send({ provider: 'test-provider', name: 'Team key', apiKey: organisationKey });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('Test Provider connections need their base URL');

    const created = await request(backend.app)
      .post('/v1/connections')
      .set('authorization', admin)
      .send({ provider: 'test-provider', name: 'Team key', apiKey: organisationKey, baseUrl: provider.baseUrl });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ provider: 'test-provider', lastFour: '3210' });
    const stored = await backend.firestore.firestore.doc(`orgs/${organisationId}/connections/${created.body.id}`).get();
    expect(stored.get('provider')).toBe('test-provider');
    expect(JSON.stringify(stored.data())).not.toContain(organisationKey);

    provider.reset();
    const tested = await request(backend.app).post(`/v1/connections/${created.body.id}/test`).set('authorization', admin).send({});
    expect(tested.body).toMatchObject({ ok: true, model: 'tiny-model' });
    expect(provider.requests.map((sent) => [sent.path, sent.headers.authorization])).toEqual([
      ['/v1/models/tiny-model', `Bearer ${organisationKey}`],
    ]);

    provider.reset();
    const response = await fill();
    expect(response.body.results[0]).toMatchObject({ status: 'generated', provider: 'test-provider', model: 'tiny-model' });
    expect(completions().map((sent) => sent.headers.authorization)).toEqual([`Bearer ${organisationKey}`]);
  });
});

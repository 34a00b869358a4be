import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import request from 'supertest';
import { composeApp, type ComposedApp } from '../../../backend/src/compose-app';
import { loadConfig } from '../../../backend/src/platform/config';
import { createLogger } from '../../../backend/src/platform/logger';
import { startAnthropicServer, type ProviderServer } from '../../../harness/provider-servers';
import { developmentBearer, startTestBackend, type TestBackend } from '../../support/test-backend';

/**
 * A connection stored under one key-encryption key, then the backend restarted with another (KEY_ENCRYPTION_KEYS
 * lost the first): the routes that only describe connections answer 200 and count it as not usable, with a
 * hint naming it and a warning in the log, and no secret anywhere.
 */

jest.setTimeout(60_000);

const organisationId = 'domain:lost-kek.example';
const owner = developmentBearer({ sub: 'lost-kek-owner', email: 'owner@lost-kek.example', hd: 'lost-kek.example' });
const canaryKey = `sk-canary-${randomBytes(24).toString('hex')}`;

describe('routes when a stored key cannot be decrypted with the configured key-encryption key', () => {
  let before: TestBackend;
  let restarted: ComposedApp;
  const logLines: string[] = [];
  const api = () => request(restarted.app);

  beforeAll(async () => {
    before = await startTestBackend({ KEY_ENCRYPTION_KEYS: `kek-old:${randomBytes(32).toString('base64')}` });
    const created = await request(before.app)
      .post('/v1/connections')
      .set('authorization', owner)
      .send({ provider: 'openai', name: 'Finance key', apiKey: canaryKey, defaultModel: 'gpt-6-luna' });
    expect(created.status).toBe(201);
    // The same database, a new instance whose only key-encryption key never sealed anything there.
    const config = loadConfig({
      AUTH_MODE: 'development',
      LOG_LEVEL: 'trace',
      KEY_ENCRYPTION_KEYS: `kek-new:${randomBytes(32).toString('base64')}`,
    });
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(
          ...chunk
            .toString('utf8')
            .split('\n')
            .filter((line) => line.length > 0),
        );
        done();
      },
    });
    restarted = composeApp(config, before.firestore.firestore, createLogger({ level: 'trace', destination }));
  });
  afterAll(async () => {
    await restarted?.close();
    await before?.close();
  });

  it('says in the session that no provider is configured, naming the connection whose key cannot be decrypted', async () => {
    const session = await api().get('/v1/session').set('authorization', owner);
    expect(session.status).toBe(200);
    expect(session.body.provider).toEqual({
      configured: false,
      setupHint: 'The stored key for "Finance key" cannot be decrypted; an admin must add it again or restore KEY_ENCRYPTION_KEYS.',
    });
  });

  it('lists the models with the provider not connected, and the other settings routes answer 200', async () => {
    const models = await api().get('/v1/models').set('authorization', owner);
    expect(models.status).toBe(200);
    const openai = (models.body.models as Array<{ provider: string; connected: boolean }>).filter((model) => model.provider === 'openai');
    expect(openai.length).toBeGreaterThan(0);
    expect(openai.every((model) => model.connected === false)).toBe(true);
    expect(models.body.defaults).toEqual({ simple: null, medium: null, rare: null });
    for (const path of ['/v1/settings', '/v1/connections', '/v1/budget', '/v1/alerts']) {
      expect([path, (await api().get(path).set('authorization', owner)).status]).toEqual([path, 200]);
    }
  });

  it('still refuses a connection test with 409 key-unreadable, and a fill aborts with key_unreadable', async () => {
    const [connection] = (await api().get('/v1/connections').set('authorization', owner)).body.connections as Array<{ id: string }>;
    const tested = await api().post(`/v1/connections/${connection!.id}/test`).set('authorization', owner).send({});
    expect(tested.status).toBe(409);
    const filled = await api()
      .post('/v1/fills')
      .set('authorization', owner)
      .send({ documentId: 'lost-kek-doc', tags: [{ name: 'intro', configuration: { prompt: 'Say hello.' } }] });
    expect(filled.status).toBe(200);
    expect(filled.body).toMatchObject({ status: 'aborted', abort: { code: 'key_unreadable' } });
  });

  it('fills with another provider whose key opens, even when the unreadable one is among the fallbacks', async () => {
    const anthropic: ProviderServer = await startAnthropicServer();
    try {
      const created = await api()
        .post('/v1/connections')
        .set('authorization', owner)
        .send({
          provider: 'anthropic',
          name: 'Anthropic key',
          apiKey: `sk-ant-${randomBytes(16).toString('hex')}`,
          baseUrl: anthropic.baseUrl,
        });
      expect(created.status).toBe(201);
      const current = await api().get('/v1/settings').set('authorization', owner);
      const saved = await api()
        .put('/v1/settings')
        .set('authorization', owner)
        .send({ baseVersion: current.body.version, settings: { ...current.body.settings, fallbackModels: ['openai:gpt-6-luna'] } });
      expect(saved.status).toBe(200);
      const filled = await api()
        .post('/v1/fills')
        .set('authorization', owner)
        .send({
          documentId: 'lost-kek-doc',
          tags: [{ name: 'intro', configuration: { prompt: 'Say hello.', provider: 'anthropic', model: 'claude-haiku-4-5' } }],
        });
      expect(filled.status).toBe(200);
      expect(filled.body).toMatchObject({ status: 'completed', results: [{ tag: 'intro', status: 'generated', provider: 'anthropic' }] });
    } finally {
      await anthropic.close();
    }
  });

  it('logs a warning naming the connection, and no secret', async () => {
    await restarted.drain();
    const warnings = logLines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.level === 'warn' && line.organisationId === organisationId && typeof line.connectionId === 'string');
    expect(warnings.length).toBeGreaterThanOrEqual(1);
    expect(warnings[0]).toMatchObject({
      provider: 'openai',
      keyEncryptionKeyId: 'kek-old',
      msg: expect.stringMatching(/cannot be decrypted/),
    });
    expect(
      logLines.map((line) => JSON.parse(line) as { level: string }).some((line) => line.level === 'error' || line.level === 'fatal'),
    ).toBe(false);
    expect(logLines.join('\n')).not.toContain(canaryKey);
    expect(logLines.join('\n')).not.toContain(canaryKey.slice(10, 30));
  });
});

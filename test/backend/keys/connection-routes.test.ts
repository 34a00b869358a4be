import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { startOpenAIServer, type ProviderServer } from '../../../harness/provider-servers';
import { developmentBearer, startTestBackend, type TestBackend } from '../../support/test-backend';

interface ChatCompletionBody {
  model: string;
  messages: Array<{ role: string; content: string }>;
}

const organisationId = 'domain:example.com';
const admin = developmentBearer({ sub: 'conn-admin', email: 'olga@example.com', hd: 'example.com' });
const member = developmentBearer({ sub: 'conn-member', email: 'mo@example.com', hd: 'example.com' });
const organisationKey = 'sk-org-key-ABCD1234';
const rotatedKey = 'sk-org-rotated-WXYZ9876';
const rejectedKey = 'sk-revoked-key-QQQQ5555';

/** An OpenAI-shaped endpoint that refuses every key, quoting it back the way OpenAI's 401 does. */
async function startRejectingServer(): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const server: Server = createServer((incoming, response) => {
    const key = /^Bearer\s+(.*)$/i.exec(incoming.headers.authorization ?? '')?.[1] ?? '';
    response.writeHead(401, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({
        error: { message: `Incorrect API key provided: ${key}.`, type: 'invalid_request_error', param: null, code: 'invalid_api_key' },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function client(backend: () => TestBackend) {
  return {
    get: (path: string, bearer = admin) => request(backend().app).get(path).set('authorization', bearer),
    post: (path: string, body?: object, bearer = admin) => {
      const pending = request(backend().app).post(path).set('authorization', bearer);
      return body === undefined ? pending : pending.send(body);
    },
    patch: (path: string, body: object, bearer = admin) => request(backend().app).patch(path).set('authorization', bearer).send(body),
    delete: (path: string, bearer = admin) => request(backend().app).delete(path).set('authorization', bearer),
  };
}

let promptCounter = 0;
/** A prompt never sent before, so the response cache never answers instead of the provider. */
function freshFill() {
  promptCounter += 1;
  return { documentId: 'doc-connections', tags: [{ name: 'intro', configuration: { prompt: `Write greeting number ${promptCounter}.` } }] };
}

const completionRequests = (provider: ProviderServer) => provider.requests.filter((recorded) => recorded.path === '/v1/chat/completions');

describe("an organisation's provider connections (no key in the environment)", () => {
  let provider: ProviderServer;
  let rejecting: Awaited<ReturnType<typeof startRejectingServer>>;
  let backend: TestBackend;
  const api = client(() => backend);
  let created: Record<string, unknown> & { id: string; fingerprint: string; lastFour: string };

  beforeAll(async () => {
    provider = await startOpenAIServer();
    rejecting = await startRejectingServer();
    backend = await startTestBackend({ AI_REQUEST_TIMEOUT_MS: '2000', AI_RETRY_BASE_DELAY_MS: '1' });
    // The first user of example.com becomes its owner, the second a member.
    expect((await api.get('/v1/session', admin)).body.role).toBe('owner');
    expect((await api.get('/v1/session', member)).body.role).toBe('member');
  });
  afterEach(() => provider.reset());
  afterAll(async () => {
    await backend.close();
    await provider.close();
    await rejecting.close();
  });

  const storedConnection = async (id: string) =>
    (await backend.firestore.firestore.doc(`orgs/${organisationId}/connections/${id}`).get()).data();

  it("creates an OpenAI-compatible connection and shows only the key's fingerprint and last four characters", async () => {
    const response = await api.post('/v1/connections', {
      provider: 'openai-compatible',
      name: 'Local gateway',
      apiKey: organisationKey,
      baseUrl: provider.baseUrl,
      defaultModel: 'gpt-6-luna',
    });

    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      provider: 'openai-compatible',
      name: 'Local gateway',
      baseUrl: provider.baseUrl,
      defaultModel: 'gpt-6-luna',
      enabled: true,
      lastFour: '1234',
      createdBy: 'olga@example.com',
      rotatedAt: null,
      lastTest: null,
    });
    expect(response.body.fingerprint).toMatch(/^sha256:[0-9a-f]{12}$/);
    expect(response.body).not.toHaveProperty('apiKey');
    expect(response.body).not.toHaveProperty('sealedKey');
    expect(JSON.stringify(response.body)).not.toContain(organisationKey);
    created = response.body;
  });

  it('stores the key sealed, never in plain text', async () => {
    const stored = await storedConnection(created.id);

    // Version 2: the key is bound to its provider and base URL as well as to the organisation and record.
    expect(stored?.sealedKey).toMatchObject({ version: 2, algorithm: 'AES-256-GCM', keyEncryptionKeyId: 'development' });
    expect(stored).not.toHaveProperty('apiKey');
    const text = JSON.stringify(stored);
    expect(text).not.toContain(organisationKey);
    expect(text).not.toContain(Buffer.from(organisationKey).toString('base64'));
    expect(text).not.toContain(organisationKey.slice(0, -4));
  });

  it('lists and gets the same view the creation returned', async () => {
    const list = await api.get('/v1/connections');
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ connections: [created] });

    const one = await api.get(`/v1/connections/${created.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual(created);
  });

  it('keeps connections to admins: a member gets 403', async () => {
    expect((await api.get('/v1/connections', member)).status).toBe(403);
    expect((await api.post('/v1/connections', { provider: 'openai', name: 'Mine', apiKey: 'sk-member-key-0000' }, member)).status).toBe(
      403,
    );
    expect((await api.get('/v1/connections')).body.connections).toHaveLength(1);
  });

  it('tests the key with a real call that carries it to the provider', async () => {
    const response = await api.post(`/v1/connections/${created.id}/test`);

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ ok: true, model: 'gpt-6-luna' });
    expect(response.body.latencyMs).toEqual(expect.any(Number));
    const calls = provider.requests.filter((recorded) => recorded.path.startsWith('/v1/models'));
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((recorded) => recorded.headers.authorization === `Bearer ${organisationKey}`)).toBe(true);
    expect(JSON.stringify(response.body)).not.toContain(organisationKey);
    expect((await storedConnection(created.id))?.lastTest).toMatchObject({ ok: true });
  });

  it('answers a test with a rejected key with ok:false and a message about the key that does not quote it', async () => {
    const bad = await api.post('/v1/connections', {
      provider: 'openai-compatible',
      name: 'Revoked',
      apiKey: rejectedKey,
      baseUrl: rejecting.baseUrl,
      defaultModel: 'gpt-6-luna',
    });
    expect(bad.status).toBe(201);

    const response = await api.post(`/v1/connections/${bad.body.id}/test`, {});

    expect(response.status).toBe(200);
    expect(response.body.ok).toBe(false);
    expect(response.body.message).toMatch(/key/i);
    expect(JSON.stringify(response.body)).not.toContain(rejectedKey);
    const stored = await storedConnection(bad.body.id);
    expect(stored?.lastTest).toMatchObject({ ok: false });
    expect(JSON.stringify(stored)).not.toContain(rejectedKey);
    expect((await api.get(`/v1/connections/${bad.body.id}`)).body.lastTest).toMatchObject({ ok: false, message: response.body.message });

    expect((await api.delete(`/v1/connections/${bad.body.id}`)).status).toBe(204);
  });

  it("fills with the organisation's key once the connection exists", async () => {
    const response = await api.post('/v1/fills', freshFill());

    expect(response.status).toBe(200);
    expect(response.body.status).toBe('completed');
    expect(response.body.results[0]).toMatchObject({ status: 'generated', provider: 'openai-compatible', model: 'gpt-6-luna' });
    const [sent] = completionRequests(provider);
    expect(sent?.headers.authorization).toBe(`Bearer ${organisationKey}`);
    expect((sent?.body as ChatCompletionBody).model).toBe('gpt-6-luna');
  });

  it('renames and disables a connection, after which fills no longer use it', async () => {
    const response = await api.patch(`/v1/connections/${created.id}`, { name: 'Old gateway', enabled: false });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id: created.id,
      name: 'Old gateway',
      enabled: false,
      fingerprint: created.fingerprint,
      lastFour: '1234',
    });
    expect(await storedConnection(created.id)).toMatchObject({ name: 'Old gateway', enabled: false });
    expect((await api.get(`/v1/connections/${created.id}`)).body).toMatchObject({ name: 'Old gateway', enabled: false });

    const fill = await api.post('/v1/fills', freshFill());
    expect(fill.status).toBe(200);
    expect(fill.body).toMatchObject({ status: 'aborted', abort: { code: 'provider_not_configured' } });
    expect(completionRequests(provider)).toHaveLength(0);
    expect((await api.get('/v1/session')).body.provider).toMatchObject({ configured: false });
  });

  it('uses the connection again once it is enabled', async () => {
    expect((await api.patch(`/v1/connections/${created.id}`, { enabled: true })).status).toBe(200);

    const fill = await api.post('/v1/fills', freshFill());
    expect(fill.body.status).toBe('completed');
    expect(completionRequests(provider)[0]?.headers.authorization).toBe(`Bearer ${organisationKey}`);
  });

  it('rotates the key: a new fingerprint and last four, and the next fill sends the new key', async () => {
    const response = await api.post(`/v1/connections/${created.id}/rotate`, { apiKey: rotatedKey });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: created.id, name: 'Old gateway', lastFour: '9876', lastTest: null });
    expect(response.body.fingerprint).toMatch(/^sha256:[0-9a-f]{12}$/);
    expect(response.body.fingerprint).not.toBe(created.fingerprint);
    expect(response.body.rotatedAt).toEqual(expect.any(String));
    expect(JSON.stringify(response.body)).not.toContain(rotatedKey);
    const stored = JSON.stringify(await storedConnection(created.id));
    expect(stored).not.toContain(rotatedKey);
    expect(stored).not.toContain(organisationKey);

    const fill = await api.post('/v1/fills', freshFill());
    expect(fill.body.status).toBe('completed');
    const sent = completionRequests(provider);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.headers.authorization).toBe(`Bearer ${rotatedKey}`);
  });

  it('deletes a connection: it is gone afterwards', async () => {
    expect((await api.delete(`/v1/connections/${created.id}`)).status).toBe(204);

    const after = await api.get(`/v1/connections/${created.id}`);
    expect(after.status).toBe(404);
    expect(after.type).toBe('application/problem+json');
    expect(await storedConnection(created.id)).toBeUndefined();
    expect((await api.get('/v1/connections')).body.connections).toEqual([]);
    expect((await api.delete(`/v1/connections/${created.id}`)).status).toBe(404);
    expect((await api.post(`/v1/connections/${created.id}/rotate`, { apiKey: rotatedKey })).status).toBe(404);
  });

  it('wrote an audit entry for every change, none of which holds a key', async () => {
    const response = await api.get('/v1/audit?limit=200');

    expect(response.status).toBe(200);
    const entries = (
      response.body.entries as Array<{
        action: string;
        target: string;
        actorEmail: string;
        before: Record<string, unknown> | null;
        after: Record<string, unknown> | null;
      }>
    ).filter((entry) => entry.target === `connections/${created.id}`);
    expect(entries.map((entry) => entry.action).sort()).toEqual([
      'connection.create',
      'connection.delete',
      'connection.rotate',
      'connection.update',
      'connection.update',
    ]);
    expect(entries.every((entry) => entry.actorEmail === 'olga@example.com')).toBe(true);
    const rotation = entries.find((entry) => entry.action === 'connection.rotate');
    expect(rotation?.before).toMatchObject({ fingerprint: created.fingerprint, lastFour: '1234' });
    expect(rotation?.after).toMatchObject({ lastFour: '9876' });
    const update = entries.find((entry) => entry.action === 'connection.update' && entry.after?.enabled === false);
    expect(update?.before).toMatchObject({ name: 'Local gateway', enabled: true });
    expect(update?.after).toMatchObject({ name: 'Old gateway', enabled: false });

    const everything = JSON.stringify(response.body);
    for (const key of [organisationKey, rotatedKey, rejectedKey]) expect(everything).not.toContain(key);
    expect(everything).not.toContain('sealedKey');
    expect(everything).not.toContain('wrappedDataKey');
  });

  describe('refuses input it cannot use, with a 400 that names the problem', () => {
    const valid = () => ({
      provider: 'openai-compatible',
      name: 'Gateway',
      apiKey: 'sk-valid-key-5678',
      baseUrl: provider.baseUrl,
      defaultModel: 'gpt-6-luna',
    });
    const without = (field: string) => Object.fromEntries(Object.entries(valid()).filter(([name]) => name !== field));

    it.each([
      ['an OpenAI-compatible connection without baseUrl', () => without('baseUrl'), /baseUrl/],
      ['an OpenAI-compatible connection without defaultModel', () => without('defaultModel'), /defaultModel/],
      ['the cloud metadata address', () => ({ ...valid(), baseUrl: 'http://169.254.169.254/' }), /baseUrl.*not allowed/],
      [
        'the metadata server by name',
        () => ({ ...valid(), baseUrl: 'http://metadata.google.internal/computeMetadata/v1' }),
        /baseUrl.*not allowed/,
      ],
      ['a URL with credentials', () => ({ ...valid(), baseUrl: 'https://user:pass@example.org/v1' }), /baseUrl/],
      ['a key with a space', () => ({ ...valid(), apiKey: 'sk-has a-space-5678' }), /apiKey/],
      ['a key that is too short', () => ({ ...valid(), apiKey: 'sk-1' }), /apiKey/],
      ['an unknown provider', () => ({ ...valid(), provider: 'mistral' }), /provider/],
      ['unknown fields', () => ({ ...valid(), organisationId: 'domain:other.com' }), /organisationId/],
    ])('%s', async (_case, body, detail) => {
      const response = await api.post('/v1/connections', body());

      expect(response.status).toBe(400);
      expect(response.type).toBe('application/problem+json');
      expect(response.body.detail).toMatch(detail);
      expect(JSON.stringify(response.body)).not.toContain(body().apiKey as string);
      expect((await api.get('/v1/connections')).body.connections).toEqual([]);
    });

    // The same metadata server, written so the hostname check does not recognise it.
    it.each([
      ['an IPv4-mapped IPv6 address', 'http://[::ffff:169.254.169.254]/'],
      ['a fully-qualified metadata host name', 'http://metadata.google.internal./computeMetadata/v1'],
    ])('refuses the cloud metadata server written as %s', async (_case, baseUrl) => {
      const response = await api.post('/v1/connections', { ...valid(), baseUrl });
      // Leaves nothing behind for the other tests even while this check fails.
      if (response.status === 201) await api.delete(`/v1/connections/${response.body.id}`);

      expect(response.status).toBe(400);
      expect(response.body.detail).toMatch(/baseUrl/);
    });

    it('refuses a change or rotation it cannot use', async () => {
      const connection = await api.post('/v1/connections', valid());
      expect(connection.status).toBe(201);
      const path = `/v1/connections/${connection.body.id}`;

      expect((await api.patch(path, { baseUrl: null })).status).toBe(400);
      expect((await api.patch(path, { baseUrl: 'http://169.254.169.254/latest/meta-data' })).status).toBe(400);
      expect((await api.patch(path, { apiKey: 'sk-sneaky-key-0000' })).status).toBe(400);
      expect((await api.patch(path, {})).status).toBe(400);
      const rotation = await api.post(`${path}/rotate`, { apiKey: 'sk-new key-0000' });
      expect(rotation.status).toBe(400);
      expect(rotation.body.detail).toMatch(/apiKey/);
      expect((await api.post(`${path}/rotate`, { apiKey: 'sk-new-key-0000', name: 'x' })).status).toBe(400);

      expect((await api.get(path)).body).toEqual(connection.body);
      expect((await api.delete(path)).status).toBe(204);
    });
  });
});

describe('an organisation connection beside a server (environment) key', () => {
  const environmentKey = 'sk-environment-key-0000';
  const ownKey = 'sk-own-organisation-key-7777';
  const owner = developmentBearer({ sub: 'env-owner', email: 'eve@env.example', hd: 'env.example' });
  const otherOrganisation = developmentBearer({ sub: 'other-owner', email: 'ola@other.example', hd: 'other.example' });
  let provider: ProviderServer;
  let backend: TestBackend;
  const api = client(() => backend);

  beforeAll(async () => {
    provider = await startOpenAIServer();
    backend = await startTestBackend({
      OPENAI_API_KEY: environmentKey,
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

  it('fills with the environment key before the organisation adds its own', async () => {
    const fill = await api.post('/v1/fills', freshFill(), owner);
    expect(fill.body.status).toBe('completed');
    expect(completionRequests(provider)[0]?.headers.authorization).toBe(`Bearer ${environmentKey}`);
  });

  it("fills with the organisation's key, not the environment's, once it has a connection", async () => {
    const created = await api.post(
      '/v1/connections',
      { provider: 'openai-compatible', name: 'Our key', apiKey: ownKey, baseUrl: provider.baseUrl, defaultModel: 'gpt-6-luna' },
      owner,
    );
    expect(created.status).toBe(201);

    const fill = await api.post('/v1/fills', freshFill(), owner);

    expect(fill.body.status).toBe('completed');
    const sent = completionRequests(provider);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.headers.authorization).toBe(`Bearer ${ownKey}`);
    expect(JSON.stringify(provider.requests)).not.toContain(environmentKey);
  });

  it("keeps one organisation's key away from another organisation", async () => {
    const fill = await api.post('/v1/fills', freshFill(), otherOrganisation);
    expect(fill.body.status).toBe('completed');
    expect(completionRequests(provider)[0]?.headers.authorization).toBe(`Bearer ${environmentKey}`);
    expect((await api.get('/v1/connections', otherOrganisation)).body.connections).toEqual([]);
  });
});

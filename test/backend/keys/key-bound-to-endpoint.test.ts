import request from 'supertest';
import { startOpenAIServer, type ProviderServer } from '../../../harness/provider-servers';
import { sealSecret } from '../../../backend/src/keys/envelope-encryption';
import { keyRingFromConfig } from '../../../backend/src/keys/key-ring-from-config';
import { developmentBearer, startTestBackend, type TestBackend } from '../../support/test-backend';

/**
 * An admin who may edit connections tries to read the owner's provider key by pointing the connection at a
 * host they control. The key must only ever reach the endpoint it was entered for.
 */
const owner = developmentBearer({ sub: 'bound-owner', email: 'owner@bound.example', hd: 'bound.example' });
const admin = developmentBearer({ sub: 'bound-admin', email: 'admin@bound.example', hd: 'bound.example' });
const ownerKey = 'sk-owner-secret-key-BOUND-1111';
const organisationId = 'domain:bound.example';

describe('a provider key stays bound to its provider and endpoint', () => {
  let backend: TestBackend;
  let legitimate: ProviderServer;
  let attacker: ProviderServer;
  let connectionId: string;
  const api = {
    get: (path: string, bearer: string) => request(backend.app).get(path).set('authorization', bearer),
    post: (path: string, body: object, bearer: string) => request(backend.app).post(path).set('authorization', bearer).send(body),
    patch: (path: string, body: object, bearer: string) => request(backend.app).patch(path).set('authorization', bearer).send(body),
  };
  const keysSeenBy = (server: ProviderServer) =>
    server.requests.map((recorded) => /^Bearer (.*)$/.exec(recorded.headers['authorization'] ?? '')?.[1]).filter(Boolean);

  beforeAll(async () => {
    legitimate = await startOpenAIServer();
    attacker = await startOpenAIServer();
    backend = await startTestBackend({ AI_REQUEST_TIMEOUT_MS: '2000', AI_RETRY_BASE_DELAY_MS: '1' });
    expect((await api.get('/v1/session', owner)).body.role).toBe('owner');
    await api.get('/v1/session', admin);
    expect((await api.patch('/v1/members/bound-admin', { role: 'admin' }, owner)).status).toBe(200);
    const created = await api.post(
      '/v1/connections',
      { provider: 'openai-compatible', name: 'Owner key', apiKey: ownerKey, baseUrl: legitimate.baseUrl, defaultModel: 'gpt-6-luna' },
      owner,
    );
    expect(created.status).toBe(201);
    connectionId = created.body.id;
  });
  afterAll(async () => {
    await backend.close();
    await legitimate.close();
    await attacker.close();
  });

  it('refuses a new base URL without the key, keeps the endpoint, and sends the key only to it', async () => {
    const changed = await api.patch(`/v1/connections/${connectionId}`, { baseUrl: attacker.baseUrl }, admin);
    expect(changed.status).toBe(400);
    expect(changed.body.detail).toBe(
      'Changing the base URL needs the key again: send apiKey with baseUrl. A stored key is only ever sent to the endpoint it was entered for.',
    );
    expect((await api.get(`/v1/connections/${connectionId}`, admin)).body.baseUrl).toBe(legitimate.baseUrl);
    expect((await api.post(`/v1/connections/${connectionId}/test`, {}, admin)).body).toMatchObject({ ok: true });
    expect(keysSeenBy(attacker)).toEqual([]);
    expect(keysSeenBy(legitimate)).toEqual([ownerKey]);
  });

  it('a base URL changed in the database behind the API no longer decrypts the key: nothing is sent anywhere', async () => {
    const document = backend.firestore.firestore.collection('orgs').doc(organisationId).collection('connections').doc(connectionId);
    await document.update({ baseUrl: attacker.baseUrl });
    const tested = await api.post(`/v1/connections/${connectionId}/test`, {}, admin);
    expect(tested.status).toBe(409);
    const filled = await api.post(
      '/v1/fills',
      { documentId: 'bound-doc', tags: [{ name: 'intro', configuration: { prompt: 'Say hello.' } }] },
      admin,
    );
    expect(filled.body.status).not.toBe('completed');
    expect(keysSeenBy(attacker)).toEqual([]);
    await document.update({ baseUrl: legitimate.baseUrl });
  });

  it('a new base URL with a new key binds the new key to it; the old key never goes there', async () => {
    const newKey = 'sk-admin-own-key-NEW-2222';
    const changed = await api.patch(`/v1/connections/${connectionId}`, { baseUrl: attacker.baseUrl, apiKey: newKey }, admin);
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ baseUrl: attacker.baseUrl, lastFour: '2222' });
    expect((await api.post(`/v1/connections/${connectionId}/test`, {}, admin)).body).toMatchObject({ ok: true });
    expect(keysSeenBy(attacker)).toEqual([newKey]);
    const audit = await api.get('/v1/audit?limit=5', owner);
    expect(JSON.stringify(audit.body)).not.toContain(newKey);
  });

  it('a key stored before endpoints were bound still opens, and is bound to its endpoint on first use', async () => {
    const document = backend.firestore.firestore.collection('orgs').doc(organisationId).collection('connections').doc(connectionId);
    const legacyKey = 'sk-legacy-stored-key-3333';
    // As the previous release sealed it: bound to the organisation and the record only.
    await document.update({
      baseUrl: legitimate.baseUrl,
      sealedKey: await sealSecret(legacyKey, { organisationId, recordId: connectionId }, keyRingFromConfig(backend.config)),
    });
    expect((await document.get()).data()?.['sealedKey'].version).toBe(1);
    expect((await api.post(`/v1/connections/${connectionId}/test`, {}, admin)).body).toMatchObject({ ok: true });
    expect((await document.get()).data()?.['sealedKey'].version).toBe(2);
    await document.update({ baseUrl: attacker.baseUrl });
    expect((await api.post(`/v1/connections/${connectionId}/test`, {}, admin)).status).toBe(409);
    expect(keysSeenBy(attacker).filter((key) => key === legacyKey)).toEqual([]);
  });
});

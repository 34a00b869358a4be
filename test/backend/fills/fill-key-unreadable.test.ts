import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { startOpenAIServer, type ProviderServer } from '../../../harness/provider-servers';
import { developmentBearer, startTestBackend, type TestBackend } from '../../support/test-backend';

/**
 * A stored key that the configured key-encryption keys cannot open (KEY_ENCRYPTION_KEYS lost a key it
 * sealed with) is a clear 409 for the connection test and aborts a fill with `key_unreadable`, never a 500;
 * rotating the key repairs it. A provider's rejection of a key is logged at warn without the key.
 */

jest.setTimeout(60_000);

const organisation = 'domain:kek.example';
const owner = developmentBearer({ sub: 'kek-owner', email: 'owner@kek.example', hd: 'kek.example' });
const unreadable =
  'The stored key cannot be decrypted with the configured key-encryption key; restore KEY_ENCRYPTION_KEYS or add the key again.';
/** Random, so it cannot turn up anywhere by chance. */
const canaryKey = `sk-canary-${randomBytes(24).toString('hex')}`;

describe('a stored key that cannot be decrypted, and a key the provider rejects', () => {
  let provider: ProviderServer;
  let backend: TestBackend;
  const api = () => request(backend.app);

  beforeAll(async () => {
    provider = await startOpenAIServer();
    backend = await startTestBackend(
      {
        KEY_ENCRYPTION_KEYS: `kek-now:${randomBytes(32).toString('base64')}`,
        AI_REQUEST_TIMEOUT_MS: '5000',
        AI_RETRY_BASE_DELAY_MS: '1',
        LOG_LEVEL: 'trace',
      },
      { captureLogs: true },
    );
    expect((await api().get('/v1/templates').set('authorization', owner)).status).toBe(200);
  });
  afterEach(() => provider.reset());
  afterAll(async () => {
    await backend?.close();
    await provider?.close();
  });

  const createConnection = async (apiKey: string) => {
    const response = await api()
      .post('/v1/connections')
      .set('authorization', owner)
      .send({ provider: 'openai', name: `Key ${randomUUID().slice(0, 8)}`, apiKey, baseUrl: provider.baseUrl, defaultModel: 'gpt-6-luna' });
    expect(response.status).toBe(201);
    return response.body.id as string;
  };
  const fill = (prompt: string) =>
    api()
      .post('/v1/fills')
      .set('authorization', owner)
      .send({
        fillId: randomUUID(),
        documentId: 'kek-doc',
        tags: [
          { name: 'intro', configuration: { prompt } },
          { name: 'outro', configuration: { prompt: `${prompt} (outro)` } },
        ],
      });

  it('answers 409 for a test and aborts a fill (nothing written), until the key is rotated', async () => {
    const connectionId = await createConnection(canaryKey);
    // As if KEY_ENCRYPTION_KEYS no longer held the key this record was sealed with.
    await backend.firestore.firestore
      .doc(`orgs/${organisation}/connections/${connectionId}`)
      .update({ 'sealedKey.keyEncryptionKeyId': 'kek-removed' });

    const tested = await api().post(`/v1/connections/${connectionId}/test`).set('authorization', owner).send({});
    expect(tested.status).toBe(409);
    expect(tested.headers['content-type']).toContain('application/problem+json');
    expect(tested.body).toMatchObject({ status: 409, detail: unreadable });

    const filled = await fill('Unreadable key prompt.');
    expect(filled.status).toBe(200);
    expect(filled.body).toMatchObject({ status: 'aborted', abort: { code: 'key_unreadable', message: unreadable } });
    expect(filled.body.results.every((result: { status: string }) => result.status !== 'generated')).toBe(true);
    expect(provider.requests.filter((recorded) => recorded.path === '/v1/chat/completions')).toHaveLength(0);
    expect((await api().get(`/v1/fills/${filled.body.fillId}`).set('authorization', owner)).body).toMatchObject({
      status: 'aborted',
      abort: { code: 'key_unreadable', message: unreadable },
    });

    // Adding the key again (rotation seals it anew) repairs the connection.
    const rotated = await api()
      .post(`/v1/connections/${connectionId}/rotate`)
      .set('authorization', owner)
      .send({ apiKey: `${canaryKey}x` });
    expect(rotated.status).toBe(200);
    const retested = await api().post(`/v1/connections/${connectionId}/test`).set('authorization', owner).send({});
    expect(retested.status).toBe(200);
    expect(retested.body.ok).toBe(true);
    const refilled = await fill('Readable key prompt.');
    expect(refilled.body).toMatchObject({ status: 'completed', totals: { generated: 2 } });

    expect(backend.logLines.join('\n')).not.toContain(canaryKey);
  });

  it("logs a provider's key rejection at warn with fill, tag, provider, model and code, and never the key or the prompt", async () => {
    provider.setDefault({
      kind: 'error',
      status: 401,
      errorType: 'invalid_request_error',
      message: `Incorrect API key provided: ${canaryKey}x. You can find your API key at https://platform.openai.com/account/api-keys.`,
    });
    const filled = await fill('Rejected key confidential prompt.');
    expect(filled.status).toBe(200);
    expect(filled.body).toMatchObject({ status: 'aborted', abort: { code: 'authentication' } });
    const fillId = filled.body.fillId as string;
    const warnings = backend.logLines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.fillId === fillId && line.level === 'warn');
    expect(warnings.length).toBeGreaterThanOrEqual(1);
    expect(warnings[0]).toMatchObject({ fillId, provider: 'openai', model: 'gpt-6-luna', code: 'authentication', retryable: false });
    expect(['intro', 'outro']).toContain(warnings[0]?.tag);
    const everything = backend.logLines.join('\n');
    expect(everything).not.toContain(canaryKey);
    expect(everything).not.toContain('confidential prompt');
  });
});

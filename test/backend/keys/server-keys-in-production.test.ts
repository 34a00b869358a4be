import request from 'supertest';
import { startOpenAIServer, type ProviderServer } from '../../../harness/provider-servers';
import { createTestTokenIssuer } from '../../support/google-id-tokens';
import { startGoogleAuthTestBackend, type TestBackend } from '../../support/test-backend';

/**
 * In production the server-wide keys (OPENAI_API_KEY…) serve only the organisations the operator lists, each
 * under a daily budget unless its admins set their own; anyone else who signs in cannot spend them.
 */
describe('server-wide keys in production', () => {
  const issuer = createTestTokenIssuer();
  const listed = `Bearer ${issuer.idToken({ sub: '2001', email: 'ana@listed.example', hd: 'listed.example' })}`;
  const stranger = `Bearer ${issuer.idToken({ sub: '3001', email: 'eve@stranger.example', hd: 'stranger.example' })}`;
  const strangerOwner = `Bearer ${issuer.idToken({ sub: '3002', email: 'olga@stranger.example', hd: 'stranger.example' })}`;
  let provider: ProviderServer;
  let backend: TestBackend;
  const fill = (bearer: string, documentId: string) =>
    request(backend.app)
      .post('/v1/fills')
      .set('authorization', bearer)
      .send({ documentId, tags: [{ name: 'intro', configuration: { prompt: 'Say hello.' } }] });

  beforeAll(async () => {
    provider = await startOpenAIServer();
    backend = await startGoogleAuthTestBackend(issuer, {
      NODE_ENV: 'production',
      GOOGLE_CLOUD_PROJECT: 'acme-prod',
      KEY_ENCRYPTION_KEYS: `kek-1:${Buffer.alloc(32, 7).toString('base64')}`,
      BOOTSTRAP_OWNER_EMAILS: 'ana@listed.example,olga@stranger.example',
      OPENAI_API_KEY: 'sk-operator-server-key-9999',
      OPENAI_BASE_URL: provider.baseUrl,
      // The stand-in provider listens on loopback, which production refuses unless the operator allows it.
      OUTBOUND_ALLOWED_HOSTS: '127.0.0.1/32',
      SERVER_KEY_ORGANISATIONS: 'listed.example',
      SERVER_KEY_DAILY_BUDGET_USD: '2',
    });
  });
  afterAll(async () => {
    await backend.close();
    await provider.close();
  });

  it("serves a listed organisation, under the operator's daily budget", async () => {
    const filled = await fill(listed, 'listed-doc');
    expect(filled.status).toBe(200);
    expect(filled.body.results[0]).toMatchObject({ status: 'generated' });
    const budget = await request(backend.app).get('/v1/budget').set('authorization', listed);
    expect(budget.body.budgets).toContainEqual(expect.objectContaining({ scope: 'organisation', period: 'day', limitUsd: 2 }));
  });

  it('gives an organisation the operator did not list nothing to spend: it is told to add its own key, and the key is never used', async () => {
    const requestsBefore = provider.requests.length;
    const session = await request(backend.app).get('/v1/session').set('authorization', stranger);
    expect(session.body.provider).toEqual({
      configured: false,
      setupHint: 'No AI provider is connected for your organisation yet. Ask your admin to add a provider key in Admin settings.',
    });
    const filled = await fill(stranger, 'stranger-doc');
    expect(filled.status).toBe(200);
    expect(filled.body).toMatchObject({
      status: 'aborted',
      abort: {
        code: 'provider_not_configured',
        message: 'No AI provider is connected for your organisation yet. Ask your admin to add a provider key in Admin settings.',
      },
    });
    expect(provider.requests.length).toBe(requestsBefore);
  });

  it('tells an admin of such an organisation where to add a key, not to ask an admin', async () => {
    const session = await request(backend.app).get('/v1/session').set('authorization', strangerOwner);
    expect(session.body.role).toBe('owner');
    expect(session.body.provider).toEqual({
      configured: false,
      setupHint:
        'No AI provider is connected for your organisation yet. Add one: Extensions → AI Template Fill → Admin settings → Connections → Add connection, with a key from your provider (OpenAI, Anthropic or Google Gemini) or the address of an OpenAI-compatible server.',
    });
  });
});

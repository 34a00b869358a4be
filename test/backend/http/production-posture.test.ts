import request from 'supertest';
import { developmentBearer, startTestBackend, type TestBackend } from '../../support/test-backend';

const productionEnvironment = {
  NODE_ENV: 'production',
  AUTH_MODE: 'google',
  GOOGLE_OAUTH_AUDIENCES: 'client.apps.googleusercontent.com',
  GOOGLE_CLOUD_PROJECT: 'acme-prod',
  KEY_ENCRYPTION_KEYS: `kek-1:${Buffer.alloc(32, 7).toString('base64')}`,
};

describe('/metrics in production', () => {
  let backend: TestBackend | undefined;
  afterEach(async () => {
    await backend?.close();
    backend = undefined;
  });

  it('is off without METRICS_TOKEN, and says how to turn it on', async () => {
    backend = await startTestBackend(productionEnvironment);
    const response = await request(backend.app).get('/metrics');
    expect(response.status).toBe(404);
    expect(response.body.detail).toBe(
      'Metrics are off in production until METRICS_TOKEN is set; then send it as "Authorization: Bearer <token>".',
    );
    expect(response.text).not.toContain('http_request_duration_seconds');
  });

  it('answers only the metrics token when one is set', async () => {
    const token = 'metrics-token-0123456789abcdef';
    backend = await startTestBackend({ ...productionEnvironment, METRICS_TOKEN: token });
    expect((await request(backend.app).get('/metrics')).status).toBe(401);
    expect((await request(backend.app).get('/metrics').set('authorization', 'Bearer metrics-token-0123456789abcdeX')).status).toBe(401);
    const granted = await request(backend.app).get('/metrics').set('authorization', `Bearer ${token}`);
    expect(granted.status).toBe(200);
    expect(granted.text).toContain('http_request_duration_seconds');
  });

  it('stays open for a quick look outside production', async () => {
    backend = await startTestBackend();
    expect((await request(backend.app).get('/metrics')).status).toBe(200);
  });
});

describe('requests without a valid token', () => {
  let backend: TestBackend;
  beforeAll(async () => {
    backend = await startTestBackend({ RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE: '5' });
  });
  afterAll(() => backend.close());

  it('are limited per client address: 429 with Retry-After past the limit, while a signed-in user from the same address goes on', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 7; attempt += 1) {
      const bearer = attempt % 2 === 0 ? 'Bearer forged.token.value' : undefined;
      const pending = request(backend.app).get('/v1/session');
      statuses.push((await (bearer ? pending.set('authorization', bearer) : pending)).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    const limited = await request(backend.app).get('/v1/templates');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(limited.body.detail).toMatch(/^More than 5 requests without a valid token came from your address in a minute/);
    const signedIn = await request(backend.app)
      .get('/v1/session')
      .set('authorization', developmentBearer({ sub: 'limited-user', email: 'user@limited.example', hd: 'limited.example' }));
    expect(signedIn.status).toBe(200);
  });
});

describe('bodies of requests that are refused anyway', () => {
  let backend: TestBackend;
  beforeAll(async () => {
    backend = await startTestBackend({ RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE: '1000' });
  });
  afterAll(() => backend.close());

  it('are not read: without a valid token, a malformed or oversized body gets 401, not a parser error', async () => {
    const malformed = await request(backend.app).post('/v1/fills').set('content-type', 'application/json').send('{"documentId": ');
    expect(malformed.status).toBe(401);
    const oversized = await request(backend.app)
      .post('/v1/fills')
      .set('authorization', 'Bearer forged.token.value')
      .send({ documentId: 'x'.repeat(1100 * 1024) });
    expect(oversized.status).toBe(401);
    // Signed in, the same malformed body is read and refused for what it is.
    const signedIn = await request(backend.app)
      .post('/v1/fills')
      .set('authorization', developmentBearer())
      .set('content-type', 'application/json')
      .send('{"documentId": ');
    expect(signedIn.status).toBe(400);
  });

  it('are not read on a path that does not exist: 404, whatever the body', async () => {
    const response = await request(backend.app)
      .post('/v1/no-such-thing')
      .set('authorization', developmentBearer())
      .set('content-type', 'application/json')
      .send('{"broken": ');
    expect(response.status).toBe(404);
  });
});

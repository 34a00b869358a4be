import request from 'supertest';
import { developmentBearer, startTestBackend, type TestBackend } from '../../support/test-backend';

describe('POST /v1/fills before any provider is configured', () => {
  let backend: TestBackend;
  beforeAll(async () => {
    backend = await startTestBackend();
  });
  afterAll(async () => {
    await backend.close();
  });

  const validFill = {
    documentId: 'doc-1',
    fieldValues: { client_name: 'Acme' },
    tags: [{ name: 'intro', configuration: { prompt: 'Introduce {{client_name}}.' } }],
  };

  it('refuses a request without a token with a problem+json 401', async () => {
    const response = await request(backend.app).post('/v1/fills').send(validFill);
    expect(response.status).toBe(401);
    expect(response.type).toBe('application/problem+json');
    expect(response.body).toMatchObject({ status: 401, title: 'Not signed in', instance: '/v1/fills' });
  });

  it('refuses a Google-looking token in development mode', async () => {
    const response = await request(backend.app)
      .post('/v1/fills')
      .set('authorization', 'Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln')
      .send(validFill);
    expect(response.status).toBe(401);
    expect(response.body.detail).toMatch(/development tokens/);
  });

  it('aborts, explains what to configure and records the execution', async () => {
    const response = await request(backend.app).post('/v1/fills').set('authorization', developmentBearer()).send(validFill);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'aborted', abort: { code: 'provider_not_configured' } });
    expect(response.body.abort.message).toMatch(/OPENAI_API_KEY/);
    const stored = await backend.firestore.firestore.doc(`orgs/domain:example.com/executions/${response.body.fillId}`).get();
    expect(stored.data()).toMatchObject({
      status: 'aborted',
      abortCode: 'provider_not_configured',
      documentId: 'doc-1',
      userEmail: 'ana@example.com',
    });
  });

  it('lists every problem of the fill at once before calling a model', async () => {
    const response = await request(backend.app)
      .post('/v1/fills')
      .set('authorization', developmentBearer())
      .send({
        documentId: 'doc-1',
        fieldValues: { client_name: '' },
        tags: [{ name: 'intro', configuration: { prompt: 'Introduce {{client_name}} in {{industry}}.' } }, { name: 'outro' }],
      });
    expect(response.status).toBe(422);
    expect(response.body.problems.map((problem: { tag: string; code: string }) => `${problem.tag}:${problem.code}`)).toEqual([
      'intro:missing_field',
      'intro:missing_field',
      'outro:unconfigured_tag',
    ]);
  });

  it('judges an edited prompt left blank as a tag with no prompt, with the other problems, on check and on fill', async () => {
    const body = {
      documentId: 'doc-1',
      fieldValues: {},
      tags: [
        { name: 'intro', configuration: { prompt: '   ' } },
        { name: 'outro', configuration: { prompt: 'Close for {{client_name}}.' } },
      ],
    };
    const expected = [
      { tag: 'intro', code: 'unconfigured_tag', message: 'The tag ai:intro has no prompt yet; open it in the sidebar and write one.' },
      { tag: 'outro', code: 'missing_field', message: 'The prompt of ai:outro uses {{client_name}}, which has no value; fill it in.' },
    ];
    const check = await request(backend.app).post('/v1/fills/check').set('authorization', developmentBearer()).send(body);
    expect(check.status).toBe(200);
    expect(check.body).toEqual({ ready: false, problems: expected });
    const fill = await request(backend.app).post('/v1/fills').set('authorization', developmentBearer()).send(body);
    expect(fill.status).toBe(422);
    expect(fill.body.problems).toEqual(expected);
  });

  it.each([
    ['a missing body', undefined],
    ['unknown fields', { ...validFill, organisationId: 'domain:other.com' }],
    ['a bad tag name', { ...validFill, tags: [{ name: 'two words', configuration: { prompt: 'x' } }] }],
    ['wrong types', { ...validFill, tags: 'intro' }],
    ['no tags', { ...validFill, tags: [] }],
  ])('answers %s with a 400 that says what to fix', async (_case, body) => {
    const response = await request(backend.app)
      .post('/v1/fills')
      .set('authorization', developmentBearer())
      .send(body as object);
    expect(response.status).toBe(400);
    expect(response.type).toBe('application/problem+json');
    expect(response.body.detail).toMatch(/^The request body is not valid: /);
  });

  it('answers a body over the limit with 413, not 500', async () => {
    const response = await request(backend.app)
      .post('/v1/fills')
      .set('authorization', developmentBearer())
      .send({ ...validFill, documentName: 'x'.repeat(1100 * 1024) });
    expect(response.status).toBe(413);
    expect(response.body.detail).toMatch(/larger than this service accepts \(JSON_BODY_LIMIT\)/);
  });

  it('tells the sidebar what to configure', async () => {
    const response = await request(backend.app).get('/v1/session').set('authorization', developmentBearer());
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      email: 'ana@example.com',
      organisationId: 'domain:example.com',
      role: 'owner',
      budgetLevel: 'normal',
      provider: { configured: false, setupHint: expect.stringMatching(/OPENAI_BASE_URL/) },
    });
  });

  it('serves /healthz and a /readyz that checks Firestore', async () => {
    expect((await request(backend.app).get('/healthz')).body).toEqual({ status: 'ok' });
    const ready = await request(backend.app).get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toEqual([
      { name: 'accepting', ok: true },
      { name: 'firestore', ok: true },
    ]);
  });

  it('answers unknown routes with a problem+json 404', async () => {
    const response = await request(backend.app).get('/v1/nothing-here').set('authorization', developmentBearer());
    expect(response.status).toBe(404);
    expect(response.type).toBe('application/problem+json');
  });
});

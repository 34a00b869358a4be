import request from 'supertest';
import { developmentBearer, startTestBackend, type TestBackend } from '../../support/test-backend';

/**
 * Names other people read (connections, custom models, templates, documents) cannot carry control characters
 * or bidirectional overrides that make them look like something else ("Trojan Source").
 */
const owner = developmentBearer({ sub: 'names-owner', email: 'owner@names.example', hd: 'names.example' });
const rightToLeftOverride = '\u202E';
const disguised = [
  ['a right-to-left override', `Main ${rightToLeftOverride}yek noitcudorp`],
  ['a left-to-right isolate', 'Main \u2066key\u2069'],
  ['a newline', 'Main\nDeleted'],
  ['an escape sequence', 'Main \u001b[31mred'],
  ['a C1 control', 'Main \u0085next'],
] as const;

describe('names shown to other people', () => {
  let backend: TestBackend;
  const api = {
    get: (path: string) => request(backend.app).get(path).set('authorization', owner),
    post: (path: string, body: object) => request(backend.app).post(path).set('authorization', owner).send(body),
    put: (path: string, body: object) => request(backend.app).put(path).set('authorization', owner).send(body),
  };
  beforeAll(async () => {
    backend = await startTestBackend();
    await api.get('/v1/session');
  });
  afterAll(() => backend.close());

  it.each(disguised)('refuses a connection named with %s, saying what to do', async (_case, name) => {
    const response = await api.post('/v1/connections', { provider: 'openai', name, apiKey: 'sk-names-test-key-1234' });
    expect(response.status).toBe(400);
    expect(response.body.detail).toMatch(/name.*cannot contain control characters or bidirectional overrides; type it again without them/);
    expect((await api.get('/v1/connections')).body.connections).toEqual([]);
  });

  it('refuses a custom model whose display name hides a bidirectional override', async () => {
    const customModel = {
      provider: 'openai-compatible',
      id: 'llama3.1:8b',
      displayName: `Llama ${rightToLeftOverride}8B`,
      contextWindow: 8192,
      maxOutputTokens: 4096,
      prices: { input: 0, cachedInput: 0, output: 0 },
      complexity: 'simple',
    };
    const response = await api.put('/v1/settings', { baseVersion: 0, settings: { customModels: [customModel] } });
    expect(response.status).toBe(400);
    expect(response.body.detail).toMatch(/bidirectional overrides/);
  });

  it("keeps a document title's words and drops the characters that could disguise it", async () => {
    const saved = await api.put('/v1/templates/names-doc', {
      baseVersion: 0,
      template: { name: `Offer \u202Efdp.exe\u202C for Acme\u0007`, tags: { intro: { prompt: 'Say hello.' } } },
    });
    expect(saved.status).toBe(200);
    expect(saved.body.name).toBe('Offer fdp.exe for Acme');
    expect((await api.get('/v1/templates/names-doc')).body.name).toBe('Offer fdp.exe for Acme');
  });

  it('a name without them is kept as typed, other scripts included', async () => {
    const response = await api.post('/v1/connections', {
      provider: 'openai',
      name: 'مفتاح الإنتاج — Main',
      apiKey: 'sk-names-test-key-5678',
    });
    expect(response.status).toBe(201);
    expect(response.body.name).toBe('مفتاح الإنتاج — Main');
  });
});

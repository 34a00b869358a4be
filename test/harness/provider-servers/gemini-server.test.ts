import {
  GoogleGenerativeAI,
  GoogleGenerativeAIAbortError,
  GoogleGenerativeAIError,
  GoogleGenerativeAIFetchError,
  GoogleGenerativeAIResponseError,
  type GenerativeModel,
  type RequestOptions,
} from '@google/generative-ai';
import { startGeminiServer, type ProviderServer } from '../../../harness/provider-servers';
import { rejectionOf } from './rejection-of';

describe('Gemini stand-in server through the official @google/generative-ai SDK', () => {
  let server: ProviderServer;
  let model: GenerativeModel;

  // No default timeout: the SDK never clears its timeout timer, which would keep jest alive after the suite.
  const modelFor = (requestOptions: Omit<RequestOptions, 'baseUrl'> = {}, name = 'gemini-2.5-flash'): GenerativeModel =>
    new GoogleGenerativeAI('gemini-test-key').getGenerativeModel({ model: name }, { baseUrl: server.baseUrl, ...requestOptions });

  beforeAll(async () => {
    server = await startGeminiServer();
    model = modelFor();
  });
  afterEach(() => server.reset());
  afterAll(() => server.close());

  const ask = (text: string, maxOutputTokens?: number) =>
    model.generateContent({ contents: [{ role: 'user', parts: [{ text }] }], generationConfig: { maxOutputTokens } });

  it('answers deterministically and records what the SDK sent', async () => {
    const withSystem = new GoogleGenerativeAI('gemini-test-key').getGenerativeModel(
      { model: 'gemini-2.5-flash', systemInstruction: 'Be brief.', generationConfig: { temperature: 0.4, maxOutputTokens: 300 } },
      { baseUrl: server.baseUrl },
    );
    const { response } = await withSystem.generateContent({
      contents: [
        { role: 'user', parts: [{ text: 'First question' }] },
        { role: 'model', parts: [{ text: 'First answer' }] },
        { role: 'user', parts: [{ text: 'Write an ' }, { text: 'intro' }] },
      ],
    });

    expect(response.text()).toBe('Generated for: Write an intro');
    expect(response.candidates?.[0]?.finishReason).toBe('STOP');
    expect(response.candidates?.[0]?.content.role).toBe('model');
    const promptTokens = Math.ceil('Be brief.First questionFirst answerWrite an intro'.length / 4);
    const candidateTokens = Math.ceil('Generated for: Write an intro'.length / 4);
    expect(response.usageMetadata).toMatchObject({
      promptTokenCount: promptTokens,
      candidatesTokenCount: candidateTokens,
      totalTokenCount: promptTokens + candidateTokens,
    });
    expect(response).toMatchObject({ modelVersion: 'gemini-2.5-flash' });

    const [recorded] = server.requests;
    expect(recorded).toMatchObject({ method: 'POST', path: '/v1beta/models/gemini-2.5-flash:generateContent', query: '' });
    expect(recorded?.headers['x-goog-api-key']).toBe('gemini-test-key');
    expect(recorded?.body).toMatchObject({
      generationConfig: { temperature: 0.4, maxOutputTokens: 300 },
      systemInstruction: { role: 'system', parts: [{ text: 'Be brief.' }] },
      contents: [{ role: 'user' }, { role: 'model' }, { role: 'user', parts: [{ text: 'Write an ' }, { text: 'intro' }] }],
    });
  });

  it('honours another apiVersion in the path', async () => {
    await modelFor({ apiVersion: 'v1' }).generateContent('hello');
    expect(server.requests[0]?.path).toBe('/v1/models/gemini-2.5-flash:generateContent');
  });

  it('truncates to maxOutputTokens and reports MAX_TOKENS', async () => {
    const { response } = await ask('Write an intro', 3);
    expect(response.text()).toBe('Generated fo');
    expect(response.candidates?.[0]?.finishReason).toBe('MAX_TOKENS');
    expect(response.usageMetadata?.candidatesTokenCount).toBe(3);
  });

  it.each([
    [400, 'INVALID_ARGUMENT'],
    [401, 'UNAUTHENTICATED'],
    [403, 'PERMISSION_DENIED'],
    [404, 'NOT_FOUND'],
    [500, 'INTERNAL'],
    [503, 'UNAVAILABLE'],
  ])('surfaces status %i as GoogleGenerativeAIFetchError', async (status) => {
    server.enqueue({ kind: 'error', status, message: `failure ${status}` });
    const error = await rejectionOf(ask('hello'));
    expect(error).toBeInstanceOf(GoogleGenerativeAIFetchError);
    const fetchError = error as GoogleGenerativeAIFetchError;
    expect(fetchError.status).toBe(status);
    expect(fetchError.message).toContain(`[${status} `);
    expect(fetchError.message).toContain(`failure ${status}`);
    expect(fetchError.errorDetails).toBeUndefined();
  });

  it('carries the google.rpc status name in the body', async () => {
    server.enqueue({ kind: 'error', status: 429 });
    const response = await fetch(`${server.origin}/v1beta/models/gemini-2.5-flash:generateContent`, {
      method: 'POST',
      headers: { 'x-goog-api-key': 'gemini-test-key', 'content-type': 'application/json' },
      body: JSON.stringify({ contents: [{ parts: [{ text: 'x' }] }] }),
    });
    expect(response.status).toBe(429);
    expect(await response.json()).toEqual({ error: { code: 429, message: expect.any(String), status: 'RESOURCE_EXHAUSTED' } });
  });

  it('puts retry-after into a RetryInfo detail, since the SDK drops headers', async () => {
    server.enqueue({ kind: 'error', status: 429, headers: { 'retry-after': '7' } });
    const error = (await rejectionOf(ask('hello'))) as GoogleGenerativeAIFetchError;
    expect(error).toBeInstanceOf(GoogleGenerativeAIFetchError);
    expect(error.status).toBe(429);
    expect(error.statusText).toBe('Too Many Requests');
    expect(error.errorDetails).toEqual([{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '7s' }]);
  });

  it('rejects a request without a key with 401 in Gemini shape', async () => {
    const response = await fetch(`${server.origin}/v1beta/models/gemini-2.5-flash:generateContent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ contents: [{ parts: [{ text: 'x' }] }] }),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 401, status: 'UNAUTHENTICATED' } });
    const blankKey = await rejectionOf(
      new GoogleGenerativeAI('').getGenerativeModel({ model: 'gemini-2.5-flash' }, { baseUrl: server.baseUrl }).generateContent('x'),
    );
    expect((blankKey as GoogleGenerativeAIFetchError).status).toBe(401);
  });

  it('answers 404 for unknown tasks and 400 for bodies that are not JSON', async () => {
    const headers = { 'x-goog-api-key': 'gemini-test-key', 'content-type': 'application/json' };
    const unknown = await fetch(`${server.origin}/v1beta/models/gemini-2.5-flash:predict`, { method: 'POST', headers, body: '{}' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 404, status: 'NOT_FOUND' } });
    const broken = await fetch(`${server.origin}/v1beta/models/gemini-2.5-flash:generateContent`, { method: 'POST', headers, body: '{' });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT' } });
  });

  it('aborts with GoogleGenerativeAIAbortError when the server hangs', async () => {
    server.enqueue({ kind: 'hang' });
    const started = Date.now();
    const error = await rejectionOf(modelFor({ timeout: 300 }).generateContent('hello'));
    expect(Date.now() - started).toBeLessThan(1500);
    expect(error).toBeInstanceOf(GoogleGenerativeAIAbortError);
  });

  it('reports a dropped socket as a plain GoogleGenerativeAIError without status', async () => {
    server.enqueue({ kind: 'disconnect' });
    const error = await rejectionOf(ask('hello'));
    expect(error).toBeInstanceOf(GoogleGenerativeAIError);
    expect(error).not.toBeInstanceOf(GoogleGenerativeAIFetchError);
    expect((error as Error).message).toContain('fetch failed');
  });

  it('fails to parse a malformed body', async () => {
    server.enqueue({ kind: 'malformed' });
    const error = await rejectionOf(ask('hello'));
    expect((error as Error).name).toBe('SyntaxError');
    expect(error).not.toBeInstanceOf(GoogleGenerativeAIError);
  });

  it('returns a candidate without content when empty', async () => {
    server.enqueue({ kind: 'empty' });
    const { response } = await ask('hello');
    expect(response.text()).toBe('');
    expect(response.candidates?.[0]?.content).toBeUndefined();
    expect(response.usageMetadata?.candidatesTokenCount).toBeUndefined();
  });

  it('reports content filtering as a prompt block, so text() throws', async () => {
    server.enqueue({ kind: 'content-filtered' });
    const { response } = await ask('hello');
    expect(response.promptFeedback?.blockReason).toBe('SAFETY');
    expect(response.candidates).toBeUndefined();
    expect(() => response.text()).toThrow(GoogleGenerativeAIResponseError);
    expect(() => response.text()).toThrow(/blocked due to SAFETY/);
  });

  it('lets a reply end with SAFETY, so text() throws too', async () => {
    server.enqueue({ kind: 'reply', text: 'partial', finishReason: 'SAFETY' });
    const { response } = await ask('hello');
    expect(() => response.text()).toThrow(/Candidate was blocked due to SAFETY/);
  });

  it('uses queued behaviours in order, then the default', async () => {
    server.enqueue({ kind: 'reply', text: 'one' }, { kind: 'reply', text: 'two' });
    server.setDefault({ kind: 'error', status: 503 });
    expect((await ask('a')).response.text()).toBe('one');
    expect((await ask('b')).response.text()).toBe('two');
    expect(((await rejectionOf(ask('c'))) as GoogleGenerativeAIFetchError).status).toBe(503);
  });

  it('counts tokens and lists models', async () => {
    const { totalTokens } = await model.countTokens('abcdefgh');
    expect(totalTokens).toBe(2);
    expect(server.requests[0]?.path).toBe('/v1beta/models/gemini-2.5-flash:countTokens');

    const list = await fetch(`${server.origin}/v1beta/models`, { headers: { 'x-goog-api-key': 'gemini-test-key' } });
    const body = (await list.json()) as { models: { name: string; supportedGenerationMethods: string[] }[] };
    expect(body.models.map((entry) => entry.name)).toContain('models/gemini-3.5-flash-lite');
    const single = await fetch(`${server.origin}/v1beta/models/gemini-2.5-flash-lite`, {
      headers: { 'x-goog-api-key': 'gemini-test-key' },
    });
    expect(await single.json()).toMatchObject({ name: 'models/gemini-2.5-flash-lite' });
  });

  it('streams with streamGenerateContent', async () => {
    const result = await model.generateContentStream('Write an intro about streaming');
    let text = '';
    for await (const chunk of result.stream) text += chunk.text();
    const response = await result.response;
    expect(text).toBe('Generated for: Write an intro about streaming');
    expect(response.text()).toBe(text);
    expect(response.candidates?.[0]?.finishReason).toBe('STOP');
    expect(server.requests[0]?.query).toBe('?alt=sse');
  });
});

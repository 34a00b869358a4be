import OpenAI from 'openai';
import { startOpenAIServer, type ProviderServer } from '../../../harness/provider-servers';
import { rejectionOf, settleTime } from './rejection-of';

describe('OpenAI stand-in server through the official openai SDK', () => {
  let server: ProviderServer;
  let client: OpenAI;

  beforeAll(async () => {
    server = await startOpenAIServer();
    client = new OpenAI({ apiKey: 'sk-test-key', baseURL: server.baseUrl, maxRetries: 0, timeout: 2000 });
  });
  afterEach(() => server.reset());
  afterAll(() => server.close());

  const ask = (text: string, extra: Partial<OpenAI.Chat.ChatCompletionCreateParamsNonStreaming> = {}) =>
    client.chat.completions.create({ model: 'gpt-6-luna', messages: [{ role: 'user', content: text }], ...extra });

  it('answers deterministically and records what the SDK sent', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-6-luna',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Write an intro' },
      ],
      temperature: 0.3,
      max_completion_tokens: 200,
    });

    expect(completion.choices[0]?.message.content).toBe('Generated for: Write an intro');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.model).toBe('gpt-6-luna');
    expect(completion.object).toBe('chat.completion');
    expect(completion.id).toMatch(/^chatcmpl-/);
    expect(completion.system_fingerprint).toEqual(expect.any(String));
    const promptTokens = Math.ceil('Be brief.Write an intro'.length / 4);
    const completionTokens = Math.ceil('Generated for: Write an intro'.length / 4);
    expect(completion.usage).toMatchObject({
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
    });

    expect(server.requests).toHaveLength(1);
    const [recorded] = server.requests;
    expect(recorded).toMatchObject({ method: 'POST', path: '/v1/chat/completions', query: '' });
    expect(recorded?.headers['authorization']).toBe('Bearer sk-test-key');
    expect(recorded?.body).toMatchObject({
      model: 'gpt-6-luna',
      temperature: 0.3,
      max_completion_tokens: 200,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Write an intro' },
      ],
    });
  });

  it('truncates to max_tokens and reports length', async () => {
    const completion = await ask('Write an intro', { max_tokens: 3 });
    expect(completion.choices[0]?.message.content).toBe('Generated fo');
    expect(completion.choices[0]?.finish_reason).toBe('length');
    expect(completion.usage?.completion_tokens).toBe(3);
  });

  it('uses a scripted reply with its usage and finish reason', async () => {
    server.enqueue({ kind: 'reply', text: 'Scripted', finishReason: 'stop', usage: { inputTokens: 11, outputTokens: 22 } });
    const completion = await ask('anything');
    expect(completion.choices[0]?.message.content).toBe('Scripted');
    expect(completion.usage).toMatchObject({ prompt_tokens: 11, completion_tokens: 22, total_tokens: 33 });
  });

  it.each([
    [400, OpenAI.BadRequestError, 'invalid_request_error'],
    [401, OpenAI.AuthenticationError, 'invalid_request_error'],
    [403, OpenAI.PermissionDeniedError, 'invalid_request_error'],
    [404, OpenAI.NotFoundError, 'invalid_request_error'],
    [429, OpenAI.RateLimitError, 'requests'],
    [500, OpenAI.InternalServerError, 'server_error'],
    [503, OpenAI.InternalServerError, 'server_error'],
  ])('surfaces status %i as the SDK error class', async (status, errorClass, type) => {
    server.enqueue({ kind: 'error', status, message: `failure ${status}`, headers: { 'retry-after': '2' } });
    const error = await rejectionOf(ask('hello'));
    expect(error).toBeInstanceOf(errorClass);
    const apiError = error as InstanceType<typeof OpenAI.APIError>;
    expect(apiError.status).toBe(status);
    expect(apiError.type).toBe(type);
    expect(apiError.message).toBe(`${status} failure ${status}`);
    expect(apiError.error).toMatchObject({ message: `failure ${status}`, type, param: null });
    expect(apiError.headers?.get('retry-after')).toBe('2');
    expect(apiError.requestID).toMatch(/^req_/);
  });

  it('lets a test name the error type', async () => {
    server.enqueue({ kind: 'error', status: 429, errorType: 'insufficient_quota', message: 'You exceeded your current quota' });
    const error = (await rejectionOf(ask('hello'))) as InstanceType<typeof OpenAI.RateLimitError>;
    expect(error.type).toBe('insufficient_quota');
    expect(error.code).toBe('rate_limit_exceeded');
  });

  it('rejects a request without a key with 401 in OpenAI shape', async () => {
    const response = await fetch(`${server.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-6-luna', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: { message: expect.any(String), type: 'invalid_request_error', param: null, code: 'invalid_api_key' },
    });
  });

  it('answers unknown paths with 404 and non-JSON bodies with 400', async () => {
    const headers = { authorization: 'Bearer sk-test-key', 'content-type': 'application/json' };
    const unknown = await fetch(`${server.baseUrl}/completions/legacy`, { method: 'POST', headers, body: '{}' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
    const broken = await fetch(`${server.baseUrl}/chat/completions`, { method: 'POST', headers, body: '{not json' });
    expect(broken.status).toBe(400);
    expect(server.requests[1]?.rawBody).toBe('{not json');
  });

  it('times out when the server hangs', async () => {
    server.enqueue({ kind: 'hang' });
    const started = Date.now();
    const error = await rejectionOf(
      client.chat.completions.create({ model: 'gpt-6-luna', messages: [{ role: 'user', content: 'hello' }] }, { timeout: 300 }),
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(Date.now() - started).toBeLessThan(1500);
    // Plain Node gives APIConnectionTimeoutError. Under jest undici's AbortError DOMException comes from
    // another realm, castToError loses its name, and the SDK reports a plain APIConnectionError.
    expect(error).toBeInstanceOf(OpenAI.APIConnectionError);
  });

  it('reports a caller-side abort as APIUserAbortError, which survives jest', async () => {
    server.enqueue({ kind: 'hang' });
    const error = await rejectionOf(
      client.chat.completions.create(
        { model: 'gpt-6-luna', messages: [{ role: 'user', content: 'hello' }] },
        { signal: AbortSignal.timeout(200) },
      ),
    );
    expect(error).toBeInstanceOf(OpenAI.APIUserAbortError);
  });

  it('reports a dropped socket as APIConnectionError, not a timeout', async () => {
    server.enqueue({ kind: 'disconnect' });
    const error = await rejectionOf(ask('hello'));
    expect(error).toBeInstanceOf(OpenAI.APIConnectionError);
    expect(error).not.toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
  });

  it('fails to parse a malformed body', async () => {
    server.enqueue({ kind: 'malformed' });
    const error = await rejectionOf(ask('hello'));
    // Thrown by undici's response.json() unwrapped; it comes from another realm under jest, so match the name.
    expect((error as Error).name).toBe('SyntaxError');
    expect(error).not.toBeInstanceOf(OpenAI.APIError);
  });

  it('returns empty content', async () => {
    server.enqueue({ kind: 'empty' });
    const completion = await ask('hello');
    expect(completion.choices[0]?.message.content).toBe('');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
  });

  it('reports content filtering as finish_reason content_filter with no content', async () => {
    server.enqueue({ kind: 'content-filtered' });
    const completion = await ask('hello');
    expect(completion.choices[0]?.finish_reason).toBe('content_filter');
    expect(completion.choices[0]?.message.content).toBeNull();
  });

  it('uses queued behaviours in order, then the default, then the deterministic reply after reset', async () => {
    server.enqueue({ kind: 'reply', text: 'first' }, { kind: 'reply', text: 'second' });
    server.setDefault({ kind: 'reply', text: 'default' });
    const texts: (string | null | undefined)[] = [];
    for (let index = 0; index < 4; index += 1) texts.push((await ask(`q${index}`)).choices[0]?.message.content);
    expect(texts).toEqual(['first', 'second', 'default', 'default']);

    server.enqueue({ kind: 'reply', text: 'never used' });
    server.setLatency(5000);
    server.reset();
    expect(server.requests).toHaveLength(0);
    expect((await ask('fresh')).choices[0]?.message.content).toBe('Generated for: fresh');
    expect(server.requests).toHaveLength(1);
  });

  it('adds latency before answering', async () => {
    server.setLatency(150);
    expect(await settleTime(ask('slow'))).toBeGreaterThanOrEqual(140);
  });

  it('lists models for the SDK', async () => {
    const page = await client.models.list();
    expect(page.data.map((model) => model.id)).toContain('gpt-6-luna');
    expect(server.requests[0]).toMatchObject({ method: 'GET', path: '/v1/models' });
    const model = await client.models.retrieve('gpt-4o');
    expect(model).toMatchObject({ id: 'gpt-4o', object: 'model' });
  });

  it('streams the same text and a final usage chunk', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-6-luna',
      messages: [{ role: 'user', content: 'Write an intro about streaming' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let finishReason: string | null | undefined;
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finishReason = chunk.choices[0]?.finish_reason ?? finishReason;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('Generated for: Write an intro about streaming');
    expect(finishReason).toBe('stop');
    expect(usage).toMatchObject({ completion_tokens: Math.ceil(text.length / 4) });
  });

  it('streams without a usage chunk unless asked', async () => {
    const stream = await client.chat.completions.create({ model: 'gpt-6-luna', messages: [{ role: 'user', content: 'x' }], stream: true });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.every((chunk) => chunk.usage === undefined)).toBe(true);
  });
});

describe('OpenAI stand-in server lifecycle', () => {
  it('ends a hung request promptly on close', async () => {
    const server = await startOpenAIServer();
    const client = new OpenAI({ apiKey: 'sk-test-key', baseURL: server.baseUrl, maxRetries: 0, timeout: 10_000 });
    server.enqueue({ kind: 'hang' });
    const pending = rejectionOf(client.chat.completions.create({ model: 'gpt-6-luna', messages: [{ role: 'user', content: 'x' }] }));
    while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const started = Date.now();
    await server.close();
    const error = await pending;
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error).toBeInstanceOf(OpenAI.APIConnectionError);
  });

  it('refuses connections after close', async () => {
    const server = await startOpenAIServer();
    await server.close();
    const client = new OpenAI({ apiKey: 'sk-test-key', baseURL: server.baseUrl, maxRetries: 0, timeout: 1000 });
    const error = await rejectionOf(client.models.list());
    expect(error).toBeInstanceOf(OpenAI.APIConnectionError);
    expect(error).not.toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
  });
});

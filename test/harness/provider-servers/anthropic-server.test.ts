import Anthropic from '@anthropic-ai/sdk';
import { startAnthropicServer, type ProviderServer } from '../../../harness/provider-servers';
import { rejectionOf } from './rejection-of';

describe('Anthropic stand-in server through the official @anthropic-ai/sdk', () => {
  let server: ProviderServer;
  let client: Anthropic;

  beforeAll(async () => {
    server = await startAnthropicServer();
    client = new Anthropic({ apiKey: 'sk-ant-test', baseURL: server.baseUrl, maxRetries: 0, timeout: 2000 });
  });
  afterEach(() => server.reset());
  afterAll(() => server.close());

  const ask = (text: string, maxTokens = 256) =>
    client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: maxTokens, messages: [{ role: 'user', content: text }] });

  const textOf = (message: Anthropic.Message): string => message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');

  it('answers deterministically and records what the SDK sent', async () => {
    // @anthropic-ai/sdk 1.x dropped `temperature` from its types (the API deprecated it) but still forwards it.
    const params = {
      model: 'claude-sonnet-4-6',
      max_tokens: 300,
      temperature: 0.2,
      system: 'Be brief.',
      messages: [
        { role: 'user', content: 'First question' },
        { role: 'assistant', content: 'First answer' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Write an ' },
            { type: 'text', text: 'intro' },
          ],
        },
      ],
    } as Anthropic.MessageCreateParamsNonStreaming;
    const message = await client.messages.create(params);

    expect(textOf(message)).toBe('Generated for: Write an intro');
    expect(message).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-6',
      stop_reason: 'end_turn',
      stop_sequence: null,
    });
    expect(message.id).toMatch(/^msg_/);
    const inputTokens = Math.ceil('Be brief.First questionFirst answerWrite an intro'.length / 4);
    expect(message.usage).toMatchObject({
      input_tokens: inputTokens,
      output_tokens: Math.ceil('Generated for: Write an intro'.length / 4),
    });

    const [recorded] = server.requests;
    expect(recorded).toMatchObject({ method: 'POST', path: '/v1/messages' });
    // @anthropic-ai/sdk 1.x sends the API key as a bearer token, not as x-api-key.
    expect(recorded?.headers['authorization']).toBe('Bearer sk-ant-test');
    expect(recorded?.headers['anthropic-version']).toEqual(expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/));
    expect(recorded?.body).toMatchObject({ model: 'claude-sonnet-4-6', max_tokens: 300, temperature: 0.2, system: 'Be brief.' });
  });

  it('accepts the x-api-key header that curl and older SDKs send', async () => {
    const response = await fetch(`${server.origin}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': 'sk-ant-test', 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-haiku-4-5', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('request-id')).toMatch(/^req_/);
    expect(await response.json()).toMatchObject({ content: [{ type: 'text', text: 'Generated for: hi' }] });
  });

  it('truncates to max_tokens and reports max_tokens', async () => {
    const message = await ask('Write an intro', 2);
    expect(textOf(message)).toBe('Generate');
    expect(message.stop_reason).toBe('max_tokens');
    expect(message.usage.output_tokens).toBe(2);
  });

  it.each([
    [400, Anthropic.BadRequestError, 'invalid_request_error'],
    [401, Anthropic.AuthenticationError, 'authentication_error'],
    [403, Anthropic.PermissionDeniedError, 'permission_error'],
    [404, Anthropic.NotFoundError, 'not_found_error'],
    [429, Anthropic.RateLimitError, 'rate_limit_error'],
    [500, Anthropic.InternalServerError, 'api_error'],
    [503, Anthropic.ServiceUnavailableError, 'api_error'],
    [529, Anthropic.OverloadedError, 'overloaded_error'],
  ])('surfaces status %i as the SDK error class', async (status, errorClass, type) => {
    server.enqueue({ kind: 'error', status, message: `failure ${status}`, headers: { 'retry-after': '3' } });
    const error = await rejectionOf(ask('hello'));
    expect(error).toBeInstanceOf(errorClass);
    const apiError = error as InstanceType<typeof Anthropic.APIError>;
    expect(apiError.status).toBe(status);
    expect(apiError.type).toBe(type);
    expect(apiError.apiMessage).toBe(`failure ${status}`);
    expect(apiError.error).toMatchObject({ type: 'error', error: { type, message: `failure ${status}` } });
    expect(apiError.headers?.get('retry-after')).toBe('3');
    expect(apiError.requestID).toMatch(/^req_/);
  });

  it('keeps overloaded errors inside the InternalServerError family', async () => {
    server.enqueue({ kind: 'error', status: 529 });
    const error = await rejectionOf(ask('hello'));
    expect(error).toBeInstanceOf(Anthropic.InternalServerError);
    expect((error as Error).message).toContain('Overloaded');
  });

  it('rejects a request without a key with 401 in Anthropic shape', async () => {
    const response = await fetch(`${server.origin}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': '  ' },
      body: JSON.stringify({ model: 'claude-haiku-4-5', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error', message: expect.any(String) } });
  });

  it('answers 404 for unknown paths and 400 for bodies that are not JSON or lack max_tokens', async () => {
    const headers = { 'x-api-key': 'sk-ant-test', 'content-type': 'application/json' };
    const unknown = await fetch(`${server.origin}/v1/complete`, { method: 'POST', headers, body: '{}' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
    const broken = await fetch(`${server.origin}/v1/messages`, { method: 'POST', headers, body: 'nope' });
    expect(broken.status).toBe(400);
    const error = await rejectionOf(
      client.messages.create({
        model: 'claude-haiku-4-5',
        messages: [{ role: 'user', content: 'x' }],
      } as unknown as Anthropic.MessageCreateParamsNonStreaming),
    );
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
  });

  it('times out when the server hangs', async () => {
    server.enqueue({ kind: 'hang' });
    const started = Date.now();
    const error = await rejectionOf(
      client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }, { timeout: 300 }),
    );
    expect(Date.now() - started).toBeLessThan(1500);
    // APIConnectionTimeoutError in plain Node; see the OpenAI test for why jest may see its parent class.
    expect(error).toBeInstanceOf(Anthropic.APIConnectionError);
  });

  it('reports a dropped socket as APIConnectionError, not a timeout', async () => {
    server.enqueue({ kind: 'disconnect' });
    const error = await rejectionOf(ask('hello'));
    expect(error).toBeInstanceOf(Anthropic.APIConnectionError);
    expect(error).not.toBeInstanceOf(Anthropic.APIConnectionTimeoutError);
  });

  it('fails to parse a malformed body', async () => {
    server.enqueue({ kind: 'malformed' });
    const error = await rejectionOf(ask('hello'));
    expect((error as Error).name).toBe('SyntaxError');
  });

  it('returns an empty content list', async () => {
    server.enqueue({ kind: 'empty' });
    const message = await ask('hello');
    expect(message.content).toEqual([]);
    expect(message.stop_reason).toBe('end_turn');
  });

  it('reports content filtering as stop_reason refusal', async () => {
    server.enqueue({ kind: 'content-filtered' });
    const message = await ask('hello');
    expect(message.stop_reason).toBe('refusal');
    expect(message.content).toEqual([]);
    expect(message.stop_details).toMatchObject({ type: 'refusal' });
  });

  it('uses queued behaviours in order, then the default', async () => {
    server.enqueue({ kind: 'reply', text: 'one' }, { kind: 'error', status: 429 });
    server.setDefault({ kind: 'reply', text: 'fallback', finishReason: 'stop_sequence' });
    expect(textOf(await ask('a'))).toBe('one');
    expect(await rejectionOf(ask('b'))).toBeInstanceOf(Anthropic.RateLimitError);
    const third = await ask('c');
    expect(textOf(third)).toBe('fallback');
    expect(third.stop_reason).toBe('stop_sequence');
  });

  it('lists models and counts tokens without consuming the queue', async () => {
    server.enqueue({ kind: 'error', status: 500 });
    const page = await client.models.list();
    expect(page.data.map((model) => model.id)).toContain('claude-sonnet-4-6');
    expect(page.data[0]).toMatchObject({ type: 'model', display_name: expect.any(String), created_at: expect.any(String) });
    const count = await client.messages.countTokens({
      model: 'claude-sonnet-4-6',
      system: 'abcd',
      messages: [{ role: 'user', content: 'efgh' }],
    });
    expect(count.input_tokens).toBe(2);
    expect(server.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /v1/models',
      'POST /v1/messages/count_tokens',
    ]);
    expect(await rejectionOf(ask('still queued'))).toBeInstanceOf(Anthropic.InternalServerError);
  });
});

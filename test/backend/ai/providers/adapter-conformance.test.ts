import {
  startAnthropicServer,
  startGeminiServer,
  startOpenAIServer,
  type ProviderServer,
  type RecordedProviderRequest,
} from '../../../../harness/provider-servers';
import type { ProviderAdapter, ProviderConnection, ProviderId } from '../../../../backend/src/ai/providers/provider-adapter';
import {
  AuthenticationError,
  BadRequestError,
  ContentFilteredError,
  MalformedResponseError,
  ModelNotFoundError,
  PermissionError,
  ProviderError,
  ProviderTimeoutError,
  RateLimitedError,
  RefusedError,
  ServerError,
  UnavailableError,
} from '../../../../backend/src/ai/providers/provider-errors';
import { createProviderRegistry } from '../../../../backend/src/ai/providers/create-provider-registry';

/** What a test reads back from the generation request a provider server recorded. */
interface SentRequest {
  model: string | undefined;
  prompt: string;
  system: string | undefined;
  temperature: number | undefined;
  maxTokens: number | undefined;
  apiKey: string | undefined;
}

/** Per-provider facts: which server, which model, the provider's own finish values, and how to read its wire format. */
interface ProviderCase {
  id: ProviderId;
  startServer: () => Promise<ProviderServer>;
  model: string;
  apiKey: string;
  rawStop: string;
  rawLength: string;
  extraServerErrorStatuses: number[];
  isGeneration: (request: RecordedProviderRequest) => boolean;
  read: (request: RecordedProviderRequest) => SentRequest;
}

type Json = Record<string, unknown>;
const asRecord = (value: unknown): Json => (typeof value === 'object' && value !== null ? (value as Json) : {});
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const asNumber = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);
const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const bearer = (headers: Record<string, string>): string | undefined => /^Bearer (.*)$/i.exec(headers['authorization'] ?? '')?.[1];

/** Text of a message `content` that is either a string or an array of `{ type: 'text', text }` blocks. */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  return asArray(content)
    .map((block) => asString(asRecord(block)['text']) ?? '')
    .join('');
}

function partsText(content: unknown): string {
  return asArray(asRecord(content)['parts'])
    .map((part) => asString(asRecord(part)['text']) ?? '')
    .join('');
}

const openAiRead = (request: RecordedProviderRequest): SentRequest => {
  const body = asRecord(request.body);
  const messages = asArray(body['messages']).map(asRecord);
  const system = messages.find((message) => message['role'] === 'system');
  return {
    model: asString(body['model']),
    prompt: messages
      .filter((message) => message['role'] === 'user')
      .map((message) => contentText(message['content']))
      .join(''),
    system: system ? contentText(system['content']) : undefined,
    temperature: asNumber(body['temperature']),
    maxTokens: asNumber(body['max_tokens']) ?? asNumber(body['max_completion_tokens']),
    apiKey: bearer(request.headers),
  };
};

const openAiCase = (id: ProviderId, apiKey: string): ProviderCase => ({
  id,
  startServer: () => startOpenAIServer(),
  model: 'gpt-6-luna',
  apiKey,
  rawStop: 'stop',
  rawLength: 'length',
  extraServerErrorStatuses: [],
  isGeneration: (request) => request.method === 'POST' && request.path === '/v1/chat/completions',
  read: openAiRead,
});

const providerCases: ProviderCase[] = [
  openAiCase('openai', 'sk-test-openai-KEY-1111'),
  openAiCase('openai-compatible', 'sk-test-compatible-KEY-2222'),
  {
    id: 'anthropic',
    startServer: () => startAnthropicServer(),
    model: 'claude-haiku-4-5',
    apiKey: 'sk-ant-test-KEY-3333',
    rawStop: 'end_turn',
    rawLength: 'max_tokens',
    extraServerErrorStatuses: [529],
    isGeneration: (request) => request.method === 'POST' && request.path === '/v1/messages',
    read: (request) => {
      const body = asRecord(request.body);
      const messages = asArray(body['messages']).map(asRecord);
      return {
        model: asString(body['model']),
        prompt: messages
          .filter((message) => message['role'] === 'user')
          .map((message) => contentText(message['content']))
          .join(''),
        system: body['system'] === undefined ? undefined : contentText(body['system']),
        temperature: asNumber(body['temperature']),
        maxTokens: asNumber(body['max_tokens']),
        apiKey: request.headers['x-api-key'] ?? bearer(request.headers),
      };
    },
  },
  {
    id: 'gemini',
    startServer: () => startGeminiServer(),
    model: 'gemini-3.5-flash-lite',
    apiKey: 'AIza-test-gemini-KEY-4444',
    rawStop: 'STOP',
    rawLength: 'MAX_TOKENS',
    extraServerErrorStatuses: [],
    isGeneration: (request) => request.method === 'POST' && /^\/v1beta\/models\/[^/:]+:generateContent$/.test(request.path),
    read: (request) => {
      const body = asRecord(request.body);
      const generationConfig = asRecord(body['generationConfig']);
      const systemInstruction = body['systemInstruction'];
      return {
        model: /^\/v1beta\/models\/([^/:]+):generateContent$/.exec(request.path)?.[1],
        prompt: asArray(body['contents']).map(partsText).join(''),
        system:
          systemInstruction === undefined
            ? undefined
            : typeof systemInstruction === 'string'
              ? systemInstruction
              : partsText(systemInstruction),
        temperature: asNumber(generationConfig['temperature']),
        maxTokens: asNumber(generationConfig['maxOutputTokens']),
        apiKey: request.headers['x-goog-api-key'],
      };
    },
  },
];

const registry = createProviderRegistry();

describe.each(providerCases)('$id adapter conformance', (facts) => {
  let server: ProviderServer;
  let adapter: ProviderAdapter;

  const connection = (overrides: Partial<ProviderConnection> = {}): ProviderConnection => ({
    id: `key-${facts.id}`,
    apiKey: facts.apiKey,
    baseUrl: server.baseUrl,
    ...overrides,
  });

  const request = (timeoutMs = 5_000) => ({
    model: facts.model,
    system: 'You are terse.',
    prompt: 'Describe the colour blue.',
    temperature: 0.2,
    maxOutputTokens: 123,
    timeoutMs,
  });

  const generationRequests = (): RecordedProviderRequest[] => server.requests.filter(facts.isGeneration);

  /** Runs a call expected to fail and returns the ProviderError, checking the key never leaks into it. */
  async function failure(call: Promise<unknown>): Promise<ProviderError> {
    const error = await call.then(
      () => {
        throw new Error('expected the call to reject');
      },
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(ProviderError);
    expect(String((error as Error).message)).not.toContain(facts.apiKey);
    expect(String(error)).not.toContain(facts.apiKey);
    return error as ProviderError;
  }

  beforeAll(async () => {
    server = await facts.startServer();
    const found = registry.get(facts.id);
    if (!found) throw new Error(`no adapter registered for ${facts.id}`);
    adapter = found;
  });

  afterEach(() => {
    server.reset();
  });

  afterAll(async () => {
    await server.close();
  });

  it('is registered under its id', () => {
    expect(adapter.id).toBe(facts.id);
  });

  it('sends model, prompt, system, temperature, max tokens and key, and normalises a successful reply', async () => {
    server.enqueue({ kind: 'reply', text: 'Blue is calm.', finishReason: facts.rawStop, usage: { inputTokens: 11, outputTokens: 7 } });

    const result = await adapter.generate(connection(), request());

    expect(result).toEqual({
      text: 'Blue is calm.',
      finishReason: 'stop',
      rawFinishReason: facts.rawStop,
      usage: {
        inputTokens: 11,
        cachedInputTokens: 0,
        outputTokens: 7,
        reasoningTokens: 0,
        ...(facts.id === 'gemini' ? {} : { cacheWriteInputTokens: 0 }),
      },
      servedModel: expect.stringContaining(facts.model),
    });
    const sent = generationRequests();
    expect(sent).toHaveLength(1);
    expect(facts.read(sent[0]!)).toEqual({
      model: facts.model,
      prompt: 'Describe the colour blue.',
      system: 'You are terse.',
      temperature: 0.2,
      maxTokens: 123,
      apiKey: facts.apiKey,
    });
  });

  it(`maps the provider's length finish reason (${facts.rawLength}) to 'length'`, async () => {
    server.enqueue({ kind: 'reply', text: 'Blue is', finishReason: facts.rawLength, usage: { inputTokens: 11, outputTokens: 123 } });

    const result = await adapter.generate(connection(), request());

    expect(result).toMatchObject({ text: 'Blue is', finishReason: 'length', rawFinishReason: facts.rawLength });
    expect(generationRequests()).toHaveLength(1);
  });

  const errorCases: {
    status: number;
    headers?: Record<string, string>;
    errorClass: new (...args: never[]) => ProviderError;
    expected: Record<string, unknown>;
  }[] = [
    { status: 400, errorClass: BadRequestError, expected: { code: 'bad_request', retryable: false, abortsFill: false } },
    { status: 401, errorClass: AuthenticationError, expected: { code: 'authentication', retryable: false, abortsFill: true } },
    { status: 403, errorClass: PermissionError, expected: { code: 'permission', retryable: false, abortsFill: true } },
    { status: 404, errorClass: ModelNotFoundError, expected: { code: 'model_not_found', retryable: false } },
    {
      status: 429,
      headers: { 'retry-after': '2' },
      errorClass: RateLimitedError,
      expected: { code: 'rate_limited', retryable: true, retryAfterMs: 2000 },
    },
    { status: 500, errorClass: ServerError, expected: { code: 'server', retryable: true } },
    { status: 503, errorClass: ServerError, expected: { code: 'server', retryable: true } },
    ...facts.extraServerErrorStatuses.map((status) => ({
      status,
      errorClass: ServerError,
      expected: { code: 'server', retryable: true },
    })),
  ];

  it.each(errorCases)('maps HTTP $status to $errorClass.name', async ({ status, headers, errorClass, expected }) => {
    server.enqueue({ kind: 'error', status, ...(headers ? { headers } : {}) });

    const call = adapter.generate(connection(), request());
    await expect(call).rejects.toBeInstanceOf(errorClass);
    await expect(call).rejects.toMatchObject({ ...expected, status, billed: false, provider: facts.id, model: facts.model });
    await failure(call);
    const sent = generationRequests();
    expect(sent).toHaveLength(1);
    expect(facts.read(sent[0]!).apiKey).toBe(facts.apiKey);
  });

  it('turns a hung request into a retryable ProviderTimeoutError at the deadline', async () => {
    server.enqueue({ kind: 'hang' });

    const started = Date.now();
    const call = adapter.generate(connection(), request(300));
    await expect(call).rejects.toBeInstanceOf(ProviderTimeoutError);
    await expect(call).rejects.toMatchObject({ code: 'timeout', retryable: true, billed: false });
    expect(Date.now() - started).toBeLessThan(5_000);
    await failure(call);
    expect(generationRequests()).toHaveLength(1);
  });

  it('turns a refused connection into a retryable UnavailableError', async () => {
    const closed = await facts.startServer();
    const baseUrl = closed.baseUrl;
    await closed.close();

    const call = adapter.generate(connection({ baseUrl }), request());
    await expect(call).rejects.toBeInstanceOf(UnavailableError);
    await expect(call).rejects.toMatchObject({ code: 'unavailable', retryable: true, billed: false });
    await failure(call);
    expect(closed.requests).toHaveLength(0);
  });

  it('turns a 200 body that is not JSON into a billed MalformedResponseError', async () => {
    server.enqueue({ kind: 'malformed' });

    const call = adapter.generate(connection(), request());
    await expect(call).rejects.toBeInstanceOf(MalformedResponseError);
    await expect(call).rejects.toMatchObject({ code: 'malformed_response', retryable: true, billed: true });
    await failure(call);
    expect(generationRequests()).toHaveLength(1);
  });

  it('turns a reply without text into a billed MalformedResponseError', async () => {
    server.enqueue({ kind: 'empty' });

    const call = adapter.generate(connection(), request());
    await expect(call).rejects.toBeInstanceOf(MalformedResponseError);
    await expect(call).rejects.toMatchObject({ code: 'malformed_response', retryable: true, billed: true });
    await failure(call);
    expect(generationRequests()).toHaveLength(1);
  });

  // Anthropic's way of withholding an answer is the model's own refusal (stop_reason "refusal"); the others filter.
  const withheld =
    facts.id === 'anthropic'
      ? { errorClass: RefusedError, code: 'refused' }
      : { errorClass: ContentFilteredError, code: 'content_filtered' };
  it(`turns withheld content into a billed, final ${withheld.errorClass.name}`, async () => {
    server.enqueue({ kind: 'content-filtered' });

    const call = adapter.generate(connection(), request());
    await expect(call).rejects.toBeInstanceOf(withheld.errorClass);
    await expect(call).rejects.toMatchObject({ code: withheld.code, retryable: false, final: true, billed: true });
    await failure(call);
    expect(generationRequests()).toHaveLength(1);
  });

  it('testConnection with a good key resolves after exactly one request carrying the key', async () => {
    await expect(adapter.testConnection(connection(), { model: facts.model, timeoutMs: 5_000 })).resolves.toBeUndefined();

    expect(server.requests).toHaveLength(1);
    const [sent] = server.requests;
    const key = sent!.headers['x-goog-api-key'] ?? sent!.headers['x-api-key'] ?? bearer(sent!.headers);
    expect(key).toBe(facts.apiKey);
  });

  it('testConnection with a blank key rejects with AuthenticationError', async () => {
    const call = adapter.testConnection(connection({ apiKey: ' ' }), { model: facts.model, timeoutMs: 5_000 });
    await expect(call).rejects.toBeInstanceOf(AuthenticationError);
    await expect(call).rejects.toMatchObject({ code: 'authentication', retryable: false, abortsFill: true });
    expect(server.requests).toHaveLength(1);
  });
});

import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import request from 'supertest';
import {
  startAnthropicServer,
  startGeminiServer,
  startOpenAIServer,
  type ProviderBehaviour,
  type ProviderServer,
} from '../../../harness/provider-servers';
import { developmentBearer, startTestBackend, type TestBackend } from '../../support/test-backend';

/**
 * Canary keys: every key given to a connection is a random value that must never come back out in plain
 * text — not in a response body or header, not in a log line (at LOG_LEVEL trace), not in a stored
 * document — even when the providers answer with errors that quote the key back, as OpenAI's 401 does.
 */

jest.setTimeout(120_000);

const organisationId = 'domain:example.com';
const owner = developmentBearer({ sub: 'canary-owner', email: 'olive@example.com', hd: 'example.com' });
const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Mixed-case random characters: no 8-character run of them turns up anywhere by chance (ids are hex). */
function randomText(length: number): string {
  // The first character is a digit so no run of "<prefix>-<first>" can match this file's own name in a stack trace.
  const bytes = randomBytes(length);
  return Array.from(bytes, (byte, index) => (index === 0 ? String(byte % 10) : alphabet[byte % alphabet.length])).join('');
}

interface Canary {
  label: string;
  value: string;
}

const canary = (label: string, prefix: string, length = 40): Canary => ({ label, value: `${prefix}${randomText(length)}` });

const canaries = {
  openai: canary('openai-compatible (first key)', 'sk-canary-'),
  openaiRotated: canary('openai-compatible (rotated key)', 'sk-canary-'),
  anthropic: canary('anthropic (first key)', 'sk-ant-canary-'),
  anthropicRotated: canary('anthropic (rotated key)', 'sk-ant-canary-'),
  gemini: canary('gemini (first key)', 'AIzaSy', 33),
  geminiRotated: canary('gemini (rotated key)', 'AIzaSy', 33),
  closedPort: canary('openai at a closed port', 'sk-proj-canary-'),
  hostileOpenAi: canary('openai-compatible at a failing server', 'sk-canary-'),
  hostileAnthropic: canary('anthropic at a failing server', 'sk-ant-canary-'),
  hostileGemini: canary('gemini at a failing server', 'AIzaSy', 33),
  /** A key of no well-known shape (an Azure or self-hosted gateway key): no redaction pattern recognises it. */
  hostileUnshaped: canary('openai-compatible key of no known shape at a failing server', 'gw', 44),
};
const allCanaries: Canary[] = Object.values(canaries);

/** Every form in which a canary would count as leaked. */
interface Needle {
  canary: Canary;
  kind: string;
  text: string;
}

function needlesOf(secret: Canary): Needle[] {
  const value = secret.value;
  const needles: Needle[] = [
    { canary: secret, kind: 'plain', text: value },
    { canary: secret, kind: 'hex', text: Buffer.from(value).toString('hex') },
  ];
  if (encodeURIComponent(value) !== value) needles.push({ canary: secret, kind: 'url-encoded', text: encodeURIComponent(value) });
  // Base64 of any text that contains the canary, whatever its alignment: the stable middle of each of the three encodings.
  for (let offset = 0; offset < 3; offset += 1) {
    const encoded = Buffer.from(value.slice(offset)).toString('base64');
    const stable = encoded.slice(0, Math.floor((value.length - offset) / 3) * 4);
    needles.push({ canary: secret, kind: `base64 (offset ${offset})`, text: stable.slice(4) });
    needles.push({ canary: secret, kind: `base64url (offset ${offset})`, text: stable.slice(4).replace(/\+/g, '-').replace(/\//g, '_') });
  }
  return needles;
}

const needles = allCanaries.flatMap(needlesOf);
/** Every 8-character run of every canary: the shown last four characters may appear, nothing longer. */
const grams = new Map<string, Canary>();
for (const secret of allCanaries)
  for (let start = 0; start + 8 <= secret.value.length; start += 1) grams.set(secret.value.slice(start, start + 8), secret);

function excerpt(text: string, at: number, length: number): string {
  return JSON.stringify(text.slice(Math.max(0, at - 60), at + length + 60));
}

/** Descriptions of every canary found in `text`, empty when it holds none. */
function leaksIn(source: string, text: string): string[] {
  const found: string[] = [];
  for (const needle of needles) {
    const at = text.indexOf(needle.text);
    if (at >= 0) found.push(`${source}: ${needle.canary.label} in ${needle.kind} form: ${excerpt(text, at, needle.text.length)}`);
  }
  if (found.length > 0) return found;
  for (let at = 0; at + 8 <= text.length; at += 1) {
    const owner = grams.get(text.slice(at, at + 8));
    if (owner) {
      found.push(`${source}: 8+ characters of ${owner.label}: ${excerpt(text, at, 8)}`);
      break;
    }
  }
  return found;
}

/** A stored value as plain JSON: Timestamps as ISO strings, bytes both as base64 and as UTF-8 text. */
function plain(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined || typeof value !== 'object' || depth > 32) return value;
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) {
    const buffer = Buffer.from(value);
    return { base64: buffer.toString('base64'), utf8: buffer.toString('utf8') };
  }
  const record = value as Record<string, unknown> & {
    toDate?: () => Date;
    toBase64?: () => string;
    toUint8Array?: () => Uint8Array;
    path?: unknown;
  };
  if (typeof record.toDate === 'function') return record.toDate().toISOString();
  if (typeof record.toUint8Array === 'function') return plain(record.toUint8Array(), depth + 1);
  if (typeof record.toBase64 === 'function') return record.toBase64();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => plain(item, depth + 1));
  if (record.constructor?.name === 'DocumentReference' && typeof record.path === 'string') return `ref:${record.path}`;
  return Object.fromEntries(Object.entries(record).map(([name, inner]) => [name, plain(inner, depth + 1)]));
}

type Mode = { kind: 'status'; status: number } | { kind: 'malformed' } | { kind: 'hang' };

/**
 * One server that fails every request in every provider's error shape at once, quoting whatever key it was
 * sent in the body and in a response header, the way a careless gateway would.
 */
async function startFailingServer(): Promise<{ origin: string; setMode(mode: Mode): void; keysSeen: string[]; close(): Promise<void> }> {
  let mode: Mode = { kind: 'status', status: 401 };
  const keysSeen: string[] = [];
  const sockets = new Set<Socket>();
  const keyOf = (incoming: IncomingMessage): string => {
    const bearer = /^Bearer\s+(.*)$/i.exec(String(incoming.headers.authorization ?? ''))?.[1];
    const url = new URL(incoming.url ?? '/', 'http://failing.invalid');
    return bearer ?? String(incoming.headers['x-api-key'] ?? incoming.headers['x-goog-api-key'] ?? url.searchParams.get('key') ?? '');
  };
  const server: Server = createServer((incoming, response) => {
    incoming.resume();
    const key = keyOf(incoming);
    keysSeen.push(key);
    if (mode.kind === 'hang') return;
    if (mode.kind === 'malformed') {
      response.writeHead(200, { 'content-type': 'application/json', 'x-echoed-key': key });
      response.end(`{"id": "broken", "key": "${key}", `);
      return;
    }
    const message = `Incorrect API key provided: ${key}. You can find your API key at https://platform.openai.com/account/api-keys.`;
    response.writeHead(mode.status, {
      'content-type': 'application/json',
      'x-echoed-key': key,
      'www-authenticate': `Bearer error="invalid_token", key="${key}"`,
    });
    response.end(
      JSON.stringify({
        type: 'error',
        error: {
          message,
          type: 'invalid_request_error',
          code: mode.status === 401 ? 'invalid_api_key' : null,
          status: mode.status === 401 ? 'UNAUTHENTICATED' : 'INTERNAL',
          param: key,
        },
        key,
      }),
    );
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    setMode: (next) => {
      mode = next;
    },
    keysSeen,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/** A local address nothing listens on. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/v1`;
}

const expectedFingerprint = (key: string) => `sha256:${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
const viewKeys = [
  'id',
  'provider',
  'name',
  'baseUrl',
  'defaultModel',
  'enabled',
  'requestsPerMinute',
  'tokensPerMinute',
  'fingerprint',
  'lastFour',
  'createdAt',
  'createdBy',
  'updatedAt',
  'rotatedAt',
  'lastTest',
].sort();

interface ConnectionView {
  id: string;
  provider: string;
  fingerprint: string;
  lastFour: string;
  [field: string]: unknown;
}

function expectViewOf(view: ConnectionView, key: string): void {
  expect(Object.keys(view).sort()).toEqual(viewKeys);
  expect(view.fingerprint).toBe(expectedFingerprint(key));
  expect(view.lastFour).toBe(key.slice(-4));
  expect(view.lastFour).toHaveLength(4);
}

/** How the backend classifies each forced error: proof the scenario really reached the provider's error path. */
const expectedCodes: Record<string, string> = {
  '401 quoting the key': 'authentication',
  '400 invalid key quoting it': 'bad_request',
  'gemini 400': 'authentication',
  '403 quoting the key': 'permission',
  '429 quoting the key': 'rate_limited',
  '500 quoting the key': 'server',
  'malformed JSON': 'malformed_response',
  timeout: 'timeout',
  disconnect: 'unavailable',
};

const errorScenarios = (key: () => string): Array<[string, ProviderBehaviour]> => [
  [
    '401 quoting the key',
    {
      kind: 'error',
      status: 401,
      message: `Incorrect API key provided: ${key()}. You can find your API key at https://platform.openai.com/account/api-keys.`,
    },
  ],
  [
    '400 invalid key quoting it',
    {
      kind: 'error',
      status: 400,
      message: `API key not valid. Please pass a valid API key. (key=${key()})`,
      errorType: 'INVALID_ARGUMENT',
    },
  ],
  ['403 quoting the key', { kind: 'error', status: 403, message: `The key ${key()} does not have permission to use this model.` }],
  ['429 quoting the key', { kind: 'error', status: 429, message: `Rate limit reached for key ${key()}.`, headers: { 'retry-after': '0' } }],
  ['500 quoting the key', { kind: 'error', status: 500, message: `The server had an error processing the request with ${key()}.` }],
  ['malformed JSON', { kind: 'malformed' }],
  ['timeout', { kind: 'hang' }],
  ['disconnect', { kind: 'disconnect' }],
];

describe('canary keys never appear in a response, a log line or a stored document', () => {
  let openai: ProviderServer;
  let anthropic: ProviderServer;
  let gemini: ProviderServer;
  let failing: Awaited<ReturnType<typeof startFailingServer>>;
  let backend: TestBackend;
  /** Every response the backend gave: status line, headers and body as text. */
  const responses: Array<{ source: string; text: string }> = [];
  const connections: Record<string, { id: string; key: string }> = {};
  let promptCounter = 0;

  async function record(source: string, pending: request.Test): Promise<request.Response> {
    const response = await pending;
    responses.push({
      source,
      text: `HTTP ${response.status}\n${JSON.stringify(response.headers)}\n${response.text ?? ''}${response.text === undefined ? JSON.stringify(response.body) : ''}`,
    });
    return response;
  }
  const api = {
    get: (path: string) => record(`GET ${path}`, request(backend.app).get(path).set('authorization', owner)),
    post: (path: string, body?: object) =>
      record(
        `POST ${path}`,
        body === undefined
          ? request(backend.app).post(path).set('authorization', owner)
          : request(backend.app).post(path).set('authorization', owner).send(body),
      ),
    put: (path: string, body: object) => record(`PUT ${path}`, request(backend.app).put(path).set('authorization', owner).send(body)),
    patch: (path: string, body: object) => record(`PATCH ${path}`, request(backend.app).patch(path).set('authorization', owner).send(body)),
    getPublic: (path: string) => record(`GET ${path}`, request(backend.app).get(path)),
  };

  const harnessOf = (provider: 'openai-compatible' | 'anthropic' | 'gemini'): ProviderServer =>
    provider === 'anthropic' ? anthropic : provider === 'gemini' ? gemini : openai;
  const keyHeaderOf = (provider: string, recorded: { headers: Record<string, string> }): string | undefined =>
    provider === 'anthropic'
      ? (recorded.headers['x-api-key'] ?? recorded.headers.authorization?.replace(/^Bearer /, ''))
      : provider === 'gemini'
        ? recorded.headers['x-goog-api-key']
        : recorded.headers.authorization?.replace(/^Bearer /, '');

  async function fill(provider: string, model: string, source: string): Promise<request.Response> {
    promptCounter += 1;
    const response = await api.post('/v1/fills', {
      documentId: 'doc-leak-check',
      tags: [{ name: 'intro', configuration: { prompt: `Write greeting number ${promptCounter} for the board.`, provider, model } }],
    });
    responses[responses.length - 1]!.source = `POST /v1/fills (${source})`;
    expect(response.status).toBe(200);
    const fillId = response.body.fillId as string;
    await api.get(`/v1/fills/${fillId}`);
    return response;
  }

  async function createConnection(body: Record<string, unknown> & { apiKey: string }, name: string): Promise<ConnectionView> {
    const response = await api.post('/v1/connections', body);
    expect(response.status).toBe(201);
    expectViewOf(response.body, body.apiKey);
    connections[name] = { id: response.body.id, key: body.apiKey };
    return response.body;
  }

  beforeAll(async () => {
    [openai, anthropic, gemini, failing] = await Promise.all([
      startOpenAIServer(),
      startAnthropicServer(),
      startGeminiServer(),
      startFailingServer(),
    ]);
    backend = await startTestBackend(
      { LOG_LEVEL: 'trace', AI_REQUEST_TIMEOUT_MS: '800', AI_RETRY_BASE_DELAY_MS: '1' },
      { captureLogs: true },
    );
    expect((await api.get('/v1/session')).body.role).toBe('owner');
    // Every model the fills name, priced: a model is never called as if it were free.
    const current = await api.get('/v1/settings');
    expect(current.status).toBe(200);
    const customModels = ['first', 'rotated'].flatMap((phase) =>
      (['openai-compatible', 'anthropic', 'gemini'] as const).flatMap((provider) =>
        [`${phase}-ok`, ...errorScenarios(() => '').map((_scenario, index) => `${phase}-error-${index}`)].map((id) => ({
          provider,
          id,
          displayName: id,
          contextWindow: 100_000,
          maxOutputTokens: 4_000,
          prices: { input: 1, cachedInput: 0.5, output: 2 },
          capabilities: ['text'],
          complexity: 'simple',
        })),
      ),
    );
    const saved = await api.put('/v1/settings', {
      baseVersion: current.body.version,
      settings: { ...current.body.settings, customModels },
    });
    expect(saved.status).toBe(200);
  });
  afterEach(() => {
    openai.reset();
    anthropic.reset();
    gemini.reset();
  });
  afterAll(async () => {
    await backend?.close();
    await Promise.all([openai?.close(), anthropic?.close(), gemini?.close(), failing?.close()]);
  });

  it('has a detector that finds a canary in plain, encoded and partial form', () => {
    const value = canaries.openai.value;
    expect(leaksIn('self-check', `{"message":"Incorrect API key provided: ${value}."}`)).not.toEqual([]);
    expect(leaksIn('self-check', Buffer.from(`key=${value};`).toString('base64'))).not.toEqual([]);
    expect(leaksIn('self-check', Buffer.from(`ke=${value}`).toString('base64url'))).not.toEqual([]);
    expect(leaksIn('self-check', `sk-...${value.slice(-8)}`)).not.toEqual([]);
    expect(leaksIn('self-check', `${canaries.gemini.value.slice(3, 11)}`)).not.toEqual([]);
    expect(leaksIn('self-check', `"lastFour":"${value.slice(-4)}","fingerprint":"${expectedFingerprint(value)}"`)).toEqual([]);
  });

  it('creates a connection per provider whose views show the fingerprint and exactly the last four characters', async () => {
    await createConnection(
      {
        provider: 'openai-compatible',
        name: 'Local OpenAI',
        apiKey: canaries.openai.value,
        baseUrl: openai.baseUrl,
        defaultModel: 'gpt-6-luna',
      },
      'openai',
    );
    await createConnection(
      { provider: 'anthropic', name: 'Local Anthropic', apiKey: canaries.anthropic.value, baseUrl: anthropic.baseUrl },
      'anthropic',
    );
    await createConnection({ provider: 'gemini', name: 'Local Gemini', apiKey: canaries.gemini.value, baseUrl: gemini.baseUrl }, 'gemini');
    await createConnection(
      { provider: 'openai', name: 'Nobody listening', apiKey: canaries.closedPort.value, baseUrl: await closedPortUrl() },
      'closedPort',
    );
    await createConnection(
      {
        provider: 'openai-compatible',
        name: 'Failing gateway',
        apiKey: canaries.hostileOpenAi.value,
        baseUrl: `${failing.origin}/v1`,
        defaultModel: 'gpt-6-luna',
      },
      'hostileOpenAi',
    );
    await createConnection(
      { provider: 'anthropic', name: 'Failing Anthropic', apiKey: canaries.hostileAnthropic.value, baseUrl: failing.origin },
      'hostileAnthropic',
    );
    await createConnection(
      { provider: 'gemini', name: 'Failing Gemini', apiKey: canaries.hostileGemini.value, baseUrl: failing.origin },
      'hostileGemini',
    );
    await createConnection(
      {
        provider: 'openai-compatible',
        name: 'Failing unshaped',
        apiKey: canaries.hostileUnshaped.value,
        baseUrl: `${failing.origin}/v1`,
        defaultModel: 'gpt-6-luna',
      },
      'hostileUnshaped',
    );

    const list = await api.get('/v1/connections');
    expect(list.status).toBe(200);
    expect(list.body.connections).toHaveLength(Object.keys(connections).length);
    for (const [name, { id, key }] of Object.entries(connections)) {
      const listed = (list.body.connections as ConnectionView[]).find((view) => view.id === id);
      expect(listed).toBeDefined();
      expectViewOf(listed as ConnectionView, key);
      const one = await api.get(`/v1/connections/${id}`);
      expect(one.status).toBe(200);
      expectViewOf(one.body, key);
      const patched = await api.patch(`/v1/connections/${id}`, { name: `Renamed ${name}` });
      expect(patched.status).toBe(200);
      expectViewOf(patched.body, key);
    }
  });

  it('tests the working connections: each key reaches its provider', async () => {
    for (const name of ['openai', 'anthropic', 'gemini'] as const) {
      const response = await api.post(`/v1/connections/${connections[name]!.id}/test`, {});
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ ok: true });
    }
    expect(openai.requests.some((recorded) => keyHeaderOf('openai-compatible', recorded) === canaries.openai.value)).toBe(true);
    expect(anthropic.requests.some((recorded) => keyHeaderOf('anthropic', recorded) === canaries.anthropic.value)).toBe(true);
    expect(gemini.requests.some((recorded) => keyHeaderOf('gemini', recorded) === canaries.gemini.value)).toBe(true);
  });

  it('tests connections against a server that fails in every way, quoting the key back', async () => {
    const modes: Array<[string, Mode]> = [
      ['401', { kind: 'status', status: 401 }],
      ['403', { kind: 'status', status: 403 }],
      ['429', { kind: 'status', status: 429 }],
      ['500', { kind: 'status', status: 500 }],
      ['malformed JSON', { kind: 'malformed' }],
      ['timeout', { kind: 'hang' }],
    ];
    for (const [label, mode] of modes) {
      failing.setMode(mode);
      for (const name of ['hostileOpenAi', 'hostileAnthropic', 'hostileGemini', 'hostileUnshaped']) {
        const response = await api.post(`/v1/connections/${connections[name]!.id}/test`, {});
        responses[responses.length - 1]!.source += ` (${name}, ${label})`;
        expect(response.status).toBe(200);
        expect(response.body.ok).toBe(false);
        const view = await api.get(`/v1/connections/${connections[name]!.id}`);
        expect(view.body.lastTest).toMatchObject({ ok: false });
        expectViewOf(view.body, connections[name]!.key);
      }
    }
    for (const name of ['hostileOpenAi', 'hostileAnthropic', 'hostileGemini', 'hostileUnshaped'])
      expect(failing.keysSeen).toContain(connections[name]!.key);
  });

  it('tests and fills through a base URL at a closed port', async () => {
    const tested = await api.post(`/v1/connections/${connections.closedPort!.id}/test`, {});
    expect(tested.status).toBe(200);
    expect(tested.body.ok).toBe(false);
    const filled = await fill('openai', 'gpt-6-luna', 'closed port');
    expect(filled.body.results[0].status).not.toBe('generated');
  });

  function fillsAcrossProviders(phase: string, keys: Record<'openai-compatible' | 'anthropic' | 'gemini', () => string>) {
    return async () => {
      for (const provider of ['openai-compatible', 'anthropic', 'gemini'] as const) {
        const server = harnessOf(provider);
        const succeeded = await fill(provider, `${phase}-ok`, `${provider} ${phase} success`);
        expect(succeeded.body.results[0]).toMatchObject({ status: 'generated' });
        for (const [index, [label, behaviour]] of errorScenarios(keys[provider]).entries()) {
          server.reset();
          server.setDefault(behaviour);
          // A model of its own per scenario: a rejected key or repeated failures cool a model down.
          const response = await fill(provider, `${phase}-error-${index}`, `${provider} ${phase} ${label}`);
          const generation = server.requests.filter((recorded) => recorded.method === 'POST');
          server.reset();
          expect(response.body.results[0].status).not.toBe('generated');
          expect(response.body.results[0].error?.code).toBe(
            expectedCodes[label === '400 invalid key quoting it' && provider === 'gemini' ? 'gemini 400' : label],
          );
          // The failing provider did get the canary: the error really was answered to a request carrying it.
          expect(generation.length).toBeGreaterThan(0);
          expect(generation.every((recorded) => keyHeaderOf(provider, recorded) === keys[provider]())).toBe(true);
        }
      }
      // The keys in use reach the providers on every generation request.
      for (const provider of ['openai-compatible', 'anthropic', 'gemini'] as const) {
        const server = harnessOf(provider);
        await fill(provider, `${phase}-ok`, `${provider} ${phase} key check`);
        const generation = server.requests.filter((recorded) => recorded.method === 'POST');
        expect(generation.length).toBeGreaterThan(0);
        expect(generation.every((recorded) => keyHeaderOf(provider, recorded) === keys[provider]())).toBe(true);
      }
    };
  }

  it(
    'fills through each provider, succeeding and with forced provider errors that quote the key',
    fillsAcrossProviders('first', {
      'openai-compatible': () => canaries.openai.value,
      anthropic: () => canaries.anthropic.value,
      gemini: () => canaries.gemini.value,
    }),
  );

  it('rotates each key to a second canary; the views show the new fingerprint and last four', async () => {
    const rotations = [
      ['openai', canaries.openaiRotated.value],
      ['anthropic', canaries.anthropicRotated.value],
      ['gemini', canaries.geminiRotated.value],
    ] as const;
    for (const [name, key] of rotations) {
      const connection = connections[name]!;
      const response = await api.post(`/v1/connections/${connection.id}/rotate`, { apiKey: key });
      expect(response.status).toBe(200);
      expectViewOf(response.body, key);
      expect(response.body.fingerprint).not.toBe(expectedFingerprint(connection.key));
      connection.key = key;
      expectViewOf((await api.get(`/v1/connections/${connection.id}`)).body, key);
      const tested = await api.post(`/v1/connections/${connection.id}/test`, {});
      expect(tested.body).toMatchObject({ ok: true });
    }
    const list = await api.get('/v1/connections');
    for (const { id, key } of Object.values(connections))
      expectViewOf((list.body.connections as ConnectionView[]).find((view) => view.id === id) as ConnectionView, key);
  });

  it(
    'fills with the rotated keys, succeeding and with forced provider errors that quote the new key',
    fillsAcrossProviders('rotated', {
      'openai-compatible': () => canaries.openaiRotated.value,
      anthropic: () => canaries.anthropicRotated.value,
      gemini: () => canaries.geminiRotated.value,
    }),
  );

  it('answers 409 key-unreadable, aborts fills and logs a warning when a stored key cannot be opened', async () => {
    // The one closed-port connection is the organisation's only "openai" one, so fills open it too.
    const { id } = connections.closedPort!;
    const document = backend.firestore.firestore.doc(`orgs/${organisationId}/connections/${id}`);
    const sealedKey = (await document.get()).get('sealedKey') as { authTag: string };
    const tampered = Buffer.from(sealedKey.authTag, 'base64').map((byte) => byte ^ 0xff);
    await document.update({ 'sealedKey.authTag': Buffer.from(tampered).toString('base64') });
    // A change through the API makes this instance forget the keys it opened, so the fill opens the tampered one.
    const renamed = async (name: string) => expect((await api.patch(`/v1/connections/${id}`, { name })).status).toBe(200);
    await renamed('Nobody listening (tampered)');
    try {
      const tested = await api.post(`/v1/connections/${id}/test`, {});
      expect(tested.status).toBe(409);
      expect(tested.headers['content-type']).toContain('application/problem+json');
      expect(tested.body).toMatchObject({
        status: 409,
        type: expect.stringMatching(/key-unreadable$/),
        detail: expect.stringMatching(/cannot be decrypted/),
      });
      const filled = await fill('openai', 'gpt-6-luna', 'unopenable key');
      expect(filled.body.results[0].status).not.toBe('generated');
      expect(filled.body).toMatchObject({ status: 'aborted', abort: { code: 'key_unreadable' } });
      // The rest of the service is unaffected: the organisation's other providers stay usable, "openai" is not.
      expect((await api.get('/v1/session')).status).toBe(200);
      const models = await api.get('/v1/models');
      expect(models.status).toBe(200);
      expect(
        (models.body.models as Array<{ provider: string; connected: boolean }>)
          .filter((model) => model.provider === 'openai')
          .every((model) => !model.connected),
      ).toBe(true);
    } finally {
      await document.update({ 'sealedKey.authTag': sealedKey.authTag });
      await renamed('Renamed closedPort');
    }
    expect((await api.post(`/v1/connections/${id}/test`, {})).body.ok).toBe(false);
    const warnings = backend.logLines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.level === 'warn' && line.connectionId === id);
    expect(warnings.length).toBeGreaterThanOrEqual(1);
    expect(warnings[0]).toMatchObject({ organisationId, provider: 'openai', msg: expect.stringMatching(/cannot be decrypted/) });
  });

  it('reads the audit trail, usage records and export, fills, metrics and the OpenAPI document', async () => {
    await backend.drain();
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const period = `from=${day(-1)}&to=${day(1)}`;
    const audit = await api.get('/v1/audit?limit=200');
    expect(audit.status).toBe(200);
    expect(audit.body.entries.length).toBeGreaterThan(0);
    for (const scope of ['mine', 'organisation']) {
      const records = await api.get(`/v1/usage/records?${period}&scope=${scope}&limit=500`);
      expect(records.status).toBe(200);
      expect(records.body.records.length).toBeGreaterThan(0);
      const exported = await api.get(`/v1/usage/export?${period}&scope=${scope}`);
      expect(exported.status).toBe(200);
      expect(exported.text.split('\r\n').length).toBeGreaterThan(2);
      expect((await api.get(`/v1/usage/summary?${period}&scope=${scope}`)).status).toBe(200);
    }
    expect((await api.get('/v1/fills?limit=200')).status).toBe(200);
    expect((await api.get('/v1/session')).status).toBe(200);
    expect((await api.get('/v1/budget')).status).toBe(200);
    expect((await api.get('/v1/models')).status).toBe(200);
    const metrics = await api.getPublic('/metrics');
    expect(metrics.status).toBe(200);
    const openApi = await api.getPublic('/openapi.json');
    expect(openApi.status).toBe(200);
  });

  it('gave no canary in any response body or header', () => {
    expect(responses.length).toBeGreaterThan(100);
    expect(responses.flatMap(({ source, text }) => leaksIn(source, text))).toEqual([]);
  });

  it('logged at trace level, every forced provider error included, and no log line holds a canary', async () => {
    await backend.drain();
    const lines = backend.logLines;
    expect(lines.length).toBeGreaterThan(100);
    const levels = lines.map((line) => (JSON.parse(line) as { level: string }).level);
    // The unreadable key and the providers' key rejections are warnings: nothing here is a server fault.
    expect(levels).toContain('warn');
    expect(levels).not.toContain('error');
    // The provider errors that quote a key back are where a key would reach a log line: each one must have been
    // logged, else a logger silent about failures would pass the leak check below without proving anything.
    const tagFailures = lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.msg === 'tag generation failed');
    for (const phase of ['first', 'rotated'])
      for (const provider of ['openai-compatible', 'anthropic', 'gemini'])
        for (const [index, [label]] of errorScenarios(() => '').entries())
          expect(tagFailures).toContainEqual(
            expect.objectContaining({
              level: 'warn',
              provider,
              model: `${phase}-error-${index}`,
              code: expectedCodes[label === '400 invalid key quoting it' && provider === 'gemini' ? 'gemini 400' : label],
            }),
          );
    expect(lines.flatMap((line, index) => leaksIn(`log line ${index}`, line))).toEqual([]);
  });

  it('stored no canary in any document', async () => {
    await backend.drain();
    const paths = await backend.firestore.listDocumentPaths!();
    expect(paths.length).toBeGreaterThan(10);
    expect(paths.some((path) => path.includes('/connections/'))).toBe(true);
    const leaks: string[] = [];
    for (const path of paths) {
      const snapshot = await backend.firestore.firestore.doc(path).get();
      leaks.push(...leaksIn(`document ${path}`, JSON.stringify(plain(snapshot.data() ?? null))));
    }
    expect(leaks).toEqual([]);
  });
});

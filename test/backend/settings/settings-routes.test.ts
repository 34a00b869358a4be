import request from 'supertest';
import { startOpenAIServer, type ProviderServer } from '../../../harness/provider-servers';
import { builtInModels, createModelCatalog } from '../../../backend/src/ai/models/model-catalog';
import { lifecycleOf, replacementKey } from '../../../backend/src/ai/models/model-lifecycle';
import type { ProviderId } from '../../../backend/src/ai/providers/provider-adapter';
import { developmentBearer, startTestBackend, type TestBackend } from '../../support/test-backend';

interface ChatCompletionBody {
  model: string;
  messages: Array<{ role: string; content: string }>;
}

interface ModelView {
  key: string;
  provider: string;
  id: string;
  allowed: boolean;
  connected: boolean;
  pricesPerMillionTokens: unknown;
}

const organisationId = 'domain:settings.example';
const owner = developmentBearer({ sub: 'settings-owner', email: 'sara@settings.example', hd: 'settings.example' });
const member = developmentBearer({ sub: 'settings-member', email: 'max@settings.example', hd: 'settings.example' });
const systemInstruction = 'Write in British English and never mention competitors.';

describe("the organisation's AI settings", () => {
  let provider: ProviderServer;
  let backend: TestBackend;

  const get = (path: string, bearer = owner) => request(backend.app).get(path).set('authorization', bearer);
  const put = (body: object, bearer = owner) => request(backend.app).put('/v1/settings').set('authorization', bearer).send(body);
  const post = (path: string, body: object, bearer = owner) => request(backend.app).post(path).set('authorization', bearer).send(body);
  const latestVersion = async () => (await get('/v1/settings')).body.version as number;
  /** Saves on top of whatever is current, as the admin page does after loading it. */
  const save = async (settings: object) => {
    const response = await put({ baseVersion: await latestVersion(), settings });
    expect(response.status).toBe(200);
    return response;
  };
  const tag = (prompt: string, model?: string) => ({
    documentId: 'doc-settings',
    tags: [{ name: 'intro', configuration: { prompt, ...(model ? { model } : {}) } }],
  });

  beforeAll(async () => {
    provider = await startOpenAIServer();
    backend = await startTestBackend({ AI_REQUEST_TIMEOUT_MS: '2000', AI_RETRY_BASE_DELAY_MS: '1' });
    expect((await get('/v1/session', owner)).body.role).toBe('owner');
    expect((await get('/v1/session', member)).body.role).toBe('member');
    // The organisation's own OpenAI key, served by the local stand-in.
    const connection = await post('/v1/connections', {
      provider: 'openai',
      name: 'OpenAI',
      apiKey: 'sk-settings-key-1234',
      baseUrl: provider.baseUrl,
    });
    expect(connection.status).toBe(201);
  });
  afterEach(() => provider.reset());
  afterAll(async () => {
    await backend.close();
    await provider.close();
  });

  it('shows version 0 and the defaults before any admin saved settings', async () => {
    const response = await get('/v1/settings');

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ version: 0, updatedAt: null, updatedBy: null });
    expect(response.body.settings).toMatchObject({
      defaultModels: {},
      allowedProviders: null,
      allowedModels: null,
      fallbackModels: [],
      cacheTtlSeconds: 86400,
      contextTokenBudget: 8000,
      budgets: { organisation: {}, perUser: {}, userOverrides: {}, alertThreshold: 0.8, criticalThreshold: 0.95 },
      tokenLimits: {
        simple: { plain: 1024, markdown: 1536 },
        medium: { plain: 2048, markdown: 3072 },
        rare: { plain: 4096, markdown: 8192 },
      },
      priceOverrides: {},
      customModels: [],
    });
    expect(response.body.settings).not.toHaveProperty('systemInstruction');
  });

  it('lists the catalog models to a member with allowed and connected flags and the defaults', async () => {
    const response = await get('/v1/models', member);

    expect(response.status).toBe(200);
    const models = response.body.models as ModelView[];
    expect(models.find((model) => model.key === 'openai:gpt-6-sol')).toMatchObject({
      provider: 'openai',
      id: 'gpt-6-sol',
      allowed: true,
      connected: true,
    });
    expect(models.find((model) => model.key === 'anthropic:claude-haiku-4-5')).toMatchObject({ allowed: true, connected: false });
    expect(models.find((model) => model.key === 'gemini:gemini-3.5-flash-lite')).toMatchObject({ connected: false });
    expect(models.filter((model) => model.provider === 'openai').every((model) => model.connected)).toBe(true);
    expect(models.filter((model) => model.provider !== 'openai').some((model) => model.connected)).toBe(false);
    expect(response.body.defaults).toEqual({ simple: 'openai:gpt-6-luna', medium: 'openai:gpt-6-luna', rare: 'openai:gpt-6-luna' });
    expect(response.body.fallbackModels).toEqual([]);
  });

  it('never offers a model its provider has shut down, and shows when the others shut down and what replaces them', async () => {
    const response = await get('/v1/models', member);
    const today = new Date().toISOString().slice(0, 10);
    const models = response.body.models as (ModelView & {
      lifecycle: string;
      shutsDownOn: string | null;
      deprecatedOn: string | null;
      replacement: string | null;
      temperature: unknown;
    })[];
    // Gemini 2.5 Flash was shut down on 2026-12-01; GPT-3.5 Turbo on 2026-10-23.
    expect(models.map((model) => model.key)).not.toContain('gemini:gemini-2.5-flash');
    expect(models.map((model) => model.key)).not.toContain('openai:gpt-3.5-turbo');
    for (const model of models) if (model.shutsDownOn !== null) expect(model.shutsDownOn > today).toBe(true);
    // Every listed model says what the catalog says of its lifecycle and replacement.
    const catalog = createModelCatalog(builtInModels);
    for (const model of models) {
      const entry = catalog.find({ provider: model.provider as ProviderId, model: model.id })!;
      expect(model).toMatchObject({
        lifecycle: lifecycleOf(entry, today),
        shutsDownOn: entry.shutsDownOn ?? null,
        deprecatedOn: entry.deprecatedOn ?? null,
        replacement: replacementKey(entry) ?? null,
      });
      if (model.shutsDownOn !== null) expect(model.replacement).not.toBeNull();
    }
    expect(models.find((model) => model.key === 'openai:gpt-6-luna')).toMatchObject({ lifecycle: 'current', shutsDownOn: null });
    expect(models.find((model) => model.key === 'anthropic:claude-haiku-5-5')).toMatchObject({
      temperature: null,
      pricesPerMillionTokens: { input: 0.1, cacheWrite: 0.125, longContext: { aboveInputTokens: 100_000 } },
    });
  });

  it('lists the connected models shutting down within 60 days, soonest first, with where the settings use them', async () => {
    const response = await get('/v1/models', member);
    const today = Date.parse(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
    const retiring = response.body.retiringSoon as {
      key: string;
      shutsDownOn: string;
      daysLeft: number;
      replacement: string | null;
      usedAs: string[];
    }[];
    const days = retiring.map((entry) => entry.daysLeft);
    expect(days).toEqual([...days].sort((left, right) => left - right));
    for (const entry of retiring) {
      // Only OpenAI is connected in this organisation.
      expect(entry.key.startsWith('openai:')).toBe(true);
      expect(entry.daysLeft).toBe(Math.round((Date.parse(`${entry.shutsDownOn}T00:00:00Z`) - today) / 86_400_000));
      expect(entry.daysLeft).toBeGreaterThan(0);
      expect(entry.daysLeft).toBeLessThanOrEqual(60);
      expect(entry.replacement).toMatch(/^openai:/);
    }
    const listed = (response.body.models as { key: string; shutsDownOn: string | null; connected: boolean }[]).filter(
      (model) => model.connected && model.shutsDownOn !== null && Date.parse(`${model.shutsDownOn}T00:00:00Z`) - today <= 60 * 86_400_000,
    );
    expect(retiring.map((entry) => entry.key).sort()).toEqual(listed.map((model) => model.key).sort());
  });

  it('refuses before any model is called a tag still set to a retired model, naming the replacement', async () => {
    const requestsBefore = provider.requests.length;
    const response = await post('/v1/fills/check', tag('Say hello.', 'gemini:gemini-2.5-flash'), member);
    expect(response.body.problems).toEqual([
      {
        tag: 'intro',
        code: 'model_retired',
        message:
          'ai:intro uses a model no longer served: Gemini 2.5 Flash (gemini:gemini-2.5-flash) was shut down by its provider on 2026-12-01 and can no longer be called. Choose gemini:gemini-3.5-flash-lite instead.',
      },
    ]);
    const filled = await post('/v1/fills', tag('Say hello.', 'gemini:gemini-2.5-flash'), member);
    expect(filled.status).toBe(422);
    expect(filled.body.problems.map((problem: { code: string }) => problem.code)).toEqual(['model_retired']);
    expect(provider.requests.length).toBe(requestsBefore);
  });

  it('keeps the settings to admins: a member gets 403 reading or saving them', async () => {
    const read = await get('/v1/settings', member);
    expect(read.status).toBe(403);
    expect(read.type).toBe('application/problem+json');
    expect((await put({ baseVersion: 0, settings: { cacheTtlSeconds: 0 } }, member)).status).toBe(403);
    expect(await latestVersion()).toBe(0);
  });

  it('saves on top of version 0 as version 1 and stores it', async () => {
    const response = await put({ baseVersion: 0, settings: { cacheTtlSeconds: 3600, fallbackModels: ['openai:gpt-6-sol'] } });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      version: 1,
      updatedBy: 'sara@settings.example',
      settings: { cacheTtlSeconds: 3600, fallbackModels: ['openai:gpt-6-sol'], allowedModels: null },
    });
    expect(Date.parse(response.body.updatedAt)).not.toBeNaN();
    expect((await get('/v1/settings')).body).toEqual(response.body);
    const stored = (await backend.firestore.firestore.doc(`orgs/${organisationId}/settings/ai`).get()).data();
    expect(stored).toMatchObject({
      version: 1,
      current: { cacheTtlSeconds: 3600, fallbackModels: ['openai:gpt-6-sol'] },
      updatedBy: { email: 'sara@settings.example' },
    });
  });

  it('refuses a second save on top of version 0 with a 409 that names the latest version', async () => {
    const response = await put({ baseVersion: 0, settings: { cacheTtlSeconds: 60 } });

    expect(response.status).toBe(409);
    expect(response.type).toBe('application/problem+json');
    expect(response.body).toMatchObject({ status: 409, latestVersion: 1 });
    expect(response.body.detail).toMatch(/version 1/);
    const current = await get('/v1/settings');
    expect(current.body).toMatchObject({ version: 1, settings: { cacheTtlSeconds: 3600 } });
  });

  it('records each save in the audit log with what it was before and after', async () => {
    const response = await get('/v1/audit');
    const entries = (
      response.body.entries as Array<{ action: string; actorEmail: string; before: unknown; after: Record<string, unknown> | null }>
    ).filter((entry) => entry.action === 'settings.update');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorEmail: 'sara@settings.example', before: null, after: { cacheTtlSeconds: 3600 } });
  });

  it('stops a tag from using a model the organisation does not allow', async () => {
    await save({ allowedModels: ['openai:gpt-6-luna'] });
    const disallowed = {
      documentId: 'doc-settings',
      tags: [{ name: 'intro', configuration: { prompt: 'Say hello.', provider: 'openai', model: 'gpt-6-sol' } }],
    };

    const check = await post('/v1/fills/check', disallowed, member);
    expect(check.status).toBe(200);
    expect(check.body.ready).toBe(false);
    expect(check.body.problems).toEqual([{ tag: 'intro', code: 'model_not_allowed', message: expect.stringMatching(/gpt-6-sol/) }]);

    const fill = await post('/v1/fills', disallowed, member);
    expect(fill.status).toBe(422);
    expect(fill.body.problems.map((problem: { code: string }) => problem.code)).toEqual(['model_not_allowed']);
    expect(provider.requests.filter((recorded) => recorded.path === '/v1/chat/completions')).toHaveLength(0);

    const allowed = await post(
      '/v1/fills/check',
      {
        documentId: 'doc-settings',
        tags: [{ name: 'intro', configuration: { prompt: 'Say hello.', provider: 'openai', model: 'gpt-6-luna' } }],
      },
      member,
    );
    expect(allowed.body).toEqual({ ready: true, problems: [] });
  });

  it('lists a disallowed model named by its bare id (as the fill resolves it) before the fill starts', async () => {
    await save({ allowedModels: ['openai:gpt-6-luna'] });

    // The fill itself resolves "gpt-6-sol" to openai:gpt-6-sol and refuses it; the check must say so first.
    const check = await post('/v1/fills/check', tag('Say hello.', 'gpt-6-sol'), member);

    expect(check.body.problems).toEqual([{ tag: 'intro', code: 'model_not_allowed', message: expect.stringMatching(/gpt-6-sol/) }]);
    expect(check.body.ready).toBe(false);
  });

  it('generates with a model written as the "provider:model" key that /v1/models lists and the check accepts', async () => {
    await save({ allowedModels: ['openai:gpt-6-luna'] });
    const keyed = tag('Say hello by key.', 'openai:gpt-6-luna');
    expect((await post('/v1/fills/check', keyed, member)).body).toEqual({ ready: true, problems: [] });

    const fill = await post('/v1/fills', keyed, member);

    expect(fill.status).toBe(200);
    expect(fill.body.results[0]).toMatchObject({ status: 'generated', provider: 'openai', model: 'gpt-6-luna' });
    const [sent] = provider.requests.filter((recorded) => recorded.path === '/v1/chat/completions');
    expect((sent?.body as ChatCompletionBody | undefined)?.model).toBe('gpt-6-luna');
  });

  it('shows a member which models the settings allow and the defaults they chose', async () => {
    await save({
      allowedModels: ['openai:gpt-6-luna', 'openai:gpt-6-sol'],
      defaultModels: { rare: 'openai:gpt-6-sol' },
      fallbackModels: ['openai:gpt-6-sol'],
    });

    const response = await get('/v1/models', member);

    const byKey = new Map((response.body.models as ModelView[]).map((model) => [model.key, model]));
    expect(byKey.get('openai:gpt-6-luna')).toMatchObject({ allowed: true, connected: true });
    expect(byKey.get('openai:gpt-6-sol')).toMatchObject({ allowed: true, connected: true });
    expect(byKey.get('openai:gpt-5.6-terra')).toMatchObject({ allowed: false, connected: true });
    expect(byKey.get('anthropic:claude-haiku-4-5')).toMatchObject({ allowed: false, connected: false });
    expect(response.body.defaults).toEqual({ simple: 'openai:gpt-6-luna', medium: 'openai:gpt-6-luna', rare: 'openai:gpt-6-sol' });
    expect(response.body.fallbackModels).toEqual(['openai:gpt-6-sol']);
  });

  it('shows a member the output token ceilings and accepted justifications the settings chose, and no secret', async () => {
    const tokenLimits = {
      simple: { plain: 300, markdown: 400 },
      medium: { plain: 1000, markdown: 1500 },
      rare: { plain: 5000, markdown: 9000 },
    };
    await save({ tokenLimits, tokenLimitJustifications: ['board-report', 'annual-review'] });

    const response = await get('/v1/models', member);

    expect(response.status).toBe(200);
    expect(response.body.tokenLimits).toEqual(tokenLimits);
    expect(response.body.tokenLimitJustifications).toEqual(['board-report', 'annual-review']);
    // The organisation's key stays in the vault: neither it nor its last four reach a member.
    expect(JSON.stringify(response.body)).not.toMatch(/sk-settings-key|1234/);
  });

  it('shows the default ceilings and justifications before any admin saved settings', async () => {
    const fresh = developmentBearer({ sub: 'fresh-member', email: 'fay@fresh.example', hd: 'fresh.example' });

    const response = await get('/v1/models', fresh);

    expect(response.status).toBe(200);
    expect(response.body.tokenLimits).toEqual({
      simple: { plain: 1024, markdown: 1536 },
      medium: { plain: 2048, markdown: 3072 },
      rare: { plain: 4096, markdown: 8192 },
    });
    expect(response.body.tokenLimitJustifications).toEqual([
      'long-form-section',
      'detailed-report',
      'legal-or-compliance-text',
      'table-heavy-output',
    ]);
  });

  it('answers 401 without a token, naming no ceiling', async () => {
    const response = await request(backend.app).get('/v1/models');

    expect(response.status).toBe(401);
    expect(response.type).toBe('application/problem+json');
    expect(response.body).not.toHaveProperty('tokenLimits');
  });

  it("sends the organisation's system instruction to the provider as a system message", async () => {
    await save({ systemInstruction });

    const fill = await post('/v1/fills', tag('Write a one-line welcome.'), member);

    expect(fill.status).toBe(200);
    expect(fill.body.status).toBe('completed');
    const [sent] = provider.requests.filter((recorded) => recorded.path === '/v1/chat/completions');
    const body = sent?.body as ChatCompletionBody;
    expect(body.messages[0]).toEqual({ role: 'system', content: systemInstruction });
    expect(body.messages.at(-1)).toEqual({ role: 'user', content: 'Write a one-line welcome.' });
    expect(sent?.headers.authorization).toBe('Bearer sk-settings-key-1234');
  });

  describe('refuses settings it cannot apply, with a 400', () => {
    it.each([
      ['an alert threshold not below the critical one', { budgets: { alertThreshold: 0.95, criticalThreshold: 0.9 } }, /threshold/],
      ['equal alert and critical thresholds', { budgets: { alertThreshold: 0.9, criticalThreshold: 0.9 } }, /threshold/],
      ['an unknown field', { temperature: 0.2 }, /temperature/],
      ['a default model without its provider', { defaultModels: { simple: 'gpt-6-luna' } }, /provider:model/],
      ['an allowed model without its provider', { allowedModels: ['gpt-6-sol'] }, /provider:model/],
      [
        'a fallback model of an unknown provider',
        { fallbackModels: ['mistral:large'] },
        /^There is no provider "mistral" on this backend; choose one of openai, /,
      ],
      ['an allowed provider the backend does not have', { allowedProviders: ['open-ai'] }, /^There is no provider "open-ai"/],
      ['a provider id of the wrong shape', { allowedProviders: ['Open AI'] }, /lower-case letters, digits and -/],
      ['a negative cache time', { cacheTtlSeconds: -1 }, /cacheTtlSeconds/],
    ])('%s', async (_case, settings, detail) => {
      const before = await get('/v1/settings');

      const response = await put({ baseVersion: before.body.version, settings });

      expect(response.status).toBe(400);
      expect(response.type).toBe('application/problem+json');
      expect(response.body.detail).toMatch(detail);
      expect((await get('/v1/settings')).body).toEqual(before.body);
    });

    it('without a base version', async () => {
      const response = await put({ settings: {} });
      expect(response.status).toBe(400);
      expect(response.body.detail).toMatch(/baseVersion/);
    });
  });
});

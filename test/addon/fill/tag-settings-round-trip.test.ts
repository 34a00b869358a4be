import { templateContentSchema } from '../../../backend/src/templates/template-configuration';
import { documentFromSpec } from '../../../harness/fakes/document-service';
import {
  buildFillRequest,
  buildSaveInput,
  createPageState,
  draftsOf,
  isTemplateSettingsUnsaved,
  unsavedCount,
  updateConfiguration,
  updateTemplateCacheTtl,
} from '../../../addon/client/sidebar/state';
import { createBackendClient, type BackendModelList, type BackendTagConfiguration } from '../../../addon/src/backend/backend-client';
import type { HttpClient, HttpRequest, HttpResponse } from '../../../addon/src/backend/http-client';
import { prepareFill } from '../../../addon/src/fill/fill-request';
import { saveTemplate } from '../../../addon/src/fill/save-template';
import { sidebarState } from '../../../addon/src/fill/sidebar-state';

/**
 * Complexity and the token-limit justification, set through the API, survive the sidebar: load, drafts, save
 * and fill all carry them (and a model saved without its provider), against an in-memory backend.
 */
type Document = GoogleAppsScript.Document.Document;

const document = () =>
  documentFromSpec({
    name: 'Offer',
    body: [{ type: 'paragraph', runs: [{ text: '<<ai:intro>> <<ai:summary>>' }] }],
  }) as unknown as Document;

const storedByApi: Record<string, BackendTagConfiguration> = {
  intro: {
    prompt: 'Introduce the offer.',
    fields: [],
    outputFormat: 'markdown',
    useDocumentText: false,
    complexity: 'rare',
    maxOutputTokens: 9000,
    tokenLimitJustification: 'detailed-report',
  },
  summary: {
    prompt: 'Summarise.',
    fields: [],
    outputFormat: 'plain',
    useDocumentText: false,
    model: 'openai:gpt-4o',
    complexity: 'simple',
  },
};

const modelList: BackendModelList = {
  models: [
    {
      key: 'openai:gpt-4o',
      provider: 'openai',
      id: 'gpt-4o',
      displayName: 'GPT-4o',
      complexity: 'rare',
      contextWindow: 128_000,
      maxOutputTokens: 16_384,
      pricesPerMillionTokens: { input: 2.5, cachedInput: 1.25, output: 10 },
      lifecycle: 'current',
      deprecatedOn: null,
      shutsDownOn: null,
      replacement: null,
      temperature: { min: 0, max: 2 },
      allowed: true,
      connected: true,
    },
  ],
  defaults: { simple: 'openai:gpt-6-luna', medium: null, rare: 'openai:gpt-4o' },
  tokenLimits: { simple: { plain: 300, markdown: 400 }, medium: { plain: 1000, markdown: 1500 }, rare: { plain: 5000, markdown: 8000 } },
  tokenLimitJustifications: ['detailed-report', 'board-pack'],
  fallbackModels: [],
  retiringSoon: [],
  connections: [],
};

/** Answers like the backend: stores what a PUT sends, as its strict schema would accept it. */
function fakeBackend(options: { budgetLevel?: string; templateStatus?: number } = {}) {
  const log: string[] = [];
  const sent: Record<string, unknown>[] = [];
  let stored: { version: number; tags: Record<string, BackendTagConfiguration>; cacheTtlSeconds?: number } = {
    version: 1,
    tags: structuredClone(storedByApi),
  };
  const json = (status: number, body: unknown): HttpResponse => ({ status, body: JSON.stringify(body) });
  const answer = (request: HttpRequest): HttpResponse => {
    const path = new URL(request.url).pathname;
    const body = request.body === undefined ? undefined : (JSON.parse(request.body) as Record<string, unknown>);
    if (body) sent.push(body);
    if (path === '/v1/session')
      return json(200, {
        email: 'a@example.com',
        organisationId: 'o',
        role: 'member',
        budgetLevel: options.budgetLevel ?? 'normal',
        provider: { configured: true, id: 'openai', defaultModel: 'gpt-6-luna' },
      });
    if (path === '/v1/budget') return json(200, { level: options.budgetLevel, budgets: [] });
    if (path === '/v1/models') return json(200, modelList);
    if (path === '/v1/templates/doc-1' && request.method === 'get') {
      if (options.templateStatus) return json(options.templateStatus, { title: 'Not found', detail: 'No template.' });
      return json(200, {
        documentId: 'doc-1',
        templateId: 'doc-1',
        inherited: false,
        name: 'Offer',
        updatedAt: null,
        updatedBy: null,
        ...stored,
      });
    }
    if (path === '/v1/templates/doc-1' && request.method === 'put') {
      const save = body as { template: unknown };
      // The backend's own schema: a member it does not know, or a value it refuses, fails the save here too.
      const content = templateContentSchema.parse(save.template);
      stored = {
        version: stored.version + 1,
        tags: content.tags as Record<string, BackendTagConfiguration>,
        ...(content.cacheTtlSeconds === undefined ? {} : { cacheTtlSeconds: content.cacheTtlSeconds }),
      };
      return json(200, {
        documentId: 'doc-1',
        templateId: 'doc-1',
        inherited: false,
        name: 'Offer',
        updatedAt: null,
        updatedBy: null,
        ...stored,
      });
    }
    return json(404, { title: 'Not found', detail: path });
  };
  const http: HttpClient = {
    fetch(request) {
      log.push(`${request.method} ${new URL(request.url).pathname}`);
      return answer(request);
    },
    fetchAll(requests) {
      log.push(`together: ${requests.map((request) => `${request.method} ${new URL(request.url).pathname}`).join(', ')}`);
      return requests.map(answer);
    },
  };
  const client = createBackendClient({ baseUrl: 'https://backend.test', http, identityToken: () => 'token' });
  return { client, log, sent, stored: () => stored };
}

function openSidebar(backend: ReturnType<typeof fakeBackend>, drafts = {}) {
  const doc = document();
  Object.assign(doc, { getId: () => 'doc-1' });
  return { doc, state: sidebarState({ document: doc, backend: () => backend.client, fieldValues: {}, drafts }) };
}

describe('complexity and token-limit justification through the sidebar', () => {
  it('loads both settings (and a model saved without its provider) as the backend stored them', () => {
    const { state } = openSidebar(fakeBackend());
    expect(state.template.tags).toEqual(storedByApi);
  });

  it('saves them back unchanged when another setting is edited and saved', () => {
    const backend = fakeBackend();
    const { doc, state } = openSidebar(backend);
    const page = createPageState(state).state;
    updateConfiguration(page, 'intro', { prompt: 'Introduce the offer briefly.' });

    const outcome = saveTemplate(buildSaveInput(page), { document: doc, backend: backend.client });

    expect(outcome.status).toBe('saved');
    expect(backend.stored().tags).toEqual({
      intro: { ...storedByApi.intro, prompt: 'Introduce the offer briefly.' },
      summary: storedByApi.summary,
    });
    expect(openSidebar(backend).state.template.tags.intro).toMatchObject({
      complexity: 'rare',
      tokenLimitJustification: 'detailed-report',
    });
  });

  it('keeps them in drafts, and a restored draft brings them back', () => {
    const backend = fakeBackend();
    const page = createPageState(openSidebar(backend).state).state;
    updateConfiguration(page, 'summary', { complexity: 'medium', maxOutputTokens: 2000, tokenLimitJustification: 'board-pack' });

    const drafts = draftsOf(page);

    expect(drafts.summary).toMatchObject({
      model: 'openai:gpt-4o',
      complexity: 'medium',
      maxOutputTokens: 2000,
      tokenLimitJustification: 'board-pack',
    });
    const restored = createPageState(openSidebar(backend, drafts).state);
    expect(restored.restored).toEqual(['summary']);
    expect(restored.state.working.summary).toMatchObject({ complexity: 'medium', tokenLimitJustification: 'board-pack' });
  });

  it('sends them with a fill of unsaved edits', () => {
    const backend = fakeBackend();
    const { doc, state } = openSidebar(backend);
    const page = createPageState(state).state;
    updateConfiguration(page, 'intro', { complexity: 'simple', maxOutputTokens: 700, tokenLimitJustification: 'board-pack' });

    const { request } = prepareFill(buildFillRequest(page, { fillId: 'f-1', mode: 'write' }), doc, backend.client);

    expect(request.tags).toEqual([
      {
        name: 'intro',
        configuration: { ...storedByApi.intro, complexity: 'simple', maxOutputTokens: 700, tokenLimitJustification: 'board-pack' },
      },
      { name: 'summary' },
    ]);
  });

  it('reads session, template and models in one round trip and hands the sidebar the token policy', () => {
    const backend = fakeBackend();
    const { state } = openSidebar(backend);

    expect(backend.log).toEqual(['together: get /v1/session, get /v1/templates/doc-1, get /v1/models']);
    expect(state.tokenPolicy).toEqual({
      ceilings: modelList.tokenLimits,
      justifications: ['detailed-report', 'board-pack'],
      defaultModels: { simple: 'openai:gpt-6-luna', rare: 'openai:gpt-4o' },
    });
    expect(state.models).toEqual([{ provider: 'openai', model: 'gpt-4o', displayName: 'GPT-4o', complexity: 'rare' }]);
  });

  it('reads the budget afterwards only when it is not normal, and a never-saved template is version 0', () => {
    const backend = fakeBackend({ budgetLevel: 'alert', templateStatus: 404 });
    const { state } = openSidebar(backend);

    expect(backend.log).toEqual(['together: get /v1/session, get /v1/templates/doc-1, get /v1/models', 'get /v1/budget']);
    expect(state.template).toEqual({ version: 0, tags: {} });
    expect(state.backend).toMatchObject({ reachable: true, session: { budgetLevel: 'alert' } });
  });

  it('says the backend is unreachable, with no token policy, when the template read fails otherwise', () => {
    const { state } = openSidebar(fakeBackend({ templateStatus: 500 }));
    expect(state.backend).toEqual({ reachable: false, error: 'No template.' });
    expect(state).not.toHaveProperty('tokenPolicy');
  });
});

describe('cache lifetimes through the sidebar', () => {
  it("saves a tag's lifetime and the template's default, and loads both back", () => {
    const backend = fakeBackend();
    const { doc, state } = openSidebar(backend);
    const page = createPageState(state).state;
    updateConfiguration(page, 'summary', { cacheTtlSeconds: 0 });
    updateTemplateCacheTtl(page, 604_800);
    expect(isTemplateSettingsUnsaved(page)).toBe(true);
    expect(unsavedCount(page)).toBe(2);

    expect(saveTemplate(buildSaveInput(page), { document: doc, backend: backend.client }).status).toBe('saved');

    expect(backend.stored()).toMatchObject({ cacheTtlSeconds: 604_800, tags: { summary: { ...storedByApi.summary, cacheTtlSeconds: 0 } } });
    expect(backend.stored().tags.intro).not.toHaveProperty('cacheTtlSeconds');
    const reopened = createPageState(openSidebar(backend).state).state;
    expect(reopened.template.cacheTtlSeconds).toBe(604_800);
    expect(reopened.workingTemplate).toEqual({ cacheTtlSeconds: 604_800 });
    expect(reopened.working.summary).toMatchObject({ cacheTtlSeconds: 0 });
    expect(unsavedCount(reopened)).toBe(0);
  });

  it("sends an unsaved tag lifetime with the fill, and going back to the template's default drops it", () => {
    const backend = fakeBackend();
    const { doc, state } = openSidebar(backend);
    const page = createPageState(state).state;
    updateConfiguration(page, 'intro', { cacheTtlSeconds: 3600 });
    const { request } = prepareFill(buildFillRequest(page, { fillId: 'f-2', mode: 'write' }), doc, backend.client);
    expect(request.tags[0]).toEqual({ name: 'intro', configuration: { ...storedByApi.intro, cacheTtlSeconds: 3600 } });

    updateConfiguration(page, 'intro', { cacheTtlSeconds: undefined });
    expect(unsavedCount(page)).toBe(0);
  });
});

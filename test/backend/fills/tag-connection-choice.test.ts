import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { parse, stringify } from 'yaml';
import { startAnthropicServer, startOpenAIServer, type ProviderServer } from '../../../harness/provider-servers';
import { developmentBearer, startTestBackend, type TestBackend } from '../../support/test-backend';

/**
 * A template author picks which of the organisation's connections to one provider a tag uses (two
 * OpenAI-compatible servers): checked on save, sent to that connection's server, carried by configuration
 * export and import, and named by the pre-run check once the connection is gone.
 */

jest.setTimeout(60_000);

const owner = developmentBearer({ sub: '7301', email: 'owner@choice.example', hd: 'choice.example' });
const completions = (server: ProviderServer) => server.requests.filter((recorded) => recorded.path === '/v1/chat/completions');

describe('a connection chosen per tag', () => {
  let serverA: ProviderServer;
  let serverB: ProviderServer;
  let anthropic: ProviderServer;
  let backend: TestBackend;
  let connectionA: string;
  let connectionB: string;
  let anthropicConnection: string;
  const api = () => request(backend.app);

  const addConnection = async (body: object) => {
    const response = await api().post('/v1/connections').set('authorization', owner).send(body);
    expect(response.status).toBe(201);
    return response.body.id as string;
  };

  beforeAll(async () => {
    [serverA, serverB, anthropic] = await Promise.all([startOpenAIServer(), startOpenAIServer(), startAnthropicServer()]);
    backend = await startTestBackend({ AI_REQUEST_TIMEOUT_MS: '5000', AI_RETRY_BASE_DELAY_MS: '1', FIRESTORE_DEADLINE_MS: '20000' });
    connectionA = await addConnection({
      provider: 'openai',
      name: 'Server A',
      apiKey: 'sk-server-a-key',
      baseUrl: serverA.baseUrl,
      defaultModel: 'gpt-6-luna',
    });
    connectionB = await addConnection({
      provider: 'openai',
      name: 'Server B',
      apiKey: 'sk-server-b-key',
      baseUrl: serverB.baseUrl,
      defaultModel: 'gpt-6-luna',
    });
    anthropicConnection = await addConnection({
      provider: 'anthropic',
      name: 'Claude',
      apiKey: 'sk-ant-choice-key',
      baseUrl: anthropic.baseUrl,
    });
  });
  afterEach(() => {
    serverA.reset();
    serverB.reset();
    anthropic.reset();
  });
  afterAll(async () => {
    await backend?.close();
    await Promise.all([serverA?.close(), serverB?.close(), anthropic?.close()]);
  });

  const save = (documentId: string, tag: object, baseVersion = 0) =>
    api()
      .put(`/v1/templates/${documentId}`)
      .set('authorization', owner)
      .send({ baseVersion, template: { tags: { intro: { prompt: 'Write the introduction.', ...tag } } } });
  const fill = (documentId: string) =>
    api()
      .post('/v1/fills')
      .set('authorization', owner)
      .send({ fillId: randomUUID(), documentId, tags: [{ name: 'intro' }] });

  it('lists the connections a tag may choose, ids and names only', async () => {
    const models = await api().get('/v1/models').set('authorization', owner);
    expect(models.status).toBe(200);
    expect(models.body.connections).toEqual([
      { id: connectionA, provider: 'openai', name: 'Server A' },
      { id: connectionB, provider: 'openai', name: 'Server B' },
      { id: anthropicConnection, provider: 'anthropic', name: 'Claude' },
    ]);
    expect(JSON.stringify(models.body)).not.toContain('sk-server');
  });

  it("refuses a connection of another provider, naming the tag and the provider's connections", async () => {
    const refused = await save('choice-refused', { provider: 'openai', model: 'gpt-6-luna', connectionId: anthropicConnection });
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toBe(
      `ai:intro: the connection ${anthropicConnection} is not one of your organisation's openai connections; choose one of "Server A" (${connectionA}), "Server B" (${connectionB}), or leave it out for the first one.`,
    );
    const unknown = await save('choice-refused', { provider: 'openai', model: 'gpt-6-luna', connectionId: 'no-such-connection' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.detail).toContain('ai:intro: the connection no-such-connection is not one of');
    expect((await api().get('/v1/templates/choice-refused').set('authorization', owner)).status).toBe(404);
  });

  it("sends the tag to its chosen connection's server, and a tag without a choice to the provider's first", async () => {
    expect((await save('choice-b', { provider: 'openai', model: 'gpt-6-luna', connectionId: connectionB })).status).toBe(200);
    const filled = await fill('choice-b');
    expect(filled.body.results[0]).toMatchObject({ status: 'generated', model: 'gpt-6-luna' });
    expect(completions(serverB)).toHaveLength(1);
    expect(completions(serverB)[0]?.headers.authorization).toBe('Bearer sk-server-b-key');
    expect(completions(serverA)).toHaveLength(0);

    expect((await save('choice-default', { provider: 'openai', model: 'gpt-6-luna' })).status).toBe(200);
    await fill('choice-default');
    expect(completions(serverA)).toHaveLength(1);
    expect(completions(serverB)).toHaveLength(1);
  });

  it('carries the choice through configuration export and import, and refuses a file naming a connection the organisation lacks', async () => {
    expect((await save('choice-export', { provider: 'openai', model: 'gpt-6-luna', connectionId: connectionB })).status).toBe(200);
    const exported = await api().get('/v1/configuration').set('authorization', owner);
    const file = parse(exported.body.yaml);
    expect(file.templates['choice-export'].tags.intro.connectionId).toBe(connectionB);

    file.templates['choice-export'].tags.intro.connectionId = connectionA;
    const dryRun = await api()
      .post('/v1/configuration/import')
      .set('authorization', owner)
      .send({ yaml: stringify(file), dryRun: true });
    expect(dryRun.body.problems).toEqual([]);
    expect(dryRun.body.changes).toContainEqual({
      section: 'templates',
      path: 'templates.choice-export.tags.intro.connectionId',
      change: 'changed',
      before: `"${connectionB}"`,
      after: `"${connectionA}"`,
    });

    file.templates['choice-export'].tags.intro.connectionId = 'gone-connection';
    const refused = await api()
      .post('/v1/configuration/import')
      .set('authorization', owner)
      .send({ yaml: stringify(file), dryRun: false });
    expect(refused.status).toBe(400);
    expect(refused.body.problems).toContainEqual(
      expect.stringContaining('templates.choice-export: ai:intro: the connection gone-connection is not one of'),
    );
  });

  it('names the tag in the pre-run check once its connection is deleted, and calls no server', async () => {
    const doomed = await addConnection({
      provider: 'openai',
      name: 'Server C',
      apiKey: 'sk-server-c-key',
      baseUrl: serverB.baseUrl,
      defaultModel: 'gpt-6-luna',
    });
    expect((await save('choice-deleted', { provider: 'openai', model: 'gpt-6-luna', connectionId: doomed })).status).toBe(200);
    expect((await api().delete(`/v1/connections/${doomed}`).set('authorization', owner)).status).toBe(204);

    const checked = await api()
      .post('/v1/fills/check')
      .set('authorization', owner)
      .send({ documentId: 'choice-deleted', tags: [{ name: 'intro' }] });
    expect(checked.status).toBe(200);
    expect(checked.body.ready).toBe(false);
    expect(checked.body.problems).toContainEqual({
      tag: 'intro',
      code: 'connection_missing',
      message: `ai:intro uses the connection ${doomed}, which is not one of your organisation's openai connections (deleted, turned off or of another provider); choose another connection for the tag in the sidebar, or ask an admin to add it again.`,
    });
    const filled = await fill('choice-deleted');
    expect(filled.status).toBe(422);
    expect(completions(serverA)).toHaveLength(0);
    expect(completions(serverB)).toHaveLength(0);
  });
});

import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { startOpenAIServer, type ProviderServer } from '../../../harness/provider-servers';
import { composeApp, type ComposedApp } from '../../../backend/src/compose-app';
import { loadConfig } from '../../../backend/src/platform/config';
import { createLogger } from '../../../backend/src/platform/logger';
import { developmentBearer, startTestBackend, type TestBackend } from '../../support/test-backend';

/**
 * A fill stopped by a restart (SIGTERM past the grace period) is recorded as interrupted with the tags it
 * had generated. Filling again with `resumeOf` keeps those texts instead of paying for them twice, but only
 * where nothing they depend on changed (prompt, model, settings, field values).
 */

jest.setTimeout(60_000);

const owner = developmentBearer({ sub: 'resume-owner', email: 'owner@resume.example', hd: 'resume.example' });
const member = developmentBearer({ sub: 'resume-member', email: 'member@resume.example', hd: 'resume.example' });
const outsider = developmentBearer({ sub: 'resume-owner', email: 'owner@elsewhere.example', hd: 'elsewhere.example' });

describe('resuming a fill that stopped', () => {
  let provider: ProviderServer;
  let backend: TestBackend;
  const environment = {
    OPENAI_API_KEY: 'sk-test-resume',
    OPENAI_DEFAULT_MODEL: 'gpt-6-luna',
    AI_RETRY_BASE_DELAY_MS: '1',
    FILL_CONCURRENCY: '1',
    SHUTDOWN_GRACE_MS: '4000',
  };
  const instance = (): ComposedApp =>
    composeApp(
      loadConfig({ AUTH_MODE: 'development', LOG_LEVEL: 'silent', ...environment, OPENAI_BASE_URL: provider.baseUrl }),
      backend.firestore.firestore,
      createLogger({ level: 'silent' }),
    );

  beforeAll(async () => {
    provider = await startOpenAIServer();
    backend = await startTestBackend({ ...environment, OPENAI_BASE_URL: provider.baseUrl });
    for (const bearer of [owner, member])
      expect((await request(backend.app).get('/v1/templates').set('authorization', bearer)).status).toBe(200);
  });
  afterEach(() => provider.reset());
  afterAll(async () => {
    await backend?.close();
    await provider?.close();
  });

  const tags = (introPrompt = 'Write the intro for {{client}}.') => [
    { name: 'intro', configuration: { prompt: introPrompt } },
    { name: 'outro', configuration: { prompt: 'Write the outro for {{client}}.' } },
  ];
  const completions = () => provider.requests.filter((recorded) => recorded.path === '/v1/chat/completions');

  /** Runs a fill on an instance that is stopped while the second tag waits on the provider. */
  const interruptedFill = async () => {
    const stopping = instance();
    provider.enqueue({ kind: 'reply' }, { kind: 'hang' });
    const fillId = randomUUID();
    const started = await request(stopping.app)
      .post('/v1/fills')
      .set('authorization', owner)
      .send({ fillId, waitSeconds: 1, documentId: 'resume-doc', fieldValues: { client: 'Acme' }, tags: tags() });
    expect(started.status).toBe(202);
    await stopping.close();
    const recorded = await request(backend.app).get(`/v1/fills/${fillId}`).set('authorization', owner);
    expect(recorded.body).toMatchObject({ fillId, status: 'aborted', abort: { code: 'interrupted' } });
    expect(recorded.body.results.map((result: { tag: string; status: string }) => [result.tag, result.status])).toEqual([
      ['intro', 'generated'],
      ['outro', 'failed'],
    ]);
    provider.reset();
    return { fillId, introText: recorded.body.results[0].text as string };
  };

  it('keeps the tags already generated and generates only the rest', async () => {
    const { fillId, introText } = await interruptedFill();
    const resumed = await request(backend.app)
      .post('/v1/fills')
      .set('authorization', owner)
      .send({ resumeOf: fillId, documentId: 'resume-doc', fieldValues: { client: 'Acme' }, tags: tags() });

    expect(resumed.status).toBe(200);
    expect(resumed.body.status).toBe('completed');
    const [intro, outro] = resumed.body.results;
    expect(intro).toMatchObject({ tag: 'intro', status: 'generated', text: introText, cost: 0, cached: true });
    expect(intro.warnings).toContain('Kept from the fill that stopped: not generated, or paid for, again.');
    expect(outro).toMatchObject({ tag: 'outro', status: 'generated', text: 'Generated for: Write the outro for Acme.' });
    // Only the tag that was missing reached the provider.
    expect(completions().map((sent) => (sent.body as { messages: Array<{ content: string }> }).messages.at(-1)?.content)).toEqual([
      'Write the outro for Acme.',
    ]);
  });

  it('generates again a tag whose prompt or fields changed since', async () => {
    const { fillId } = await interruptedFill();
    const resumed = await request(backend.app)
      .post('/v1/fills')
      .set('authorization', owner)
      .send({ resumeOf: fillId, documentId: 'resume-doc', fieldValues: { client: 'Globex' }, tags: tags() });
    expect(resumed.body.status).toBe('completed');
    expect(resumed.body.results.map((result: { text: string }) => result.text)).toEqual([
      'Generated for: Write the intro for Globex.',
      'Generated for: Write the outro for Globex.',
    ]);
    expect(completions()).toHaveLength(2);

    const edited = await request(backend.app)
      .post('/v1/fills')
      .set('authorization', owner)
      .send({
        resumeOf: fillId,
        documentId: 'resume-doc',
        fieldValues: { client: 'Acme' },
        tags: tags('Write a short intro for {{client}}.'),
      });
    expect(edited.body.results[0]).toMatchObject({ tag: 'intro', text: 'Generated for: Write a short intro for Acme.' });
    expect(edited.body.results[0].warnings).not.toContain('Kept from the fill that stopped: not generated, or paid for, again.');
  });

  it('refuses to resume a fill that is not yours, that finished, or that was of another document', async () => {
    const { fillId } = await interruptedFill();
    const send = (bearer: string, body: object) =>
      request(backend.app)
        .post('/v1/fills')
        .set('authorization', bearer)
        .send({ fieldValues: { client: 'Acme' }, tags: tags(), ...body });

    const someoneElses = await send(member, { resumeOf: fillId, documentId: 'resume-doc' });
    expect(someoneElses.status).toBe(404);
    // Another organisation, even with the same user id, finds nothing either.
    expect((await request(backend.app).get('/v1/templates').set('authorization', outsider)).status).toBe(200);
    expect((await send(outsider, { resumeOf: fillId, documentId: 'resume-doc' })).status).toBe(404);
    const otherDocument = await send(owner, { resumeOf: fillId, documentId: 'another-doc' });
    expect(otherDocument.status).toBe(400);
    expect(otherDocument.body.detail).toMatch(/another document/);
    // The refusals called no model.
    expect(completions()).toHaveLength(0);

    const finished = await send(owner, { documentId: 'resume-doc' });
    expect(finished.body.status).toBe('completed');
    const notStopped = await send(owner, { resumeOf: finished.body.fillId, documentId: 'resume-doc' });
    expect(notStopped.status).toBe(409);
    expect(notStopped.body.detail).toMatch(/nothing to resume/);
  });
});

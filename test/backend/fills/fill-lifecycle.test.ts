import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { startOpenAIServer, type ProviderServer } from '../../../harness/provider-servers';
import { developmentBearer, startTestBackend, type TestBackend } from '../../support/test-backend';

interface ChatCompletionBody {
  model: string;
  messages: Array<{ role: string; content: string }>;
  temperature?: number;
}

interface TagResultBody {
  tag: string;
  status: string;
  text: string;
  cached?: boolean;
}

const organisation = 'domain:fills.example';
const owner = developmentBearer({ sub: 'fill-owner', email: 'owner@fills.example', hd: 'fills.example' });
const member = developmentBearer({ sub: 'fill-member', email: 'member@fills.example', hd: 'fills.example' });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the life of a fill: templates, progress, history, feedback and regeneration', () => {
  let provider: ProviderServer;
  let backend: TestBackend;

  beforeAll(async () => {
    provider = await startOpenAIServer();
    backend = await startTestBackend({
      OPENAI_API_KEY: 'sk-test-lifecycle',
      OPENAI_BASE_URL: provider.baseUrl,
      OPENAI_DEFAULT_MODEL: 'gpt-6-luna',
      AI_REQUEST_TIMEOUT_MS: '10000',
      AI_RETRY_BASE_DELAY_MS: '1',
    });
    // The first user of an organisation becomes its owner, the next one a member.
    expect((await request(backend.app).get('/v1/templates').set('authorization', owner)).status).toBe(200);
    expect((await request(backend.app).get('/v1/templates').set('authorization', member)).status).toBe(200);
  });
  afterEach(() => provider.reset());
  afterAll(async () => {
    await backend?.close();
    await provider?.close();
  });

  const fill = (body: object, bearer = owner) => request(backend.app).post('/v1/fills').set('authorization', bearer).send(body);
  const check = (body: object, bearer = owner) => request(backend.app).post('/v1/fills/check').set('authorization', bearer).send(body);
  const getFill = (fillId: string, bearer = owner) => request(backend.app).get(`/v1/fills/${fillId}`).set('authorization', bearer);
  const saveTemplate = async (documentId: string, tags: Record<string, object>, baseVersion = 0) => {
    const response = await request(backend.app)
      .put(`/v1/templates/${documentId}`)
      .set('authorization', owner)
      .send({ baseVersion, template: { name: documentId, tags } });
    expect(response.status).toBe(200);
  };
  const completionRequests = () => provider.requests.filter((recorded) => recorded.path === '/v1/chat/completions');
  const lastUserMessages = () => completionRequests().map((sent) => (sent.body as ChatCompletionBody).messages.at(-1));
  const execution = async (fillId: string) =>
    (await backend.firestore.firestore.doc(`orgs/${organisation}/executions/${fillId}`).get()).data();
  const templateDocument = async (documentId: string) =>
    (await backend.firestore.firestore.doc(`orgs/${organisation}/templates/${documentId}`).get()).data();

  describe('a fill of a saved template', () => {
    it('uses the stored prompt and records the template and its version on the execution', async () => {
      await saveTemplate('stored-doc', { intro: { prompt: 'Greet {{client}} warmly (stored v1).', temperature: 0.2 } });
      await saveTemplate('stored-doc', { intro: { prompt: 'Greet {{client}} warmly (stored v2).', temperature: 0.2 } }, 1);

      const response = await fill({
        documentId: 'stored-doc',
        documentName: 'Stored',
        fieldValues: { client: 'Acme' },
        tags: [{ name: 'intro' }],
      });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        status: 'completed',
        results: [{ tag: 'intro', status: 'generated', text: 'Generated for: Greet Acme warmly (stored v2).', cached: false }],
        totals: { tags: 1, generated: 1, failed: 0 },
      });
      expect(lastUserMessages()).toEqual([{ role: 'user', content: 'Greet Acme warmly (stored v2).' }]);
      expect((completionRequests()[0]?.body as ChatCompletionBody).temperature).toBe(0.2);

      expect(await execution(response.body.fillId)).toMatchObject({
        fillId: response.body.fillId,
        userId: 'fill-owner',
        userEmail: 'owner@fills.example',
        documentId: 'stored-doc',
        documentName: 'Stored',
        templateId: 'stored-doc',
        templateVersion: 2,
        status: 'completed',
        tags: [{ tag: 'intro', status: 'generated', cached: false, provider: 'openai-compatible', model: 'gpt-6-luna' }],
      });
    });

    it('prefers an unsaved configuration sent with the request (a preview) to the stored one', async () => {
      await saveTemplate('preview-doc', { intro: { prompt: 'Stored preview prompt.' } });
      const response = await fill({
        documentId: 'preview-doc',
        tags: [{ name: 'intro', configuration: { prompt: 'Edited preview prompt.' } }],
      });
      expect(response.status).toBe(200);
      expect(lastUserMessages()).toEqual([{ role: 'user', content: 'Edited preview prompt.' }]);
      expect(await execution(response.body.fillId)).toMatchObject({ templateId: 'preview-doc', templateVersion: 1 });
    });

    it('counts a completed fill as one use of the template and sets lastUsedAt', async () => {
      await saveTemplate('usage-doc', { intro: { prompt: 'Count my use.' } });
      const before = await request(backend.app).get('/v1/templates/usage-doc').set('authorization', owner);
      expect(before.body).toMatchObject({ usageCount: 0, lastUsedAt: null });

      const startedAround = Date.now();
      const response = await fill({ documentId: 'usage-doc', tags: [{ name: 'intro' }] });
      expect(response.body.status).toBe('completed');

      const after = await request(backend.app).get('/v1/templates/usage-doc').set('authorization', owner);
      expect(after.status).toBe(200);
      expect(after.body.usageCount).toBe(1);
      expect(after.body.lastUsedAt).not.toBeNull();
      expect(Math.abs(Date.parse(after.body.lastUsedAt) - startedAround)).toBeLessThan(10_000);
      // The usage counters sit beside the configuration, which stays as saved.
      expect(after.body).toMatchObject({ version: 1, tags: { intro: { prompt: 'Count my use.' } } });
    });

    it('counts a fill of a copy as a use of its source template', async () => {
      await saveTemplate('copy-source-doc', { intro: { prompt: 'Intro from the source template.' } });
      const linked = await request(backend.app)
        .post('/v1/templates/copy-source-doc/copies')
        .set('authorization', owner)
        .send({ copyDocumentId: 'copy-doc' });
      expect(linked.status).toBe(201);

      const response = await fill({ documentId: 'copy-doc', tags: [{ name: 'intro' }] });
      expect(response.status).toBe(200);
      expect(response.body.status).toBe('completed');
      expect(lastUserMessages()).toEqual([{ role: 'user', content: 'Intro from the source template.' }]);
      expect(await execution(response.body.fillId)).toMatchObject({
        documentId: 'copy-doc',
        templateId: 'copy-source-doc',
        templateVersion: 1,
      });

      const source = await request(backend.app).get('/v1/templates/copy-source-doc').set('authorization', owner);
      expect(source.body.usageCount).toBe(1);
      expect(source.body.lastUsedAt).not.toBeNull();
      expect(await templateDocument('copy-source-doc')).toMatchObject({ usageCount: 1 });
      expect(await templateDocument('copy-doc')).toMatchObject({ usageCount: 0, copiedFrom: 'copy-source-doc' });
    });
  });

  describe('POST /v1/fills/check', () => {
    it('lists every problem at once without calling a model, and says ready when there is none', async () => {
      await saveTemplate('check-doc', { intro: { prompt: 'Write to {{name}} at {{company}}.' }, outro: { prompt: 'Sign off.' } });

      const problems = await check({
        documentId: 'check-doc',
        fieldValues: { name: 'Ana' },
        tags: [{ name: 'intro' }, { name: 'outro' }, { name: 'outro' }, { name: 'ghost' }],
      });
      expect(problems.status).toBe(200);
      expect(problems.body.ready).toBe(false);
      expect(problems.body.problems.map((problem: { tag: string; code: string }) => `${problem.tag}:${problem.code}`)).toEqual([
        'intro:missing_field',
        'outro:duplicate_tag',
        'ghost:unconfigured_tag',
      ]);
      expect(problems.body.problems[0].message).toContain('{{company}}');
      for (const problem of problems.body.problems) expect(problem.message.length).toBeGreaterThan(0);

      const ready = await check({
        documentId: 'check-doc',
        fieldValues: { name: 'Ana', company: 'Acme' },
        tags: [{ name: 'intro' }, { name: 'outro' }],
      });
      expect(ready.status).toBe(200);
      expect(ready.body).toEqual({ ready: true, problems: [] });

      expect(completionRequests()).toHaveLength(0);
      const executions = await backend.firestore.firestore
        .collection(`orgs/${organisation}/executions`)
        .where('documentId', '==', 'check-doc')
        .get();
      expect(executions.size).toBe(0);
    });
  });

  describe('a client-chosen fill id', () => {
    const fillId = randomUUID();

    it('can be polled while the fill runs, then shows the finished execution with totals', async () => {
      // One tag answers at once, the other takes a while: the poll sees a fill half done.
      provider.enqueue({ kind: 'reply', latencyMs: 0 }, { kind: 'reply', latencyMs: 1500 });
      expect((await getFill(fillId)).status).toBe(404);

      const running = fill({
        fillId,
        documentId: 'progress-doc',
        tags: [
          { name: 'fast', configuration: { prompt: 'Progress fast tag.' } },
          { name: 'slow', configuration: { prompt: 'Progress slow tag.' } },
        ],
      }).then((response) => response);

      const seen: Array<{ status: string; finished: number; tags: Record<string, string> }> = [];
      let halfDone: { status: string; total: number; finished: number; tags: Record<string, string> } | undefined;
      let otherUserPoll: number | undefined;
      const deadline = Date.now() + 5000;
      while (!halfDone && Date.now() < deadline) {
        const poll = await getFill(fillId);
        if (poll.status === 200 && poll.body.status === 'running') {
          seen.push(poll.body);
          if (otherUserPoll === undefined) otherUserPoll = (await getFill(fillId, member)).status;
          if (poll.body.finished === 1) halfDone = poll.body;
        }
        await sleep(20);
      }
      expect(halfDone).toMatchObject({ fillId, status: 'running', total: 2, finished: 1 });
      expect(Object.keys(halfDone?.tags ?? {}).sort()).toEqual(['fast', 'slow']);
      expect(Object.values(halfDone?.tags ?? {}).sort()).toEqual(['generated', 'pending']);
      // Only the user who started a fill sees its progress.
      expect(otherUserPoll).toBe(404);

      const response = await running;
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ fillId, status: 'completed', totals: { tags: 2, generated: 2 } });

      const finished = await getFill(fillId);
      expect(finished.status).toBe(200);
      expect(finished.body).toMatchObject({
        fillId,
        documentId: 'progress-doc',
        userId: 'fill-owner',
        totals: { tags: 2, generated: 2, failed: 0 },
      });
      expect(finished.body.tags.map((tag: { tag: string; status: string }) => `${tag.tag}:${tag.status}`).sort()).toEqual([
        'fast:generated',
        'slow:generated',
      ]);
      // Polls say running while the fill runs, then the fill's own outcome.
      expect(finished.body.status).toBe('completed');
    });

    it('refuses the same fill id with 409 while the first fill with it is still running', async () => {
      const concurrentId = randomUUID();
      provider.enqueue({ kind: 'reply', latencyMs: 800 }, { kind: 'reply', latencyMs: 800 });
      const body = {
        fillId: concurrentId,
        documentId: 'concurrent-doc',
        tags: [{ name: 'intro', configuration: { prompt: 'Concurrent fill id prompt.' } }],
      };
      const first = fill(body).then((response) => response);
      const deadline = Date.now() + 5000;
      while (Date.now() < deadline && (await getFill(concurrentId)).body.status !== 'running') await sleep(10);

      const second = await fill(body);
      const firstResponse = await first;
      expect(firstResponse.status).toBe(200);
      expect(firstResponse.body).toMatchObject({ fillId: concurrentId, status: 'completed' });
      expect(second.status).toBe(409);
      // The second request must not reach (and pay) the provider for an answer that is thrown away.
      expect(completionRequests()).toHaveLength(1);
    });

    it('refuses the same fill id a second time with 409 and calls no model', async () => {
      expect(await execution(fillId)).toBeDefined();
      const again = await fill({
        fillId,
        documentId: 'progress-doc',
        tags: [{ name: 'fast', configuration: { prompt: 'A different prompt for a reused id.' } }],
      });
      expect(again.status).toBe(409);
      expect(again.body.detail).toContain(fillId);
      expect(completionRequests()).toHaveLength(0);
      expect(await execution(fillId)).toMatchObject({ documentId: 'progress-doc', totals: { tags: 2 } });
    });
  });

  describe('GET /v1/fills', () => {
    it("lists the caller's own fills newest first, a page at a time with `next`", async () => {
      const memberFills: string[] = [];
      for (let index = 0; index < 3; index += 1) {
        const response = await fill(
          { documentId: 'history-doc', tags: [{ name: 'intro', configuration: { prompt: `History fill ${index}.` } }] },
          member,
        );
        expect(response.status).toBe(200);
        memberFills.push(response.body.fillId);
        await sleep(5);
      }
      const newestFirst = [...memberFills].reverse();

      const seen: string[] = [];
      let after: string | undefined;
      let pages = 0;
      do {
        const page = await request(backend.app)
          .get('/v1/fills')
          .query({ limit: 2, ...(after ? { after } : {}) })
          .set('authorization', member);
        expect(page.status).toBe(200);
        expect(page.body.executions.length).toBeLessThanOrEqual(2);
        for (const stored of page.body.executions) {
          expect(stored.userId).toBe('fill-member');
          expect(stored).not.toHaveProperty('sortKey');
          seen.push(stored.fillId);
        }
        after = page.body.next;
        pages += 1;
      } while (after && pages < 10);
      expect(seen).toEqual(newestFirst);
      expect(pages).toBe(2);

      const startedAt = (await request(backend.app).get('/v1/fills').set('authorization', member)).body.executions.map(
        (stored: { startedAt: string }) => Date.parse(stored.startedAt),
      );
      expect(startedAt).toEqual([...startedAt].sort((left, right) => right - left));
    });

    it('shows the whole organisation only to an admin', async () => {
      const forbidden = await request(backend.app).get('/v1/fills?scope=organisation').set('authorization', member);
      expect(forbidden.status).toBe(403);
      const all = await request(backend.app).get('/v1/fills?scope=organisation&limit=200').set('authorization', owner);
      expect(all.status).toBe(200);
      const users = new Set(all.body.executions.map((stored: { userId: string }) => stored.userId));
      expect(users).toEqual(new Set(['fill-owner', 'fill-member']));
    });
  });

  describe('feedback', () => {
    let fillId: string;
    beforeAll(async () => {
      const response = await fill({
        documentId: 'feedback-doc',
        tags: [{ name: 'intro', configuration: { prompt: 'Something to rate.' } }],
      });
      expect(response.status).toBe(200);
      fillId = response.body.fillId;
    });

    it('records a rating with its comment, and the fill it judges', async () => {
      const response = await request(backend.app)
        .put(`/v1/fills/${fillId}/feedback/intro`)
        .set('authorization', owner)
        .send({ rating: 'up', comment: '  Just right.  ' });
      expect(response.status).toBe(204);
      const stored = await backend.firestore.firestore.doc(`orgs/${organisation}/tagFeedback/${fillId}:intro`).get();
      expect(stored.data()).toMatchObject({
        fillId,
        tag: 'intro',
        rating: 'up',
        comment: 'Just right.',
        userId: 'fill-owner',
        ratedBy: 'fill-owner',
        templateId: null,
        provider: 'openai-compatible',
        model: 'gpt-6-luna',
        day: (await execution(fillId))?.startedAt.toDate().toISOString().slice(0, 10),
      });

      const replaced = await request(backend.app)
        .put(`/v1/fills/${fillId}/feedback/intro`)
        .set('authorization', owner)
        .send({ rating: 'down' });
      expect(replaced.status).toBe(204);
      expect((await backend.firestore.firestore.doc(`orgs/${organisation}/tagFeedback/${fillId}:intro`).get()).data()).toMatchObject({
        rating: 'down',
        comment: null,
      });
    });

    it('answers 404 for a tag the fill does not have', async () => {
      const response = await request(backend.app)
        .put(`/v1/fills/${fillId}/feedback/outro`)
        .set('authorization', owner)
        .send({ rating: 'up' });
      expect(response.status).toBe(404);
      expect((await backend.firestore.firestore.doc(`orgs/${organisation}/tagFeedback/${fillId}:outro`).get()).exists).toBe(false);
    });

    it("answers 404 to a member for someone else's fill, both for feedback and for reading it", async () => {
      const feedback = await request(backend.app)
        .put(`/v1/fills/${fillId}/feedback/intro`)
        .set('authorization', member)
        .send({ rating: 'down', comment: 'Not mine.' });
      expect(feedback.status).toBe(404);
      expect((await getFill(fillId, member)).status).toBe(404);
      expect((await backend.firestore.firestore.doc(`orgs/${organisation}/tagFeedback/${fillId}:intro`).get()).data()).toMatchObject({
        ratedBy: 'fill-owner',
        rating: 'down',
      });
    });

    it('answers 404 for an unknown fill and 400 for an invalid rating', async () => {
      expect(
        (await request(backend.app).put(`/v1/fills/${randomUUID()}/feedback/intro`).set('authorization', owner).send({ rating: 'up' }))
          .status,
      ).toBe(404);
      expect(
        (await request(backend.app).put(`/v1/fills/${fillId}/feedback/intro`).set('authorization', owner).send({ rating: 'meh' })).status,
      ).toBe(400);
    });
  });

  describe('regeneration', () => {
    it('answers a repeated tag from the cache, and calls the model again when asked to regenerate', async () => {
      const tag = { name: 'intro', configuration: { prompt: 'A paragraph worth caching.' } };
      const first = await fill({ documentId: 'regen-doc', tags: [tag] });
      expect(first.body.results[0]).toMatchObject({ status: 'generated', cached: false });
      expect(completionRequests()).toHaveLength(1);

      const repeat = await fill({ documentId: 'regen-doc', tags: [tag] });
      expect(repeat.body.results[0]).toMatchObject({ status: 'generated', cached: true, text: first.body.results[0].text });
      expect(repeat.body.totals.cached).toBe(1);
      expect(completionRequests()).toHaveLength(1);

      const regenerated = await fill({ documentId: 'regen-doc', regenerateOf: first.body.fillId, tags: [{ ...tag, regenerate: true }] });
      expect(regenerated.status).toBe(200);
      expect((regenerated.body.results as TagResultBody[])[0]).toMatchObject({ status: 'generated', cached: false });
      expect(regenerated.body.totals.cached).toBe(0);
      expect(completionRequests()).toHaveLength(2);
      expect(lastUserMessages().at(-1)).toEqual({ role: 'user', content: 'A paragraph worth caching.' });
      expect(await execution(regenerated.body.fillId)).toMatchObject({
        regenerateOf: first.body.fillId,
        tags: [{ tag: 'intro', cached: false }],
      });
      expect(await execution(repeat.body.fillId)).toMatchObject({ tags: [{ tag: 'intro', cached: true }] });
    });
  });
});

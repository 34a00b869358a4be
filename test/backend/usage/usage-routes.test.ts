import request from 'supertest';
import { startOpenAIServer, type ProviderServer } from '../../../harness/provider-servers';
import { developmentBearer, startTestBackend, type TestBackend } from '../../support/test-backend';

interface Row {
  key: string;
  requests: number;
  attempts: number;
  cachedRequests: number;
  costUsd: number;
  costNanoDollars: number;
  cacheHitRate: number;
}

interface UsageRecordBody {
  id: string;
  userId: string;
  templateId: string | null;
  fillId: string | null;
  tag: string | null;
  requestId: string;
  cached: boolean;
  status: string;
  createdAt: string;
  sortKey: string;
  day: string;
}

const owner = developmentBearer({ sub: 'usage-owner', email: 'owner@usage-a.example', hd: 'usage-a.example' });
const member = developmentBearer({ sub: 'usage-member', email: 'member@usage-a.example', hd: 'usage-a.example' });
const outsider = developmentBearer({ sub: 'usage-outsider', email: 'someone@usage-b.example', hd: 'usage-b.example' });

const today = new Date().toISOString().slice(0, 10);
const period = { from: today, to: today };

describe('/v1/usage: summaries, records and CSV export of real fills', () => {
  let provider: ProviderServer;
  let backend: TestBackend;
  const fillIds = { owner: [] as string[], member: [] as string[] };

  const fill = async (bearer: string, body: object) => {
    const response = await request(backend.app).post('/v1/fills').set('authorization', bearer).send(body);
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('completed');
    return response.body as { fillId: string; results: Array<{ tag: string; cached: boolean }> };
  };
  const usage = (path: string, bearer: string, query: Record<string, string | number>) =>
    request(backend.app).get(`/v1/usage/${path}`).query(query).set('authorization', bearer);
  const keys = (rows: Row[]) => rows.map((row) => row.key).sort();
  const byKey = (rows: Row[]) => Object.fromEntries(rows.map((row) => [row.key, row]));

  beforeAll(async () => {
    provider = await startOpenAIServer();
    backend = await startTestBackend({
      OPENAI_API_KEY: 'sk-test-usage',
      OPENAI_BASE_URL: provider.baseUrl,
      OPENAI_DEFAULT_MODEL: 'gpt-6-luna',
      AI_REQUEST_TIMEOUT_MS: '5000',
      AI_RETRY_BASE_DELAY_MS: '1',
    });

    // The owner arrives first; the second user of the organisation is a member.
    const saved = await request(backend.app)
      .put('/v1/templates/usage-tpl')
      .set('authorization', owner)
      .send({
        baseVersion: 0,
        template: { name: 'Usage template', tags: { intro: { prompt: 'Usage intro for {{client}}.' }, outro: { prompt: 'Usage outro.' } } },
      });
    expect(saved.status).toBe(200);

    // Owner: two tags, then the same two again, answered from the cache.
    const first = await fill(owner, {
      documentId: 'usage-tpl',
      fieldValues: { client: 'Acme' },
      tags: [{ name: 'intro' }, { name: 'outro' }],
    });
    const repeat = await fill(owner, {
      documentId: 'usage-tpl',
      fieldValues: { client: 'Acme' },
      tags: [{ name: 'intro' }, { name: 'outro' }],
    });
    expect(repeat.results.every((result) => result.cached)).toBe(true);
    fillIds.owner.push(first.fillId, repeat.fillId);
    // Member: one tag of the template, one inline tag of a document that is no template.
    fillIds.member.push(
      (await fill(member, { documentId: 'usage-tpl', fieldValues: { client: 'Beta' }, tags: [{ name: 'intro' }] })).fillId,
    );
    fillIds.member.push(
      (
        await fill(member, {
          documentId: 'member-doc',
          tags: [{ name: 'summary', configuration: { prompt: 'Summarise for the member.' } }],
        })
      ).fillId,
    );
    // Another organisation's usage never shows in organisation A's.
    await fill(outsider, { documentId: 'outsider-doc', tags: [{ name: 'intro', configuration: { prompt: 'Outsider prompt.' } }] });

    expect(provider.requests.filter((recorded) => recorded.path === '/v1/chat/completions')).toHaveLength(5);
    // Usage records are written behind the responses.
    await backend.drain();
  });
  afterAll(async () => {
    await backend?.close();
    await provider?.close();
  });

  describe('GET /v1/usage/summary', () => {
    it('shows a member only their own requests', async () => {
      const response = await usage('summary', member, period);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ from: today, to: today, scope: 'mine', records: 2 });
      expect(response.body.totals).toMatchObject({ requests: 2, attempts: 2, cachedRequests: 0, cacheHitRate: 0 });
      expect(response.body.byUser).toHaveLength(1);
      expect(response.body.byUser[0]).toMatchObject({ key: 'usage-member', requests: 2 });
      expect(keys(response.body.byTemplate)).toEqual(['(none)', 'usage-tpl']);
      expect(keys(response.body.byTag)).toEqual(['intro', 'summary']);
    });

    it('shows the owner only their own requests by default', async () => {
      const response = await usage('summary', owner, period);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ scope: 'mine', records: 4 });
      expect(response.body.byUser.map((row: Row) => row.key)).toEqual(['usage-owner']);
    });

    it('shows the owner the whole organisation with every breakdown', async () => {
      const response = await usage('summary', owner, { ...period, scope: 'organisation' });
      expect(response.status).toBe(200);
      const body = response.body as {
        records: number;
        scope: string;
        totals: Row;
        byDay: Row[];
        byUser: Row[];
        byModel: Row[];
        byProvider: Row[];
        byTemplate: Row[];
        byTag: Row[];
      };
      expect(body).toMatchObject({ scope: 'organisation', records: 6 });

      // 6 requests: 4 reached the provider, 2 were answered from the cache.
      expect(body.totals).toMatchObject({ requests: 6, attempts: 4, cachedRequests: 2, errorAttempts: 0, failedRequests: 0 });
      expect(body.totals.cacheHitRate).toBeCloseTo(2 / 6);
      expect(body.totals.costUsd).toBeGreaterThan(0);
      expect(body.totals.costNanoDollars).toBeGreaterThan(0);

      expect(body.byDay).toEqual([expect.objectContaining({ key: today, requests: 6 })]);

      expect(body.byUser).toHaveLength(2);
      const users = byKey(body.byUser);
      expect(users['usage-owner']).toMatchObject({ requests: 4, attempts: 2, cachedRequests: 2 });
      expect(users['usage-member']).toMatchObject({ requests: 2, attempts: 2, cachedRequests: 0 });
      expect(body.byUser.reduce((sum, row) => sum + row.costNanoDollars, 0)).toBe(body.totals.costNanoDollars);

      expect(body.byModel).toEqual([expect.objectContaining({ key: 'openai-compatible:gpt-6-luna', requests: 6 })]);
      expect(body.byProvider).toEqual([expect.objectContaining({ key: 'openai-compatible', requests: 6 })]);

      const templates = byKey(body.byTemplate);
      expect(keys(body.byTemplate)).toEqual(['(none)', 'usage-tpl']);
      expect(templates['usage-tpl']).toMatchObject({ requests: 5, cachedRequests: 2 });
      expect(templates['(none)']).toMatchObject({ requests: 1 });

      const tags = byKey(body.byTag);
      expect(keys(body.byTag)).toEqual(['intro', 'outro', 'summary']);
      expect(tags.intro).toMatchObject({ requests: 3, cachedRequests: 1 });
      expect(tags.outro).toMatchObject({ requests: 2, cachedRequests: 1 });
      expect(tags.summary).toMatchObject({ requests: 1, cachedRequests: 0 });
    });

    it('is empty for a period without usage, with one zero row per day', async () => {
      const response = await usage('summary', owner, { from: '2020-01-01', to: '2020-01-03', scope: 'organisation' });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ records: 0, totals: { requests: 0, costUsd: 0, cacheHitRate: 0 }, byUser: [], byTemplate: [] });
      expect(response.body.byDay.map((row: Row) => row.key)).toEqual(['2020-01-01', '2020-01-02', '2020-01-03']);
    });
  });

  describe('GET /v1/usage/records', () => {
    const allPages = async (bearer: string, query: Record<string, string | number>) => {
      const records: UsageRecordBody[] = [];
      let after: string | undefined;
      let pages = 0;
      do {
        const response = await usage('records', bearer, { ...query, limit: 1, ...(after ? { after } : {}) });
        expect(response.status).toBe(200);
        expect(response.body.records.length).toBeLessThanOrEqual(1);
        records.push(...response.body.records);
        after = response.body.next;
        pages += 1;
      } while (after && pages < 20);
      return records;
    };

    it("pages the organisation's records one at a time, oldest first, visiting each once", async () => {
      const records = await allPages(owner, { ...period, scope: 'organisation' });
      expect(records).toHaveLength(6);
      expect(new Set(records.map((record) => record.id)).size).toBe(6);
      const sortKeys = records.map((record) => record.sortKey);
      expect(sortKeys).toEqual([...sortKeys].sort());
      for (const record of records) {
        expect(record.day).toBe(today);
        expect(Date.parse(record.createdAt)).not.toBeNaN();
        expect(['usage-owner', 'usage-member']).toContain(record.userId);
      }
      expect(records.filter((record) => record.cached)).toEqual([
        expect.objectContaining({ status: 'cached', userId: 'usage-owner', fillId: fillIds.owner[1] }),
        expect.objectContaining({ status: 'cached', userId: 'usage-owner', fillId: fillIds.owner[1] }),
      ]);
      expect(new Set(records.map((record) => record.fillId))).toEqual(new Set([...fillIds.owner, ...fillIds.member]));
      const memberInline = records.find((record) => record.tag === 'summary');
      expect(memberInline).toMatchObject({ templateId: null, userId: 'usage-member', requestId: `${fillIds.member[1]}:summary` });

      // The stored records are the ones listed.
      const stored = await backend.firestore.firestore.collection('orgs/domain:usage-a.example/usage').get();
      expect(stored.docs.map((document) => document.id).sort()).toEqual(records.map((record) => record.id).sort());
    });

    it('never returns records outside the period, whatever `after` a client sends', async () => {
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      const response = await usage('records', owner, { from: tomorrow, to: tomorrow, scope: 'organisation', after: '2000-01-01' });
      expect(response.status).toBe(200);
      expect(response.body.records.map((record: UsageRecordBody) => record.day)).toEqual([]);
    });

    it("pages a member's own records only", async () => {
      const records = await allPages(member, period);
      expect(records).toHaveLength(2);
      expect(records.every((record) => record.userId === 'usage-member')).toBe(true);
    });
  });

  describe('GET /v1/usage/export', () => {
    it("returns the organisation's records as a CSV attachment with a header row and one line per record", async () => {
      const response = await usage('export', owner, { ...period, scope: 'organisation' });
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/csv/);
      expect(response.headers['content-disposition']).toBe(`attachment; filename="usage-${today}-to-${today}.csv"`);
      const text = response.text;
      expect(text.endsWith('\r\n')).toBe(true);
      const lines = text.split('\r\n').slice(0, -1);
      expect(lines[0]).toBe(
        'createdAt,day,userId,templateId,fillId,tag,requestId,attempt,requestedProvider,requestedModel,provider,servedModel,inputTokens,cachedInputTokens,cacheWriteInputTokens,outputTokens,reasoningTokens,usageEstimated,costUsd,latencyMs,cached,status,errorCode,feedbackRating,feedbackComment',
      );
      const rows = lines.slice(1);
      expect(rows).toHaveLength(6);
      for (const row of rows) expect(row.split(',')).toHaveLength(25);
      expect(rows.filter((row) => row.includes(',true,cached,'))).toHaveLength(2);
      expect(rows.filter((row) => row.split(',')[2] === 'usage-member')).toHaveLength(2);
      expect(rows.filter((row) => row.split(',')[3] === 'usage-tpl')).toHaveLength(5);
    });

    it("exports a member's own records, and only the header for an empty period", async () => {
      const mine = await usage('export', member, period);
      expect(mine.status).toBe(200);
      expect(mine.text.split('\r\n').slice(1, -1)).toHaveLength(2);

      const empty = await usage('export', member, { from: '2020-01-01', to: '2020-01-01' });
      expect(empty.status).toBe(200);
      expect(empty.text.split('\r\n')).toEqual([expect.stringMatching(/^createdAt,day,userId/), '']);
    });
  });

  describe('periods and scopes', () => {
    it.each(['summary', 'records', 'export'])('/%s refuses `from` after `to` with 400', async (path) => {
      const response = await usage(path, owner, { from: '2026-03-02', to: '2026-03-01' });
      expect(response.status).toBe(400);
      expect(response.body.detail).toMatch(/from/);
    });

    it.each(['summary', 'records', 'export'])(
      '/%s refuses a period longer than 366 days with 400 and accepts exactly 366',
      async (path) => {
        const tooLong = await usage(path, owner, { from: '2024-01-01', to: '2025-01-01' });
        expect(tooLong.status).toBe(400);
        expect(tooLong.body.detail).toMatch(/366/);
        const longest = await usage(path, owner, { from: '2024-01-01', to: '2024-12-31' });
        expect(longest.status).toBe(200);
      },
    );

    it.each(['summary', 'records', 'export'])('/%s refuses scope=organisation to a member with 403', async (path) => {
      const response = await usage(path, member, { ...period, scope: 'organisation' });
      expect(response.status).toBe(403);
      expect(response.body.detail).toMatch(/scope=mine/);
    });

    it('refuses a malformed day with 400', async () => {
      expect((await usage('summary', owner, { from: 'yesterday', to: today })).status).toBe(400);
    });

    it("keeps another organisation's usage apart", async () => {
      const response = await usage('summary', outsider, { ...period, scope: 'organisation' });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ records: 1, totals: { requests: 1 } });
      expect(response.body.byUser.map((row: Row) => row.key)).toEqual(['usage-outsider']);
    });
  });
});

import request from 'supertest';
import { startOpenAIServer, type ProviderServer } from '../../../harness/provider-servers';
import { expectContractBody } from '../../support/response-contracts';
import { developmentBearer, startTestBackend, type TestBackend } from '../../support/test-backend';

const owner = developmentBearer({ sub: 'rating-owner', email: 'owner@ratings.example', hd: 'ratings.example' });
const member = developmentBearer({ sub: 'rating-member', email: 'member@ratings.example', hd: 'ratings.example' });
const organisation = 'domain:ratings.example';

const today = new Date().toISOString().slice(0, 10);
const period = { from: today, to: today };

interface SatisfactionRow {
  key: string;
  up: number;
  down: number;
  ratings: number;
  satisfaction: number | null;
}

/**
 * 👍/👎 on generated tags as people give them (PUT /v1/fills/{fillId}/feedback/{tag}) and as the usage summary
 * and the CSV export show them: by model, provider, template, tag and day.
 */
describe('satisfaction: ratings of generated tags in the usage summary and export', () => {
  let provider: ProviderServer;
  let backend: TestBackend;
  const fills = { template: '', plain: '', member: '' };

  const fill = async (bearer: string, body: object) => {
    const response = await request(backend.app).post('/v1/fills').set('authorization', bearer).send(body);
    expect(response.status).toBe(200);
    return response.body.fillId as string;
  };
  const rate = (bearer: string, fillId: string, tag: string, body: object) =>
    request(backend.app).put(`/v1/fills/${fillId}/feedback/${tag}`).set('authorization', bearer).send(body);
  const summary = async (bearer: string, query: object) => {
    const response = await request(backend.app).get('/v1/usage/summary').query(query).set('authorization', bearer);
    expect(response.status).toBe(200);
    expectContractBody('getUsageSummary', response.body);
    return response.body.satisfaction as Record<'byDay' | 'byModel' | 'byProvider' | 'byTemplate' | 'byTag', SatisfactionRow[]> & {
      totals: Omit<SatisfactionRow, 'key'>;
    };
  };

  beforeAll(async () => {
    provider = await startOpenAIServer();
    backend = await startTestBackend({
      OPENAI_API_KEY: 'sk-test-ratings',
      OPENAI_BASE_URL: provider.baseUrl,
      OPENAI_DEFAULT_MODEL: 'gpt-6-luna',
      AI_REQUEST_TIMEOUT_MS: '5000',
      AI_RETRY_BASE_DELAY_MS: '1',
    });
    expect((await request(backend.app).get('/v1/templates').set('authorization', owner)).status).toBe(200);
    expect((await request(backend.app).get('/v1/templates').set('authorization', member)).status).toBe(200);
    const saved = await request(backend.app)
      .put('/v1/templates/rated-template')
      .set('authorization', owner)
      .send({
        baseVersion: 0,
        template: { name: 'Rated template', tags: { intro: { prompt: 'Say hello.' }, outro: { prompt: 'Say bye.' } } },
      });
    expect(saved.status).toBe(200);
    fills.template = await fill(owner, { documentId: 'rated-template', tags: [{ name: 'intro' }, { name: 'outro' }] });
    fills.plain = await fill(owner, {
      documentId: 'plain-document',
      tags: [{ name: 'intro', configuration: { prompt: 'Something plain.', model: 'gpt-6-sol' } }],
    });
    fills.member = await fill(member, { documentId: 'plain-document', tags: [{ name: 'intro', configuration: { prompt: 'Mine.' } }] });
    await backend.drain();
  });
  afterAll(async () => {
    await backend?.close();
    await provider?.close();
  });

  it('shows no satisfaction before anything is rated, every day of the period listed', async () => {
    const satisfaction = await summary(owner, { ...period, scope: 'organisation' });
    expect(satisfaction.totals).toEqual({ up: 0, down: 0, ratings: 0, satisfaction: null });
    expect(satisfaction.byDay).toEqual([{ key: today, up: 0, down: 0, ratings: 0, satisfaction: null }]);
    expect(satisfaction.byModel).toEqual([]);
  });

  it('counts each rated tag once, its latest rating, by model, provider, template, tag and day', async () => {
    expect((await rate(owner, fills.template, 'intro', { rating: 'up' })).status).toBe(204);
    expect((await rate(owner, fills.template, 'outro', { rating: 'up' })).status).toBe(204);
    // Changed twice: only the last rating counts.
    expect((await rate(owner, fills.template, 'outro', { rating: 'down', comment: 'Too long, and "vague"' })).status).toBe(204);
    expect((await rate(owner, fills.plain, 'intro', { rating: 'down' })).status).toBe(204);
    expect((await rate(member, fills.member, 'intro', { rating: 'up', comment: 'Spot on' })).status).toBe(204);

    const satisfaction = await summary(owner, { ...period, scope: 'organisation' });
    expect(satisfaction.totals).toEqual({ up: 2, down: 2, ratings: 4, satisfaction: 0.5 });
    expect(satisfaction.byDay).toEqual([{ key: today, up: 2, down: 2, ratings: 4, satisfaction: 0.5 }]);
    expect(satisfaction.byModel).toEqual([
      { key: 'openai-compatible:gpt-6-luna', up: 2, down: 1, ratings: 3, satisfaction: 2 / 3 },
      { key: 'openai-compatible:gpt-6-sol', up: 0, down: 1, ratings: 1, satisfaction: 0 },
    ]);
    expect(satisfaction.byProvider).toEqual([{ key: 'openai-compatible', up: 2, down: 2, ratings: 4, satisfaction: 0.5 }]);
    expect(satisfaction.byTemplate).toEqual([
      { key: '(none)', up: 1, down: 1, ratings: 2, satisfaction: 0.5 },
      { key: 'rated-template', up: 1, down: 1, ratings: 2, satisfaction: 0.5 },
    ]);
    expect(satisfaction.byTag).toEqual([
      { key: 'intro', up: 2, down: 1, ratings: 3, satisfaction: 2 / 3 },
      { key: 'outro', up: 0, down: 1, ratings: 1, satisfaction: 0 },
    ]);
  });

  it('shows a member the ratings of their own fills only, and a period before the fills none', async () => {
    const mine = await summary(member, period);
    expect(mine.totals).toEqual({ up: 1, down: 0, ratings: 1, satisfaction: 1 });
    expect(mine.byTag).toEqual([{ key: 'intro', up: 1, down: 0, ratings: 1, satisfaction: 1 }]);
    const earlier = await summary(owner, { from: '2020-01-01', to: '2020-01-02', scope: 'organisation' });
    expect(earlier.totals.ratings).toBe(0);
    expect(earlier.byDay.map((day) => day.key)).toEqual(['2020-01-01', '2020-01-02']);
  });

  it('writes the rating and the reason on every usage record of the rated tag in the CSV export', async () => {
    const response = await request(backend.app)
      .get('/v1/usage/export')
      .query({ ...period, scope: 'organisation' })
      .set('authorization', owner);
    expect(response.status).toBe(200);
    const [header, ...rows] = response.text.split('\r\n').slice(0, -1);
    const columns = (header ?? '').split(',');
    expect(columns.slice(-2)).toEqual(['feedbackRating', 'feedbackComment']);
    const fillColumn = columns.indexOf('fillId');
    const tagColumn = columns.indexOf('tag');
    const feedbackOf = (fillId: string, tag: string) =>
      rows
        .filter((row) => row.split(',')[fillColumn] === fillId && row.split(',')[tagColumn] === tag)
        .map((row) => row.slice(row.lastIndexOf(',success,') + ',success,'.length));
    expect(feedbackOf(fills.template, 'outro')).toEqual([',down,"Too long, and ""vague"""']);
    expect(feedbackOf(fills.template, 'intro')).toEqual([',up,']);
    expect(feedbackOf(fills.member, 'intro')).toEqual([',up,Spot on']);

    const mine = await request(backend.app).get('/v1/usage/export').query(period).set('authorization', member);
    expect(mine.text).toContain(',up,Spot on\r\n');
    expect(mine.text).not.toContain('vague');
  });

  it('keeps one rating document per rated tag, with the fill it judges', async () => {
    const stored = await backend.firestore.firestore.collection(`orgs/${organisation}/tagFeedback`).get();
    expect(stored.docs.map((document) => document.id).sort()).toEqual(
      [`${fills.template}:intro`, `${fills.template}:outro`, `${fills.plain}:intro`, `${fills.member}:intro`].sort(),
    );
    expect(stored.docs.find((document) => document.id === `${fills.member}:intro`)?.data()).toMatchObject({
      userId: 'rating-member',
      ratedBy: 'rating-member',
      day: today,
      templateId: null,
      provider: 'openai-compatible',
      model: 'gpt-6-luna',
      rating: 'up',
      comment: 'Spot on',
    });
  });
});

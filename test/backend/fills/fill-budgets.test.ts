import type { Express } from 'express';
import request from 'supertest';
import { startOpenAIServer, type ProviderServer } from '../../../harness/provider-servers';
import { composeApp, type ComposedApp } from '../../../backend/src/compose-app';
import { loadConfig } from '../../../backend/src/platform/config';
import { connectFirestore, type FirestoreConnection } from '../../../backend/src/platform/firestore/connect-firestore';
import { createLogger } from '../../../backend/src/platform/logger';
import { developmentBearer } from '../../support/test-backend';

/**
 * Budgets as a user meets them through fills: the organisation's daily budget shared by two backend instances on
 * one Firestore, per-user and monthly budgets, and the per-request ceiling. Every answer bills the whole output
 * limit, so each generated tag costs the same known amount.
 */

jest.setTimeout(60_000);

const model = 'budget-model';
const modelKey = `openai-compatible:${model}`;
const maxOutputTokens = 1000;
/**
 * Billed prompt tokens: fewer than the prompt really has, so no answer costs more than the worst case reserved for
 * it. (A provider billing more than that worst case leaves the shared counters' reserved total below zero.)
 */
const inputTokens = 1;
/** US dollars per million tokens. */
const prices = { input: 1, cachedInput: 0.5, output: 2 };
/** What one generated tag costs: its prompt and its whole output limit. */
const tagCost = (inputTokens * prices.input + maxOutputTokens * prices.output) / 1_000_000;

interface Instance {
  composed: ComposedApp;
  connection: FirestoreConnection;
}

const userOf = (name: string, domain: string) => developmentBearer({ sub: name, email: `${name}@${domain}`, hd: domain });

describe('budgets through fills', () => {
  let provider: ProviderServer;
  let instances: Instance[];
  let first: Express;
  let second: Express;
  let sequence = 0;

  beforeAll(async () => {
    provider = await startOpenAIServer();
    const config = loadConfig({
      AUTH_MODE: 'development',
      LOG_LEVEL: 'silent',
      OPENAI_API_KEY: 'sk-test-budgets',
      OPENAI_BASE_URL: provider.baseUrl,
      OPENAI_DEFAULT_MODEL: model,
      AI_RETRY_BASE_DELAY_MS: '1',
    });
    // Two instances as on Cloud Run: each its own app, budget leases and Firestore client, one database.
    const shared = await connectFirestore({});
    const other = await connectFirestore({ emulatorHost: shared.host });
    const logger = createLogger({ level: 'silent' });
    instances = [shared, other].map((connection) => ({ connection, composed: composeApp(config, connection.firestore, logger) }));
    [first, second] = instances.map((instance) => instance.composed.app) as [Express, Express];
  });

  beforeEach(() => {
    provider.setDefault({
      kind: 'reply',
      text: 'A costly paragraph.',
      usage: { inputTokens, outputTokens: maxOutputTokens },
      latencyMs: 30,
    });
  });

  afterEach(() => provider.reset());

  afterAll(async () => {
    for (const { composed } of instances ?? []) await composed.close();
    for (const { connection } of [...(instances ?? [])].reverse()) await connection.close();
    await provider?.close();
  });

  const generations = () => provider.requests.filter((recorded) => recorded.path === '/v1/chat/completions');

  /** The organisation's owner (its first user) saves its AI settings: the one priced model, no cache, these budgets. */
  async function setBudgets(domain: string, budgets: Record<string, unknown>): Promise<void> {
    const owner = userOf('owner', domain);
    const current = await request(first).get('/v1/settings').set('authorization', owner).expect(200);
    const saved = await request(first)
      .put('/v1/settings')
      .set('authorization', owner)
      .send({
        baseVersion: current.body.version,
        settings: {
          ...current.body.settings,
          customModels: [
            {
              provider: 'openai-compatible',
              id: model,
              displayName: model,
              contextWindow: 100_000,
              maxOutputTokens: 4000,
              prices,
              capabilities: ['text'],
              complexity: 'simple',
            },
          ],
          allowedModels: [modelKey],
          cacheTtlSeconds: 0,
          budgets: { ...current.body.settings.budgets, ...budgets },
        },
      });
    expect(saved.body).toMatchObject({ version: current.body.version + 1 });
  }

  /** A fill of one tag, each with a prompt of its own. */
  function fillOne(app: Express, bearer: string, configuration: Record<string, unknown> = {}): Promise<request.Response> {
    sequence += 1;
    return request(app)
      .post('/v1/fills')
      .set('authorization', bearer)
      .send({
        documentId: `doc-budget-${sequence}`,
        tags: [{ name: 'summary', configuration: { prompt: `Summarise quarter ${sequence}.`, model, maxOutputTokens, ...configuration } }],
      });
  }

  async function budgetsSeenBy(bearer: string): Promise<Array<Record<string, unknown>>> {
    for (const { composed } of instances) await composed.drain();
    const response = await request(first).get('/v1/budget').set('authorization', bearer).expect(200);
    return response.body.budgets as Array<Record<string, unknown>>;
  }

  it("two instances sharing one Firestore together never spend over the organisation's daily budget", async () => {
    const domain = 'two-instances.example';
    // Room for five tags and a half (a round amount, as an admin would type it).
    const dailyUsd = 0.011;
    expect(Math.floor(dailyUsd / tagCost)).toBe(5);
    await setBudgets(domain, { organisation: { dailyUsd } });
    const users = Array.from({ length: 8 }, (_, index) => userOf(`writer-${index}`, domain));

    const fills = await Promise.all(users.flatMap((user) => [fillOne(first, user), fillOne(second, user)]));

    const generated = fills.filter((fill) => fill.body.status === 'completed');
    const refused = fills.filter((fill) => fill.body.status === 'aborted');
    expect(generated.length).toBeGreaterThanOrEqual(1);
    expect(generated.length).toBeLessThanOrEqual(5);
    expect(generated.length + refused.length).toBe(16);
    for (const fill of refused)
      expect(fill.body.abort).toEqual({ code: 'budget_exhausted', message: expect.stringMatching(/the organisation's daily AI budget/) });
    // The provider answered exactly the generated tags, and what they cost is what the budget shows as spent.
    expect(generations()).toHaveLength(generated.length);
    const spent = generated.reduce((sum, fill) => sum + (fill.body.totals.cost as number), 0);
    expect(spent).toBeLessThanOrEqual(dailyUsd);
    const [organisationDay] = await budgetsSeenBy(users[0] as string);
    expect(organisationDay).toMatchObject({ scope: 'organisation', period: 'day', limitUsd: dailyUsd, reservedUsd: 0 });
    expect(organisationDay?.spentUsd).toBeCloseTo(spent, 9);
    expect(organisationDay?.spentUsd).toBeLessThanOrEqual(dailyUsd);
  });

  // One user's or one budget's requests go to one instance below: a budget nearly used up is refused on another
  // instance while this one still holds a lease on it ("Requests in progress hold the rest"), until it is idle.
  it('a user past their daily budget is refused, naming it, while a colleague goes on', async () => {
    const domain = 'per-user.example';
    await setBudgets(domain, { perUser: { dailyUsd: 2.5 * tagCost } });
    const spender = userOf('spender', domain);
    const outcomes = [];
    for (let index = 0; index < 3; index += 1) outcomes.push((await fillOne(first, spender)).body);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['completed', 'completed', 'aborted']);
    expect(outcomes[2].abort).toEqual({
      code: 'budget_exhausted',
      message: expect.stringMatching(/^This would go over your daily AI budget/),
    });
    expect(generations()).toHaveLength(2);
    expect((await fillOne(second, userOf('colleague', domain))).body.status).toBe('completed');
    const [userDay] = await budgetsSeenBy(spender);
    expect(userDay).toMatchObject({ scope: 'user', period: 'day', reservedUsd: 0 });
    expect(userDay?.spentUsd).toBeCloseTo(2 * tagCost, 9);
  });

  it("the organisation's monthly budget and a user's monthly override refuse like the daily ones", async () => {
    const domain = 'monthly.example';
    await setBudgets(domain, {
      organisation: { monthlyUsd: 4.5 * tagCost },
      userOverrides: { 'capped-user': { monthlyUsd: 1.5 * tagCost } },
    });
    const capped = userOf('capped-user', domain);
    expect((await fillOne(first, capped)).body.status).toBe('completed');
    const cappedAgain = (await fillOne(first, capped)).body;
    expect(cappedAgain.abort).toEqual({
      code: 'budget_exhausted',
      message: expect.stringMatching(/^This would go over your monthly AI budget/),
    });

    const others = [];
    for (let index = 0; index < 4; index += 1) others.push((await fillOne(first, userOf(`colleague-${index}`, domain))).body);
    expect(others.map((outcome) => outcome.status)).toEqual(['completed', 'completed', 'completed', 'aborted']);
    expect(others[3].abort).toEqual({
      code: 'budget_exhausted',
      message: expect.stringMatching(/^This would go over the organisation's monthly AI budget/),
    });
    expect(generations()).toHaveLength(4);
    const [organisationMonth] = await budgetsSeenBy(capped);
    expect(organisationMonth).toMatchObject({ scope: 'organisation', period: 'month', reservedUsd: 0 });
    expect(organisationMonth?.spentUsd).toBeCloseTo(4 * tagCost, 9);
  });

  it('the per-request ceiling refuses a tag whose worst case is above it before any call, and lets a smaller one through', async () => {
    const domain = 'ceiling.example';
    await setBudgets(domain, { perRequestCeilingUsd: tagCost / 2 });
    const writer = userOf('writer', domain);

    const large = (await fillOne(first, writer)).body;
    expect(large.status).toBe('completed');
    expect(large.results[0]).toMatchObject({
      status: 'failed',
      error: { code: 'request_over_ceiling', message: expect.stringMatching(/above the per-request ceiling of \$0\.00/) },
    });
    expect(generations()).toHaveLength(0);

    provider.setDefault({ kind: 'reply', text: 'A short line.', usage: { inputTokens, outputTokens: 100 }, latencyMs: 30 });
    const small = (await fillOne(first, writer, { maxOutputTokens: 100 })).body;
    expect(small.results[0]).toMatchObject({ status: 'generated', text: 'A short line.' });
    expect(generations()).toHaveLength(1);
  });
});

import request from 'supertest';
import type { BudgetAlert } from '../../../backend/src/ai/budget/budget-alerts';
import { createBillingEventsRepository } from '../../../backend/src/billing/billing-events-repository';
import { withLimitReachedEvents } from '../../../backend/src/billing/limit-reached-events';
import { startOpenAIServer, type ProviderServer } from '../../../harness/provider-servers';
import { developmentBearer, startTestBackend, type TestBackend } from '../../support/test-backend';

/**
 * Billing events through a real fill: every billed attempt (a fallback's answer, a filtered answer that was still
 * billed) is one `charged` event, a cache hit or an unbilled failure none, and charged minus refunded equals the
 * usage records' cost to the nano-dollar. Budget holds (leases on the limited counter) reconcile with the charges.
 */

jest.setTimeout(60_000);

const domain = 'billing-events.example';
const owner = developmentBearer({ email: `owner@${domain}`, hd: domain });
const member = developmentBearer({ sub: '2002', email: `member@${domain}`, hd: domain });
const prices = { input: 1, cachedInput: 0.5, output: 2 };
const customModel = (id: string) => ({
  provider: 'openai-compatible',
  id,
  displayName: id,
  contextWindow: 100_000,
  maxOutputTokens: 4000,
  prices,
  capabilities: ['text'],
  complexity: 'simple',
});

interface EventView {
  type: string;
  amountNanoDollars: number;
  usageRecordId: string | null;
  scope: string | null;
  period: string | null;
}

describe('billing events', () => {
  let provider: ProviderServer;
  let backend: TestBackend;
  beforeAll(async () => {
    provider = await startOpenAIServer();
    backend = await startTestBackend({
      OPENAI_API_KEY: 'sk-test-billing',
      OPENAI_BASE_URL: provider.baseUrl,
      OPENAI_DEFAULT_MODEL: 'bill-primary',
      AI_RETRY_BASE_DELAY_MS: '1',
      // One tag at a time, so the provider's scripted answers meet the tags in order.
      FILL_CONCURRENCY: '1',
    });
  });
  afterAll(async () => {
    await backend.close();
    await provider.close();
  });

  const get = (path: string, who = owner) => request(backend.app).get(path).set('authorization', who);
  const today = () => new Date().toISOString().slice(0, 10);

  it('charges every billed attempt once, and charged minus refunded equals the usage records’ cost exactly', async () => {
    const settings = await get('/v1/settings').expect(200);
    await request(backend.app)
      .put('/v1/settings')
      .set('authorization', owner)
      .send({
        baseVersion: settings.body.version,
        settings: {
          ...settings.body.settings,
          customModels: [customModel('bill-primary'), customModel('bill-fallback')],
          allowedModels: ['openai-compatible:bill-primary', 'openai-compatible:bill-fallback'],
          fallbackModels: ['openai-compatible:bill-fallback'],
          budgets: { ...settings.body.settings.budgets, organisation: { dailyUsd: 10 } },
        },
      })
      .expect(200);
    await request(backend.app)
      .put('/v1/templates/doc-billing')
      .set('authorization', owner)
      .send({
        baseVersion: 0,
        template: {
          tags: {
            alpha: { prompt: 'Write the alpha paragraph.', model: 'bill-primary' },
            beta: { prompt: 'Write the beta paragraph.', model: 'bill-primary' },
            gamma: { prompt: 'Write the gamma paragraph.', model: 'bill-primary' },
          },
        },
      })
      .expect(200);

    provider.enqueue(
      // alpha: the primary refuses the request (not billed), the fallback answers (billed).
      { kind: 'error', status: 400, message: 'Invalid request.' },
      { kind: 'reply', text: 'Alpha.', usage: { inputTokens: 123, outputTokens: 45 } },
      // beta: the answer is filtered, but the provider billed it.
      { kind: 'content-filtered' },
      // gamma: a plain answer.
      { kind: 'reply', text: 'Gamma.', usage: { inputTokens: 77, outputTokens: 31 } },
    );
    const tags = [{ name: 'alpha' }, { name: 'beta' }, { name: 'gamma' }];
    const fill = await request(backend.app)
      .post('/v1/fills')
      .set('authorization', owner)
      .send({ documentId: 'doc-billing', tags })
      .expect(200);
    expect(fill.body.results.map((result: { status: string }) => result.status)).toEqual(['generated', 'failed', 'generated']);
    // gamma again: a cache hit, which costs nothing and charges nothing.
    const again = await request(backend.app)
      .post('/v1/fills')
      .set('authorization', owner)
      .send({ documentId: 'doc-billing', tags: [{ name: 'gamma' }] })
      .expect(200);
    expect(again.body.results[0]).toMatchObject({ cached: true, cost: 0 });
    // Usage records written, budget leases given back.
    await backend.drain();

    const period = `from=${today()}&to=${today()}`;
    const usage = await get(`/v1/usage/records?${period}&scope=organisation&limit=500`).expect(200);
    const records: { id: string; costNanoDollars: number; status: string }[] = usage.body.records;
    const billed = records.filter((record) => record.costNanoDollars > 0);
    expect(billed.map((record) => record.status).sort()).toEqual(['error', 'success', 'success']);
    const usageCost = records.reduce((sum, record) => sum + record.costNanoDollars, 0);

    const events: EventView[] = [];
    let after: string | undefined;
    do {
      const page = await get(`/v1/billing/events?${period}&limit=2${after ? `&after=${encodeURIComponent(after)}` : ''}`).expect(200);
      events.push(...page.body.events);
      after = page.body.next;
    } while (after);
    const total = (type: string) => events.filter((event) => event.type === type).reduce((sum, event) => sum + event.amountNanoDollars, 0);

    const charged = events.filter((event) => event.type === 'charged');
    expect(charged.map((event) => event.usageRecordId).sort()).toEqual(billed.map((record) => record.id).sort());
    expect(total('charged') - total('refunded')).toBe(usageCost);
    expect(usageCost).toBeGreaterThan(0);
    // The organisation's daily counter was held through leases: what was taken and not given back is what was charged.
    const holds = events.filter((event) => event.scope === 'org' && event.period === `d:${today()}`);
    expect(holds.some((event) => event.type === 'budget_reserved')).toBe(true);
    const held = (type: string) => holds.filter((event) => event.type === type).reduce((sum, event) => sum + event.amountNanoDollars, 0);
    expect(held('budget_reserved') - held('budget_released')).toBe(total('charged'));

    // The same events as CSV, amounts exact.
    const csv = await get(`/v1/billing/events/export?${period}`).expect(200);
    expect(csv.type).toBe('text/csv');
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'at,day,type,amountUsd,amountNanoDollars,userId,fillId,requestId,usageRecordId,provider,model,scope,period,leaseId,target,id',
    );
    expect(lines).toHaveLength(events.length + 1);
    const csvCharged = lines
      .slice(1)
      .map((line) => line.split(','))
      .filter((cells) => cells[2] === 'charged')
      .reduce((sum, cells) => sum + Number(cells[4]), 0);
    expect(csvCharged).toBe(usageCost);
  });

  it('is for admins only', async () => {
    await get('/v1/session', member).expect(200);
    const period = `from=${today()}&to=${today()}`;
    expect((await get(`/v1/billing/events?${period}`, member)).status).toBe(403);
    expect((await get(`/v1/billing/events/export?${period}`, member)).status).toBe(403);
    const backwards = await get('/v1/billing/events?from=2026-12-02&to=2026-12-01');
    expect(backwards.status).toBe(400);
    expect(backwards.body.detail).toMatch(/`from` must not be after `to`/);
  });

  it('records a budget that reached its limit once, however many times it is raised, and passes every alert on', async () => {
    const passedOn: BudgetAlert[] = [];
    const sink = withLimitReachedEvents(
      { raise: async (alert) => void passedOn.push(alert) },
      createBillingEventsRepository(backend.firestore.firestore),
    );
    const alert: BudgetAlert = {
      organisationId: `domain:${domain}`,
      scope: 'user:2002',
      period: `m:${today().slice(0, 7)}`,
      level: 'exhausted',
      usedNanoDollars: 5_000_000_000,
      limitNanoDollars: 5_000_000_000,
    };
    await Promise.all([sink.raise(alert), sink.raise(alert), sink.raise({ ...alert, level: 'critical' })]);
    expect(passedOn).toHaveLength(3);

    const page = await get(`/v1/billing/events?from=${today()}&to=${today()}&limit=500`).expect(200);
    const limits = page.body.events.filter((event: EventView) => event.type === 'limit_reached');
    expect(limits).toEqual([expect.objectContaining({ scope: 'user:2002', period: alert.period, amountNanoDollars: 5_000_000_000 })]);
  });

  it('records a price an admin changed and a key an admin rotated, with what changed and no secret', async () => {
    const settings = await get('/v1/settings').expect(200);
    await request(backend.app)
      .put('/v1/settings')
      .set('authorization', owner)
      .send({
        baseVersion: settings.body.version,
        settings: { ...settings.body.settings, priceOverrides: { 'openai:gpt-6-luna': { input: 0.2, cachedInput: 0.1, output: 0.8 } } },
      })
      .expect(200);
    const secret = 'sk-billing-rotated-key-0000000000001234';
    const created = await request(backend.app)
      .post('/v1/connections')
      .set('authorization', owner)
      .send({ provider: 'openai', name: 'Billing key', apiKey: 'sk-billing-first-key-00000000000005678' })
      .expect(201);
    await request(backend.app)
      .post(`/v1/connections/${created.body.id}/rotate`)
      .set('authorization', owner)
      .send({ apiKey: secret })
      .expect(200);

    const page = await get(`/v1/billing/events?from=${today()}&to=${today()}&limit=500`).expect(200);
    const prices = page.body.events.filter((event: EventView) => event.type === 'price_changed');
    // The first test priced its two custom models: those were price changes too.
    expect(prices.map((event: { target: string }) => event.target).sort()).toEqual([
      'openai-compatible:bill-fallback',
      'openai-compatible:bill-primary',
      'openai:gpt-6-luna',
    ]);
    const changes = page.body.events.filter(
      (event: EventView & { target: string }) => event.target === 'openai:gpt-6-luna' || event.type === 'key_rotated',
    );
    expect(changes).toEqual([
      expect.objectContaining({
        type: 'price_changed',
        amountNanoDollars: 0,
        target: 'openai:gpt-6-luna',
        provider: 'openai',
        model: 'gpt-6-luna',
        before: null,
        after: { prices: { input: 0.2, cachedInput: 0.1, output: 0.8 } },
      }),
      expect.objectContaining({
        type: 'key_rotated',
        amountNanoDollars: 0,
        provider: 'openai',
        target: `connections/${created.body.id}`,
        before: expect.objectContaining({ lastFour: '5678' }),
        after: expect.objectContaining({ lastFour: '1234' }),
      }),
    ]);
    expect(JSON.stringify(page.body)).not.toContain(secret);
    expect(JSON.stringify(page.body)).not.toContain('sk-billing-first-key');
  });
});

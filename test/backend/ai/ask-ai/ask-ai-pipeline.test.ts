import { BudgetExhaustedError, CannotCallAiError, UnpricedModelError } from '../../../../backend/src/ai/ai-errors';
import { askRequest, startAskAiStack, type AskAiStack } from '../../../support/ask-ai-stack';

const organisationId = 'domain:pipeline.example';

describe('askAI end to end: SDK → stand-in server, ledger on the embedded emulator', () => {
  let stack: AskAiStack;
  beforeAll(async () => {
    stack = await startAskAiStack();
  });
  afterEach(() => {
    stack.servers.openai.reset();
    stack.servers.anthropic.reset();
    stack.servers.gemini.reset();
  });
  afterAll(() => stack.close());

  const generationRequests = () => stack.servers.openai.requests.filter((request) => request.path === '/v1/chat/completions');

  it('answers, writes one usage record with cost, and settles the reservation to the actual cost', async () => {
    stack.servers.openai.enqueue({ kind: 'reply', text: 'Hello Acme.', usage: { inputTokens: 1000, outputTokens: 500 } });
    const request = askRequest({ organisationId, instruction: 'Greet {{client}}.', fields: { client: 'Acme' }, model: 'gpt-6-luna' });
    const result = await stack.askAi(request);

    expect(result).toMatchObject({
      text: 'Hello Acme.',
      cached: false,
      provider: 'openai',
      model: 'gpt-6-luna',
      requestedModel: 'gpt-6-luna',
      attempts: 1,
      budgetLevel: 'normal',
    });
    // gpt-6-luna: $0.10 per million input, $0.50 per million output.
    expect(result.cost).toBeCloseTo(0.00035, 12);
    const sent = generationRequests()[0]?.body as { messages: Array<{ content: string }> };
    expect(sent.messages.at(-1)?.content).toBe('Greet Acme.');

    const records = (await stack.usageRecords(organisationId)).filter((record) => record.requestId === request.requestId);
    expect(records).toEqual([
      expect.objectContaining({
        status: 'success',
        cached: false,
        provider: 'openai',
        requestedModel: 'gpt-6-luna',
        servedModel: 'gpt-6-luna',
        inputTokens: 1000,
        outputTokens: 500,
        costNanoDollars: 350_000,
        keyId: 'environment:openai',
        templateId: 'template-1',
        fillId: 'fill-1',
        userId: 'user-1',
      }),
    ]);
    const counters = await stack.counters(organisationId);
    for (const [, totals] of counters) expect(totals.reserved).toBe(0);
    const day = new Date().toISOString().slice(0, 10);
    expect(counters.get(`org|d:${day}`)?.spent).toBe(350_000);
    expect(counters.get(`user:user-1|d:${day}`)?.spent).toBe(350_000);
    const template = await stack.firestore.firestore.doc(`orgs/${organisationId}/templates/template-1`).get();
    expect(template.get('generationCount')).toBeGreaterThanOrEqual(1);
  });

  it('serves a repeated request from the cache at no cost, logged as cached; regenerate bypasses it', async () => {
    const instruction = 'Write a cached sentence about tea.';
    const first = await stack.askAi(askRequest({ organisationId, instruction }));
    const second = await stack.askAi(askRequest({ organisationId, instruction }));
    expect(second).toMatchObject({ text: first.text, cached: true, cost: 0 });
    expect(generationRequests()).toHaveLength(1);

    const regenerated = await stack.askAi(askRequest({ organisationId, instruction, bypassCache: true }));
    expect(regenerated.cached).toBe(false);
    expect(generationRequests()).toHaveLength(2);

    const cachedRecords = (await stack.usageRecords(organisationId)).filter((record) => record.cached);
    expect(cachedRecords.length).toBeGreaterThanOrEqual(1);
    expect(cachedRecords[0]).toMatchObject({ status: 'cached', costNanoDollars: 0 });
  });

  it('keeps cache entries per organisation', async () => {
    const instruction = 'Write a sentence only one tenant should see.';
    await stack.askAi(askRequest({ organisationId: 'domain:tenant-a.example', instruction }));
    const other = await stack.askAi(askRequest({ organisationId: 'domain:tenant-b.example', instruction }));
    expect(other.cached).toBe(false);
    expect(generationRequests()).toHaveLength(2);
  });

  it('refuses a prompt whose field is empty without calling any model', async () => {
    await expect(
      stack.askAi(askRequest({ organisationId, instruction: 'Greet {{client}}.', fields: { client: ' ' } })),
    ).rejects.toBeInstanceOf(CannotCallAiError);
    expect(generationRequests()).toHaveLength(0);
  });

  it('refuses a model without a price and names what an admin must do', async () => {
    const refusal = stack.askAi(askRequest({ organisationId, provider: 'openai', model: 'gpt-unknown-model' }));
    await expect(refusal).rejects.toBeInstanceOf(UnpricedModelError);
    await expect(refusal).rejects.toThrow(/set its price/);
    expect(generationRequests()).toHaveLength(0);
  });

  it('reaches Anthropic and Gemini through their own SDKs', async () => {
    const claude = await stack.askAi(askRequest({ organisationId, model: 'claude-haiku-4-5' }));
    const gemini = await stack.askAi(askRequest({ organisationId, model: 'gemini-3.5-flash-lite' }));
    expect(claude).toMatchObject({ provider: 'anthropic', model: 'claude-haiku-4-5' });
    expect(gemini).toMatchObject({ provider: 'gemini' });
    expect(stack.servers.anthropic.requests.some((request) => request.path === '/v1/messages')).toBe(true);
    expect(stack.servers.gemini.requests.some((request) => request.path.endsWith(':generateContent'))).toBe(true);
  });

  it('refuses with the budget named when the organisation budget is used up, and leaves nothing reserved', async () => {
    const tightOrganisation = 'domain:tight-budget.example';
    await stack.setSettings(tightOrganisation, { budgets: { organisation: { dailyUsd: 0.000001 } } });
    const refusal = stack.askAi(askRequest({ organisationId: tightOrganisation }));
    await expect(refusal).rejects.toBeInstanceOf(BudgetExhaustedError);
    await expect(refusal).rejects.toThrow(/organisation's daily AI budget/);
    expect(generationRequests()).toHaveLength(0);
    for (const [, totals] of await stack.counters(tightOrganisation)) expect(totals).toEqual({ reserved: 0, spent: 0 });
  });
});

import { countPromptTokens } from '../../../../backend/src/ai/models/count-tokens';
import { builtInModels, createModelCatalog } from '../../../../backend/src/ai/models/model-catalog';
import { costInNanoDollars, toDollars, worstCaseNanoDollars } from '../../../../backend/src/ai/models/model-cost';
import { askRequest, startAskAiStack, type AskAiStack } from '../../../support/ask-ai-stack';

const organisationId = 'domain:billed-over-worst-case.example';
const instruction = 'Write one sentence about the annual report.';
const maxOutputTokens = 100;

/**
 * A provider may bill more than the worst case reserved for a request (it ignored the output limit, or counted
 * tokens differently). What it billed is spend; only what was reserved leaves the reservations.
 */
describe('a provider billing more than the reserved worst case', () => {
  let stack: AskAiStack;
  beforeAll(async () => {
    stack = await startAskAiStack();
  });
  afterAll(() => stack.close());

  it('counts the whole bill as spend and leaves no reservation behind, below zero or above', async () => {
    const promptTokens = countPromptTokens({ provider: 'openai', model: 'gpt-6-luna' }, `\n${instruction}`);
    const luna = createModelCatalog(builtInModels).find({ provider: 'openai', model: 'gpt-6-luna' })!.prices!;
    const worstCase = worstCaseNanoDollars(luna, promptTokens, maxOutputTokens);
    // A budget this small gives leases no larger than one request's worst case: the overrun has no spare lease to hide in.
    await stack.setSettings(organisationId, {
      budgets: { organisation: { dailyUsd: toDollars(10 * worstCase) } },
      allowedModels: ['openai:gpt-6-luna'],
      cacheTtlSeconds: 0,
    });
    const billed = { inputTokens: promptTokens, outputTokens: 5 * maxOutputTokens };
    stack.servers.openai.enqueue({ kind: 'reply', text: 'The report was long.', usage: billed });

    await stack.askAi(askRequest({ organisationId, instruction, model: 'gpt-6-luna', maxOutputTokens }));

    const cost = costInNanoDollars(luna, { ...billed, cachedInputTokens: 0 });
    expect(cost).toBeGreaterThan(worstCase);
    const records = await stack.usageRecords(organisationId);
    expect(records.map((record) => record.costNanoDollars)).toEqual([cost]);
    const day = new Date().toISOString().slice(0, 10);
    const counters = await stack.counters(organisationId);
    expect(counters.get(`org|d:${day}`)).toEqual({ reserved: 0, spent: cost });
    expect(counters.get(`org|m:${day.slice(0, 7)}`)).toEqual({ reserved: 0, spent: cost });
    expect(counters.get(`user:user-1|d:${day}`)).toEqual({ reserved: 0, spent: cost });
  });
});

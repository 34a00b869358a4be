import { BudgetExhaustedError } from '../../../../backend/src/ai/ai-errors';
import { countPromptTokens } from '../../../../backend/src/ai/models/count-tokens';
import { builtInModels, createModelCatalog } from '../../../../backend/src/ai/models/model-catalog';
import { costInNanoDollars, toDollars, worstCaseNanoDollars } from '../../../../backend/src/ai/models/model-cost';
import { askRequest, startAskAiStack, type AskAiStack } from '../../../support/ask-ai-stack';

const organisationId = 'domain:concurrent-budget.example';
const instruction = 'Write one sentence about the quarterly results.';
const maxOutputTokens = 100;

describe('budget reservations under 200 concurrent askAI calls', () => {
  let stack: AskAiStack;
  beforeAll(async () => {
    stack = await startAskAiStack();
  });
  afterAll(() => stack.close());

  it('admits at most what the budget holds, and reserved, settled and logged totals agree exactly', async () => {
    const promptTokens = countPromptTokens({ provider: 'openai', model: 'gpt-6-luna' }, `\n${instruction}`);
    const luna = createModelCatalog(builtInModels).find({ provider: 'openai', model: 'gpt-6-luna' })!.prices!;
    const worstCase = worstCaseNanoDollars(luna, promptTokens, maxOutputTokens);
    // One allowed model: near the limit the budget would otherwise switch to the cheapest model there is.
    await stack.setSettings(organisationId, {
      budgets: { organisation: { dailyUsd: toDollars(10 * worstCase) } },
      allowedModels: ['openai:gpt-6-luna'],
      cacheTtlSeconds: 0,
    });
    // Every call uses its whole output limit, so what settlements free stays below another call's worst case.
    stack.servers.openai.setDefault({
      kind: 'reply',
      text: 'The results were strong.',
      usage: { inputTokens: promptTokens, outputTokens: maxOutputTokens },
      latencyMs: 40,
    });

    const outcomes = await Promise.allSettled(
      Array.from({ length: 200 }, () => stack.askAi(askRequest({ organisationId, instruction, model: 'gpt-6-luna', maxOutputTokens }))),
    );

    const admitted = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const refused = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    expect(admitted.length).toBeGreaterThanOrEqual(1);
    expect(admitted.length).toBeLessThanOrEqual(10);
    for (const refusal of refused) expect(refusal.reason).toBeInstanceOf(BudgetExhaustedError);

    const generationCalls = stack.servers.openai.requests.filter((request) => request.path === '/v1/chat/completions');
    const records = await stack.usageRecords(organisationId);
    expect(generationCalls).toHaveLength(admitted.length);
    expect(records).toHaveLength(admitted.length);

    const loggedCost = records.reduce((sum, record) => sum + record.costNanoDollars, 0);
    // Each call used its whole output limit; the worst case also priced its prompt as a cache write, which never came.
    expect(loggedCost).toBe(
      admitted.length * costInNanoDollars(luna, { inputTokens: promptTokens, cachedInputTokens: 0, outputTokens: maxOutputTokens }),
    );
    const day = new Date().toISOString().slice(0, 10);
    const counters = await stack.counters(organisationId);
    expect(counters.get(`org|d:${day}`)).toEqual({ reserved: 0, spent: loggedCost });
    expect(counters.get(`org|m:${day.slice(0, 7)}`)).toEqual({ reserved: 0, spent: loggedCost });
    expect(loggedCost).toBeLessThanOrEqual(10 * worstCase);
  });
});

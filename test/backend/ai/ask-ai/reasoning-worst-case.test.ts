import { RequestOverCeilingError } from '../../../../backend/src/ai/ai-errors';
import { askRequest, startAskAiStack, type AskAiStack } from '../../../support/ask-ai-stack';

/** A reasoning model may bill its thinking room on top of the answer: the per-request ceiling counts it. */
describe('the worst case of a reasoning model', () => {
  let stack: AskAiStack;
  beforeAll(async () => {
    stack = await startAskAiStack();
  });
  afterAll(() => stack.close());

  it('refuses a request whose answer fits the ceiling but whose thinking room does not, before any call', async () => {
    const organisationId = 'domain:reasoning-ceiling.example';
    // GPT-6 Astra: $50 per million output tokens and 4,096 tokens of thinking room. 500 answer tokens alone
    // would be $0.025; with the thinking room the worst case is about $0.23, above a $0.10 ceiling.
    await stack.setSettings(organisationId, { budgets: { perRequestCeilingUsd: 0.1 }, cacheTtlSeconds: 0 });
    const before = stack.servers.openai.requests.length;
    const attempt = stack.askAi(
      askRequest({ organisationId, model: 'gpt-6-astra', maxOutputTokens: 500, tokenLimitJustification: 'long-form-section' }),
    );
    await expect(attempt).rejects.toBeInstanceOf(RequestOverCeilingError);
    await expect(
      stack.askAi(askRequest({ organisationId, model: 'gpt-6-astra', maxOutputTokens: 500, tokenLimitJustification: 'long-form-section' })),
    ).rejects.toThrow(/could cost up to \$0\.2/);
    expect(stack.servers.openai.requests.length).toBe(before);
  });

  it('admits the same request on a model with reasoning turned off (effort none)', async () => {
    const organisationId = 'domain:plain-ceiling.example';
    await stack.setSettings(organisationId, { budgets: { perRequestCeilingUsd: 0.1 }, cacheTtlSeconds: 0 });
    const result = await stack.askAi(
      askRequest({ organisationId, model: 'gpt-6-sol', maxOutputTokens: 500, tokenLimitJustification: 'long-form-section' }),
    );
    expect(result.provider).toBe('openai');
    const sent = stack.servers.openai.requests.at(-1)?.body as Record<string, unknown>;
    expect(sent).toMatchObject({ model: 'gpt-6-sol', max_completion_tokens: 500, reasoning_effort: 'none' });
  });
});

import { RateLimitedError } from '../../../../backend/src/ai/providers/provider-errors';
import { askRequest, startAskAiStack, type AskAiStack } from '../../../support/ask-ai-stack';

const openAiCalls = (stack: AskAiStack) => stack.servers.openai.requests.filter((request) => request.path === '/v1/chat/completions');

/** A burst of 429s must not strand the next fill: it calls the model again, and only its own organisation rests. */
describe('after a burst of rate limits', () => {
  let stack: AskAiStack;
  beforeEach(async () => {
    stack = await startAskAiStack({ retryPolicy: { maxAttempts: 4, maxAttemptsPerModel: 3 }, attemptTimeoutMs: 400, deadlineMs: 5000 });
  });
  afterEach(() => stack.close());

  it('the next request calls the resting model anyway when nothing else is there, and succeeds', async () => {
    const organisationId = 'domain:burst.example';
    stack.servers.openai.enqueue(
      ...Array.from({ length: 3 }, () => ({ kind: 'error' as const, status: 429, message: 'Rate limit reached for requests.' })),
    );
    await expect(stack.askAi(askRequest({ organisationId, model: 'gpt-6-luna' }))).rejects.toBeInstanceOf(RateLimitedError);
    expect(openAiCalls(stack)).toHaveLength(3);

    const result = await stack.askAi(askRequest({ organisationId, model: 'gpt-6-luna' }));
    expect(result.provider).toBe('openai');
    expect(openAiCalls(stack)).toHaveLength(4);
  });

  it("another organisation on the same server-wide connection is not rested by the first one's burst", async () => {
    stack.servers.openai.enqueue(
      ...Array.from({ length: 3 }, () => ({ kind: 'error' as const, status: 429, message: 'Rate limit reached for requests.' })),
    );
    await stack.setSettings('domain:bursting.example', { fallbackModels: ['anthropic:claude-haiku-4-5'] });
    await expect(stack.askAi(askRequest({ organisationId: 'domain:bursting.example', model: 'gpt-6-luna' }))).resolves.toMatchObject({
      provider: 'anthropic',
    });
    const callsBefore = openAiCalls(stack).length;
    await stack.setSettings('domain:calm.example', { fallbackModels: ['anthropic:claude-haiku-4-5'] });
    const calm = await stack.askAi(askRequest({ organisationId: 'domain:calm.example', model: 'gpt-6-luna' }));
    expect(calm.provider).toBe('openai');
    expect(openAiCalls(stack).length).toBe(callsBefore + 1);
  });
});

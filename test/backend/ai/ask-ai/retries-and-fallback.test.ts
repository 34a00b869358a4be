import { AuthenticationError, ProviderTimeoutError, ServerError } from '../../../../backend/src/ai/providers/provider-errors';
import { askRequest, startAskAiStack, type AskAiStack } from '../../../support/ask-ai-stack';

const openAiCalls = (stack: AskAiStack) => stack.servers.openai.requests.filter((request) => request.path === '/v1/chat/completions');
const anthropicCalls = (stack: AskAiStack) => stack.servers.anthropic.requests.filter((request) => request.path === '/v1/messages');

describe('execute: one retry layer, attempt cap, Retry-After, deadline and fallback models', () => {
  let stack: AskAiStack;
  beforeEach(async () => {
    stack = await startAskAiStack({ retryPolicy: { maxAttempts: 5, maxAttemptsPerModel: 3 }, attemptTimeoutMs: 400, deadlineMs: 5000 });
  });
  afterEach(() => stack.close());

  it('calls a provider that always fails no more than the attempt cap, fallbacks on it included', async () => {
    const organisationId = 'domain:always-failing.example';
    await stack.setSettings(organisationId, { fallbackModels: ['openai:gpt-6-sol', 'openai:gpt-5.6-luna'] });
    stack.servers.openai.setDefault({ kind: 'error', status: 500, message: 'The server had an error.' });

    await expect(stack.askAi(askRequest({ organisationId, model: 'gpt-6-luna' }))).rejects.toBeInstanceOf(ServerError);

    const models = openAiCalls(stack).map((request) => (request.body as { model: string }).model);
    expect(models).toEqual(['gpt-6-luna', 'gpt-6-luna', 'gpt-6-luna', 'gpt-6-sol', 'gpt-6-sol']);
    // 5xx answers are not billed: no usage record, nothing left reserved.
    expect(await stack.usageRecords(organisationId)).toEqual([]);
    for (const [, totals] of await stack.counters(organisationId)) expect(totals).toEqual({ reserved: 0, spent: 0 });
  });

  it('serves the request from the fallback model when the primary is down, and the record names both models', async () => {
    const organisationId = 'domain:fallback.example';
    await stack.setSettings(organisationId, { fallbackModels: ['anthropic:claude-haiku-4-5'] });
    stack.servers.openai.setDefault({ kind: 'error', status: 503, message: 'Service unavailable.' });
    stack.servers.anthropic.enqueue({ kind: 'reply', text: 'Written by Claude.', usage: { inputTokens: 40, outputTokens: 10 } });

    const request = askRequest({ organisationId, model: 'gpt-6-luna' });
    const result = await stack.askAi(request);

    expect(result).toMatchObject({
      text: 'Written by Claude.',
      provider: 'anthropic',
      model: 'claude-haiku-4-5',
      requestedModel: 'gpt-6-luna',
      attempts: 4,
    });
    expect(result.warnings.join(' ')).toMatch(/fallback model anthropic:claude-haiku-4-5/);
    expect(openAiCalls(stack)).toHaveLength(3);
    const records = await stack.usageRecords(organisationId);
    expect(records).toEqual([
      expect.objectContaining({
        requestId: request.requestId,
        requestedProvider: 'openai',
        requestedModel: 'gpt-6-luna',
        provider: 'anthropic',
        servedModel: 'claude-haiku-4-5',
        status: 'success',
        attempt: 4,
        costNanoDollars: 90_000,
      }),
    ]);
  });

  it('never stores a fallback model’s output under the primary model’s cache key', async () => {
    const organisationId = 'domain:fallback-cache.example';
    await stack.setSettings(organisationId, { fallbackModels: ['anthropic:claude-haiku-4-5'] });
    stack.servers.openai.enqueue({ kind: 'error', status: 500 }, { kind: 'error', status: 500 }, { kind: 'error', status: 500 });
    const instruction = 'Write the cached fallback sentence.';
    const first = await stack.askAi(askRequest({ organisationId, instruction, model: 'gpt-6-luna' }));
    expect(first.provider).toBe('anthropic');

    // Asking for the primary again finds nothing under its key (the primary now rests, so Claude writes anew).
    const second = await stack.askAi(askRequest({ organisationId, instruction, model: 'gpt-6-luna' }));
    expect(second).toMatchObject({ cached: false, provider: 'anthropic' });
    expect(anthropicCalls(stack)).toHaveLength(2);
    const third = await stack.askAi(askRequest({ organisationId, instruction, model: 'claude-haiku-4-5' }));
    expect(third).toMatchObject({ cached: true, text: first.text });
  });

  it('stops at once on a rejected key and cools that model down, so the next request goes straight to the fallback', async () => {
    const organisationId = 'domain:bad-key.example';
    await stack.setSettings(organisationId, { fallbackModels: ['anthropic:claude-haiku-4-5'] });
    stack.servers.openai.enqueue({ kind: 'error', status: 401, message: 'Incorrect API key provided.' });

    const refusal = stack.askAi(askRequest({ organisationId, model: 'gpt-6-luna' }));
    await expect(refusal).rejects.toBeInstanceOf(AuthenticationError);
    await expect(refusal).rejects.toMatchObject({ abortsFill: true });
    expect(openAiCalls(stack)).toHaveLength(1);
    expect(anthropicCalls(stack)).toHaveLength(0);

    const next = await stack.askAi(askRequest({ organisationId, model: 'gpt-6-luna' }));
    expect(next.provider).toBe('anthropic');
    expect(next.warnings.join(' ')).toMatch(/openai:gpt-6-luna is failing right now/);
    expect(openAiCalls(stack)).toHaveLength(1);
  });

  it('waits what Retry-After asks before retrying the same model', async () => {
    const organisationId = 'domain:retry-after.example';
    stack.servers.openai.enqueue({ kind: 'error', status: 429, headers: { 'retry-after': '1' } });
    const result = await stack.askAi(askRequest({ organisationId, model: 'gpt-6-luna' }));
    expect(result.attempts).toBe(2);
    const [first, second] = openAiCalls(stack);
    expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it('does not wait for a Retry-After over 60 s: it moves to the fallback model at once', async () => {
    const organisationId = 'domain:long-retry-after.example';
    await stack.setSettings(organisationId, { fallbackModels: ['gemini:gemini-3.5-flash-lite'] });
    stack.servers.openai.enqueue({ kind: 'error', status: 429, headers: { 'retry-after': '120' } });
    const startedAt = Date.now();
    const result = await stack.askAi(askRequest({ organisationId, model: 'gpt-6-luna' }));
    expect(result.provider).toBe('gemini');
    expect(Date.now() - startedAt).toBeLessThan(2000);
    expect(openAiCalls(stack)).toHaveLength(1);
  });

  it('gives up cleanly at the deadline when the provider hangs', async () => {
    const organisationId = 'domain:hanging.example';
    stack.servers.openai.setDefault({ kind: 'hang' });
    const startedAt = Date.now();
    await expect(stack.askAi(askRequest({ organisationId, model: 'gpt-6-luna', deadlineAt: Date.now() + 1000 }))).rejects.toBeInstanceOf(
      ProviderTimeoutError,
    );
    expect(Date.now() - startedAt).toBeLessThan(1500);
    for (const [, totals] of await stack.counters(organisationId)) expect(totals.reserved).toBe(0);
  });
});

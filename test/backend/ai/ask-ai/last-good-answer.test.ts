import { BadRequestError, ServerError } from '../../../../backend/src/ai/providers/provider-errors';
import { askRequest, startAskAiStack, type AskAiStack } from '../../../support/ask-ai-stack';

const openAiCalls = (stack: AskAiStack) => stack.servers.openai.requests.filter((request) => request.path === '/v1/chat/completions');
const anthropicCalls = (stack: AskAiStack) => stack.servers.anthropic.requests.filter((request) => request.path === '/v1/messages');

describe('askAI serves the last good answer when every provider is down, if the organisation allows it', () => {
  let stack: AskAiStack;
  let clockShiftMs = 0;
  beforeEach(async () => {
    stack = await startAskAiStack({ retryPolicy: { maxAttempts: 4, maxAttemptsPerModel: 2 }, attemptTimeoutMs: 400, deadlineMs: 5000 });
    clockShiftMs = 0;
    stack.dependencies.now = () => Date.now() + clockShiftMs;
  });
  afterEach(() => stack.close());

  /** A tag that is never served from the cache (cache lifetime 0), answered once by OpenAI. */
  async function answeredOnce(organisationId: string, instruction: string) {
    stack.servers.openai.enqueue({ kind: 'reply', text: 'The good answer.', usage: { inputTokens: 30, outputTokens: 8 } });
    const first = await stack.askAi(askRequest({ organisationId, instruction, model: 'gpt-6-luna', cacheTtlSeconds: 0 }));
    expect(first).toMatchObject({ text: 'The good answer.', cached: false });
    expect(first.lastGoodAnswer).toBeUndefined();
    return first;
  }

  it('answers with the prompt’s last good answer, marked with its age, free, recorded as stale and counted nowhere as spend', async () => {
    const organisationId = 'domain:last-good.example';
    await stack.setSettings(organisationId, { serveLastGoodAnswer: true, fallbackModels: ['anthropic:claude-haiku-4-5'] });
    const instruction = 'Write the boilerplate disclaimer.';
    await answeredOnce(organisationId, instruction);
    const spentBefore = await stack.counters(organisationId);

    clockShiftMs = 3 * 60_000;
    stack.servers.openai.setDefault({ kind: 'error', status: 503, message: 'Service unavailable.' });
    stack.servers.anthropic.setDefault({ kind: 'error', status: 529, message: 'Overloaded.' });
    const request = askRequest({ organisationId, instruction, model: 'gpt-6-luna', cacheTtlSeconds: 0 });
    const stale = await stack.askAi(request);

    expect(stale).toMatchObject({
      text: 'The good answer.',
      cached: true,
      cost: 0,
      provider: 'openai',
      model: 'gpt-6-luna',
      lastGoodAnswer: { ageSeconds: 180 },
    });
    expect(stale.warnings).toEqual([
      'Every AI provider was down, so this is the last good answer to the same prompt, written 3 minutes ago by openai:gpt-6-luna.',
    ]);
    // Both providers were really tried first, with their retries.
    expect(openAiCalls(stack)).toHaveLength(3);
    expect(anthropicCalls(stack)).toHaveLength(2);

    const records = (await stack.usageRecords(organisationId)).filter((record) => record.requestId === request.requestId);
    expect(records).toEqual([
      expect.objectContaining({ status: 'stale', cached: true, costNanoDollars: 0, costUsd: 0, servedModel: 'gpt-6-luna', attempt: 0 }),
    ]);
    // Nothing was charged and nothing stays reserved for the stale answer.
    const spentAfter = await stack.counters(organisationId);
    for (const [counter, totals] of spentAfter) {
      expect(totals.reserved).toBe(0);
      expect(totals.spent).toBe(spentBefore.get(counter)?.spent ?? 0);
    }
  });

  it('is off by default: the request fails with the provider’s error', async () => {
    const organisationId = 'domain:last-good-off.example';
    const instruction = 'Write the off-by-default sentence.';
    await answeredOnce(organisationId, instruction);
    stack.servers.openai.setDefault({ kind: 'error', status: 500, message: 'The server had an error.' });
    await expect(stack.askAi(askRequest({ organisationId, instruction, model: 'gpt-6-luna', cacheTtlSeconds: 0 }))).rejects.toBeInstanceOf(
      ServerError,
    );
  });

  it('never papers over a bad request, and never serves another prompt’s or another organisation’s answer', async () => {
    const organisationId = 'domain:last-good-scope.example';
    const other = 'domain:last-good-other.example';
    await stack.setSettings(organisationId, { serveLastGoodAnswer: true });
    await stack.setSettings(other, { serveLastGoodAnswer: true });
    const instruction = 'Write the scoped sentence.';
    await answeredOnce(organisationId, instruction);

    stack.servers.openai.enqueue({ kind: 'error', status: 400, message: 'Invalid request.' });
    await expect(stack.askAi(askRequest({ organisationId, instruction, model: 'gpt-6-luna', cacheTtlSeconds: 0 }))).rejects.toBeInstanceOf(
      BadRequestError,
    );

    stack.servers.openai.setDefault({ kind: 'error', status: 500, message: 'The server had an error.' });
    await expect(
      stack.askAi(askRequest({ organisationId, instruction: `${instruction} Differently.`, model: 'gpt-6-luna', cacheTtlSeconds: 0 })),
    ).rejects.toBeInstanceOf(ServerError);
    await expect(
      stack.askAi(askRequest({ organisationId: other, instruction, model: 'gpt-6-luna', cacheTtlSeconds: 0 })),
    ).rejects.toBeInstanceOf(ServerError);
    // The same prompt in its own organisation is still served.
    await expect(stack.askAi(askRequest({ organisationId, instruction, model: 'gpt-6-luna', cacheTtlSeconds: 0 }))).resolves.toMatchObject({
      text: 'The good answer.',
      lastGoodAnswer: expect.any(Object),
    });
  });
});

describe('askAI honours the cache lifetime of the request (a tag’s or its template’s)', () => {
  let stack: AskAiStack;
  let clockShiftMs = 0;
  beforeEach(async () => {
    stack = await startAskAiStack();
    clockShiftMs = 0;
    stack.dependencies.now = () => Date.now() + clockShiftMs;
  });
  afterEach(() => stack.close());

  it('serves a week-long boilerplate answer past the organisation’s day, never caches a lifetime of 0, and an organisation at 0 caches nothing', async () => {
    const organisationId = 'domain:tag-ttl.example';
    stack.servers.openai.setDefault({ kind: 'reply', text: 'Boilerplate.', usage: { inputTokens: 10, outputTokens: 2 } });
    const week = 7 * 24 * 3600;
    const boilerplate = 'Write the fixed boilerplate paragraph.';
    await stack.askAi(askRequest({ organisationId, instruction: boilerplate, model: 'gpt-6-luna', cacheTtlSeconds: week }));
    clockShiftMs = 2 * 24 * 3600 * 1000;
    await expect(
      stack.askAi(askRequest({ organisationId, instruction: boilerplate, model: 'gpt-6-luna', cacheTtlSeconds: week })),
    ).resolves.toMatchObject({ cached: true });
    // Asked with the organisation's default day, the two-day-old entry is too old: generated again.
    await expect(stack.askAi(askRequest({ organisationId, instruction: boilerplate, model: 'gpt-6-luna' }))).resolves.toMatchObject({
      cached: false,
    });

    const today = "Write today's date in words.";
    await stack.askAi(askRequest({ organisationId, instruction: today, model: 'gpt-6-luna', cacheTtlSeconds: 0 }));
    await expect(
      stack.askAi(askRequest({ organisationId, instruction: today, model: 'gpt-6-luna', cacheTtlSeconds: 0 })),
    ).resolves.toMatchObject({
      cached: false,
    });
    expect(openAiCalls(stack)).toHaveLength(4);

    const cacheOff = 'domain:cache-off.example';
    await stack.setSettings(cacheOff, { cacheTtlSeconds: 0 });
    await stack.askAi(askRequest({ organisationId: cacheOff, instruction: boilerplate, model: 'gpt-6-luna', cacheTtlSeconds: week }));
    await expect(
      stack.askAi(askRequest({ organisationId: cacheOff, instruction: boilerplate, model: 'gpt-6-luna', cacheTtlSeconds: week })),
    ).resolves.toMatchObject({ cached: false });
  });
});

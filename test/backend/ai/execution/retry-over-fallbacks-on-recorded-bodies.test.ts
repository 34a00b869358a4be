import { CooldownTracker } from '../../../../backend/src/ai/execution/cooldown-tracker';
import { defaultRetryPolicy } from '../../../../backend/src/ai/execution/retry-policy';
import { builtInModels, createModelCatalog, type ModelReference } from '../../../../backend/src/ai/models/model-catalog';
import { costInNanoDollars } from '../../../../backend/src/ai/models/model-cost';
import type { PricedModel } from '../../../../backend/src/ai/models/priced-model';
import type { ProviderId } from '../../../../backend/src/ai/providers/provider-adapter';
import { createProviderRegistry } from '../../../../backend/src/ai/providers/create-provider-registry';
import { retryOverFallbacks, type RetryOverFallbacksInput } from '../../../../backend/src/ai/execution/retry-over-fallbacks';
import type { ModelCandidate } from '../../../../backend/src/ai/steps/select-model';
import { recordedBody, useReplayServer, type RecordedBody } from '../../../support/recorded-provider-bodies';

/**
 * The execute step with the real adapters against recorded provider bodies: what each model family is
 * sent, and how often a refusal or a thinking-only answer is called and billed.
 */
const catalog = createModelCatalog(builtInModels);
const adapters = createProviderRegistry();
const replay = useReplayServer();

function candidate(provider: ProviderId, model: string): ModelCandidate {
  const reference: ModelReference = { provider, model };
  const entry = catalog.find(reference);
  if (!entry?.prices) throw new Error(`${provider}:${model} is not priced in the catalog`);
  const baseUrl = provider === 'openai' || provider === 'openai-compatible' ? `${replay().origin}/v1` : replay().origin;
  return {
    reference,
    model: { ...entry, prices: entry.prices } as PricedModel,
    connection: { id: `key-${provider}`, apiKey: 'sk-test-execute-KEY', baseUrl },
  };
}

const openBudget: RetryOverFallbacksInput['budget'] = { cover: async () => true };

function run(candidates: ModelCandidate[], overrides: Partial<RetryOverFallbacksInput> = {}) {
  return retryOverFallbacks({
    organisationId: 'domain:execute.example',
    candidates,
    system: undefined,
    promptFor: () => ({ prompt: 'Write the introduction.', warnings: [], tokens: () => 40 }),
    temperature: 0.4,
    maxOutputTokens: 500,
    deadlineAt: Date.now() + 10_000,
    budget: openBudget,
    adapters,
    cooldowns: new CooldownTracker(),
    retryPolicy: { ...defaultRetryPolicy, baseDelayMs: 1 },
    attemptTimeoutMs: 5_000,
    sleep: async () => undefined,
    ...overrides,
  });
}

const openAiReply = (): RecordedBody => recordedBody('openai-chat-usage-reasoning-tokens-field');

describe('requests fitted to each model family', () => {
  it('gpt-5 gets max_completion_tokens with room to reason, minimal effort and no temperature (it takes none)', async () => {
    replay().enqueue(openAiReply());
    const outcome = await run([candidate('openai', 'gpt-5')]);
    expect(outcome.success).toBeDefined();
    const sent = replay().requests[0]!.body;
    expect(sent).toMatchObject({ model: 'gpt-5', max_completion_tokens: 500 + 1024, reasoning_effort: 'minimal' });
    expect(sent).not.toHaveProperty('max_tokens');
    expect(sent).not.toHaveProperty('temperature');
    expect(outcome.success?.warnings).toEqual(["GPT-5 takes no temperature setting, so the tag's temperature 0.4 was not sent."]);
  });

  it('older OpenAI chat models get max_completion_tokens and their temperature; an unknown compatible endpoint keeps max_tokens', async () => {
    replay().enqueue(openAiReply(), openAiReply());
    await run([candidate('openai', 'gpt-4o-mini')]);
    expect(replay().requests[0]!.body).toMatchObject({ max_completion_tokens: 500, temperature: 0.4 });
    const local = {
      ...candidate('openai-compatible', 'gpt-4o-mini'),
      reference: { provider: 'openai-compatible' as const, model: 'llama3.1:8b' },
    };
    await run([{ ...local, model: { ...local.model, id: 'llama3.1:8b', outputLimitParameter: undefined, reasoning: undefined } }]);
    expect(replay().requests[1]!.body).toMatchObject({ model: 'llama3.1:8b', max_tokens: 500, temperature: 0.4 });
    expect(replay().requests[1]!.body).not.toHaveProperty('max_completion_tokens');
  });

  it("Anthropic's temperature is clamped to 0..1, and a model that refuses temperature is sent none", async () => {
    replay().enqueue(recordedBody('anthropic-message-success-usage'), recordedBody('anthropic-message-success-usage'));
    const clamped = await run([candidate('anthropic', 'claude-haiku-4-5')], { temperature: 1.5 });
    expect(replay().requests[0]!.body).toMatchObject({ temperature: 1, max_tokens: 500 });
    expect(clamped.success?.warnings).toEqual(['Claude Haiku 4.5 takes a temperature from 0 to 1, so 1 was sent instead of 1.5.']);
    await run([candidate('anthropic', 'claude-haiku-5-5')], { temperature: 0.3 });
    expect(replay().requests[1]!.body).not.toHaveProperty('temperature');
    // Haiku 5.5 always thinks: the lowest effort, and room for it on top of the answer's 500 tokens.
    expect(replay().requests[1]!.body).toMatchObject({ max_tokens: 500 + 2048, output_config: { effort: 'low' } });
  });

  it('Gemini 3 gets a thinking level and Gemini 2.5 Flash-Lite a zero thinking budget, never both', async () => {
    replay().enqueue(recordedBody('gemini-generate-basic-reply'), recordedBody('gemini-generate-basic-reply'));
    await run([candidate('gemini', 'gemini-3.5-flash-lite')]);
    expect(replay().requests[0]!.body['generationConfig']).toEqual({
      maxOutputTokens: 500 + 1024,
      temperature: 0.4,
      thinkingConfig: { thinkingLevel: 'low' },
    });
    await run([candidate('gemini', 'gemini-2.5-flash-lite')]);
    expect(replay().requests[1]!.body['generationConfig']).toEqual({
      maxOutputTokens: 500,
      temperature: 0.4,
      thinkingConfig: { thinkingBudget: 0 },
    });
  });

  it('the worst case reserved covers the thinking room at the dearer output price', async () => {
    const covered: number[] = [];
    replay().enqueue(openAiReply());
    await run([candidate('openai', 'gpt-5')], {
      budget: { ...openBudget, cover: async (nanoDollars) => (covered.push(nanoDollars), true) },
    });
    const gpt5 = catalog.find({ provider: 'openai', model: 'gpt-5' })!.prices!;
    expect(covered).toEqual([costInNanoDollars(gpt5, { inputTokens: 40, cachedInputTokens: 0, outputTokens: 500 + 1024 })]);
  });
});

describe('answers that are final', () => {
  it('a refusal is called once and billed once, and no fallback model is asked', async () => {
    replay().enqueue(recordedBody('openai-chat-refusal'), openAiReply(), openAiReply());
    const outcome = await run([candidate('openai', 'gpt-4o'), candidate('openai', 'gpt-4o-mini')]);
    expect(replay().requests).toHaveLength(1);
    expect(outcome.success).toBeUndefined();
    expect(outcome.error).toMatchObject({ code: 'refused' });
    expect(outcome.attempts.map((attempt) => [attempt.billed, attempt.usage.outputTokens])).toEqual([[true, 12]]);
  });

  it('a Gemini answer whose whole limit went to thinking is billed once and not retried on the same model', async () => {
    const recorded = recordedBody('gemini-generate-thinking-thought-summary');
    const body = recorded.body as { candidates: { content: { parts: unknown[] } }[] };
    const thinkingOnly = {
      ...recorded,
      body: {
        ...body,
        candidates: [
          { ...body.candidates[0]!, content: { parts: body.candidates[0]!.content.parts.slice(0, 1) }, finishReason: 'MAX_TOKENS' },
        ],
      },
    };
    replay().enqueue(thinkingOnly, thinkingOnly, thinkingOnly);
    const outcome = await run([candidate('gemini', 'gemini-3.8-flash')]);
    expect(replay().requests).toHaveLength(1);
    expect(outcome.error).toMatchObject({ code: 'output_limit_reached' });
    expect(outcome.attempts).toHaveLength(1);
    expect(outcome.attempts[0]).toMatchObject({ billed: true, usageEstimated: false, usage: { reasoningTokens: 24 } });
  });

  it('a request too large for the per-minute limit is not retried; a plain rate limit is', async () => {
    replay().enqueue(recordedBody('openai-error-request-too-large-tpm'), openAiReply());
    const tooLarge = await run([candidate('openai', 'gpt-4o')]);
    expect(replay().requests).toHaveLength(1);
    expect(tooLarge.error).toMatchObject({ code: 'request_too_large' });
    replay().reset();
    const waits: number[] = [];
    replay().enqueue(recordedBody('openai-error-rate-limit-rpm'), openAiReply());
    const limited = await run([candidate('openai', 'gpt-4o')], {
      sleep: async (ms) => void waits.push(ms),
      deadlineAt: Date.now() + 40_000,
    });
    expect(replay().requests).toHaveLength(2);
    expect(limited.success).toBeDefined();
    // "Please try again in 20s" in the recorded message.
    expect(waits).toEqual([20_000]);
  });
});

describe('billing every token class', () => {
  it('reasoning tokens reported beside completion_tokens (xAI) are billed at the output price', async () => {
    const usage = (recordedBody('xai-usage-reasoning-tokens').body as { usage: unknown }).usage;
    replay().enqueue({
      status: 200,
      headers: {},
      body: {
        id: 'chatcmpl-frame',
        object: 'chat.completion',
        created: 0,
        model: 'gpt-4o',
        choices: [{ index: 0, message: { role: 'assistant', content: 'Text.' }, finish_reason: 'stop' }],
        usage,
      },
    });
    const outcome = await run([candidate('openai-compatible', 'gpt-4o')]);
    const prices = catalog.find({ provider: 'openai', model: 'gpt-4o' })!.prices!;
    // 2640 prompt tokens, 473 of them cached; 182 + 672 output tokens.
    expect(outcome.attempts[0]!.costNanoDollars).toBe(
      Math.ceil(((2640 - 473) * prices.input + 473 * prices.cachedInput + (182 + 672) * prices.output) * 1000 - 1e-6),
    );
  });

  it('an answer without usage is estimated from the prompt and the text, flagged, and never $0', async () => {
    const recorded = openAiReply();
    const { usage: _usage, ...withoutUsage } = recorded.body as Record<string, unknown>;
    replay().enqueue({ ...recorded, body: withoutUsage });
    const outcome = await run([candidate('openai', 'gpt-4o')]);
    const attempt = outcome.attempts[0]!;
    expect(attempt.usageEstimated).toBe(true);
    expect(outcome.success?.usageEstimated).toBe(true);
    expect(attempt.usage.inputTokens).toBe(40);
    // The recorded answer is 37 tokens in o200k.
    expect(attempt.usage.outputTokens).toBe(37);
    expect(attempt.costNanoDollars).toBeGreaterThan(0);
  });
});

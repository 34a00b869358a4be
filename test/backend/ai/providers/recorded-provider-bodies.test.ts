import type {
  GenerationRequest,
  ProviderAdapter,
  ProviderConnection,
  ProviderId,
} from '../../../../backend/src/ai/providers/provider-adapter';
import {
  AuthenticationError,
  BadRequestError,
  ContentFilteredError,
  ContextTooLongError,
  ModelNotFoundError,
  OutputLimitReachedError,
  ProviderError,
  QuotaExhaustedError,
  RateLimitedError,
  RefusedError,
  RegionUnsupportedError,
  RequestTooLargeError,
  ServerError,
} from '../../../../backend/src/ai/providers/provider-errors';
import { createProviderRegistry } from '../../../../backend/src/ai/providers/create-provider-registry';
import { recordedBody, useReplayServer, type RecordedBody } from '../../../support/recorded-provider-bodies';

/**
 * Each adapter against bodies the providers really sent (test/fixtures/provider-bodies, every file citing
 * its source), through the official SDK over HTTP: what a real answer becomes for the AI core.
 */
const registry = createProviderRegistry();
const replay = useReplayServer();

const baseUrls: Record<ProviderId, (origin: string) => string> = {
  openai: (origin) => `${origin}/v1`,
  'openai-compatible': (origin) => `${origin}/v1`,
  anthropic: (origin) => origin,
  gemini: (origin) => origin,
};

const apiKey = 'sk-test-recorded-KEY-9999';

function call(provider: ProviderId, answer: Pick<RecordedBody, 'status' | 'headers' | 'body'>, request: Partial<GenerationRequest> = {}) {
  replay().enqueue(answer);
  const adapter = registry.get(provider) as ProviderAdapter;
  const connection: ProviderConnection = {
    id: `key-${provider}`,
    apiKey,
    baseUrl: (baseUrls[provider] as (origin: string) => string)(replay().origin),
  };
  return adapter.generate(connection, {
    model: 'recorded-model',
    prompt: 'Write the introduction.',
    maxOutputTokens: 256,
    timeoutMs: 5_000,
    ...request,
  });
}

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ProviderError);
  expect(String((error as Error).message)).not.toContain(apiKey);
  // Every recorded answer is one call: the SDKs' own retries are off.
  expect(replay().requests).toHaveLength(1);
  return error as ProviderError;
}

/** A usage fragment quoted on its own, framed in the smallest completion the OpenAI wire format allows. */
function completionWithUsage(usage: unknown) {
  return {
    status: 200,
    headers: {},
    body: {
      id: 'chatcmpl-frame',
      object: 'chat.completion',
      created: 0,
      model: 'recorded-model',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Text.', refusal: null }, finish_reason: 'stop' }],
      usage,
    },
  };
}

describe('OpenAI adapter on recorded OpenAI bodies', () => {
  it('a refusal (content null, refusal set) is a billed, final RefusedError, not a retryable empty answer', async () => {
    const error = await failure(call('openai', recordedBody('openai-chat-refusal')));
    expect(error).toBeInstanceOf(RefusedError);
    expect(error).toMatchObject({
      code: 'refused',
      retryable: false,
      final: true,
      billed: true,
      usage: { inputTokens: 79, cachedInputTokens: 0, outputTokens: 12, reasoningTokens: 0 },
    });
    expect(error.message).toBe('The model declined to write this text.');
  });

  it('a plain recorded completion: text, usage and the snapshot that served it', async () => {
    const result = await call('openai', recordedBody('openai-chat-success-with-headers'));
    expect(result).toEqual({
      text: 'This is a test!',
      finishReason: 'stop',
      rawFinishReason: 'stop',
      usage: { inputTokens: 13, cachedInputTokens: 0, cacheWriteInputTokens: 0, outputTokens: 5, reasoningTokens: 0 },
      servedModel: 'gpt-4-0613',
    });
  });

  it('finish_reason "length" keeps the truncated text and says so', async () => {
    const result = await call('openai', recordedBody('openai-chat-finish-length'));
    expect(result).toMatchObject({
      text: '{"',
      finishReason: 'length',
      rawFinishReason: 'length',
      usage: { inputTokens: 79, outputTokens: 1 },
    });
  });

  it('reads completion_tokens_details.reasoning_tokens as the reasoning part of the output', async () => {
    const result = await call('openai', recordedBody('openai-chat-usage-reasoning-tokens-field'));
    expect(result.usage).toEqual({ inputTokens: 14, cachedInputTokens: 0, cacheWriteInputTokens: 0, outputTokens: 37, reasoningTokens: 0 });
    expect(result.servedModel).toBe('gpt-4o-2024-08-06');
  });

  it('a completion without usage reports none, so the AI core estimates it instead of billing $0', async () => {
    const recorded = recordedBody('openai-chat-usage-reasoning-tokens-field');
    const { usage: _usage, ...withoutUsage } = recorded.body as Record<string, unknown>;
    const result = await call('openai', { ...recorded, body: withoutUsage });
    expect(result.usage).toBeUndefined();
  });

  it.each([
    ['openai-error-request-too-large-tpm', RequestTooLargeError, { code: 'request_too_large', retryable: false, status: 429 }],
    ['openai-error-context-length-exceeded', ContextTooLongError, { code: 'context_too_long', retryable: false, status: 400 }],
    ['openai-error-insufficient-quota', QuotaExhaustedError, { code: 'quota_exhausted', abortsFill: true, status: 429 }],
    ['openai-error-rate-limit-rpm', RateLimitedError, { code: 'rate_limited', retryable: true, status: 429, retryAfterMs: 20_000 }],
    ['openai-error-invalid-api-key', AuthenticationError, { code: 'authentication', abortsFill: true, status: 401 }],
    ['openai-error-model-not-found', ModelNotFoundError, { code: 'model_not_found', retryable: false, status: 404 }],
    ['openai-error-temperature-unsupported', BadRequestError, { code: 'bad_request', retryable: false, status: 400 }],
    ['openai-error-max-tokens-unsupported', BadRequestError, { code: 'bad_request', retryable: false, status: 400 }],
  ] as const)('%s becomes %p', async (name, errorClass, expected) => {
    const error = await failure(call('openai', recordedBody(name)));
    expect(error).toBeInstanceOf(errorClass);
    expect(error).toMatchObject({ ...expected, billed: false });
  });

  it('says what to change for errors that can never succeed on retry', async () => {
    expect((await failure(call('openai', recordedBody('openai-error-request-too-large-tpm')))).message).toBe(
      "The request is larger than the provider account allows per minute. Shorten the prompt or the document text it uses, lower the tag's max output tokens, or ask an admin to raise the account's limit.",
    );
    replay().requests.length = 0;
    expect((await failure(call('openai', recordedBody('openai-error-context-length-exceeded')))).message).toContain(
      'choose a model with a larger context window',
    );
  });

  it('honours the reset hint of a rate limit that ran out (x-ratelimit-reset-* headers, as OpenAI documents them)', async () => {
    // Header names and value formats from https://platform.openai.com/docs/guides/rate-limits ("Rate limits in headers").
    const recorded = recordedBody('openai-error-rate-limit-rpm');
    const headers = {
      'x-ratelimit-remaining-requests': '0',
      'x-ratelimit-reset-requests': '1m2.5s',
      'x-ratelimit-remaining-tokens': '149984',
      'x-ratelimit-reset-tokens': '6ms',
    };
    const error = await failure(call('openai', { ...recorded, headers }));
    expect(error).toMatchObject({ code: 'rate_limited', retryAfterMs: 62_500 });
    replay().requests.length = 0;
    const withMilliseconds = await failure(call('openai', { ...recorded, headers: { ...headers, 'retry-after-ms': '1500' } }));
    expect(withMilliseconds.retryAfterMs).toBe(1_500);
    // Reset hints of limits that did not run out say nothing about when to retry: the backoff decides.
    replay().reset();
    const notExhausted = await failure(
      call('openai', { ...recorded, headers: { 'x-ratelimit-remaining-requests': '10', 'x-ratelimit-reset-requests': '20ms' } }),
    );
    expect(notExhausted.retryAfterMs).toBe(20_000); // from the recorded message: "Please try again in 20s"
  });

  it("a 5xx's rate-limit headers are not a retry hint", async () => {
    // A recorded 5xx body (Anthropic's overloaded error) with the reset headers OpenAI sends on every answer.
    const overloaded = recordedBody('anthropic-error-overloaded-529');
    const error = await failure(
      call('openai', {
        status: 500,
        headers: { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '20ms' },
        body: overloaded.body,
      }),
    );
    expect(error).toMatchObject({ code: 'server', retryAfterMs: undefined });
  });
});

describe('OpenAI-compatible services on recorded bodies', () => {
  it("Azure OpenAI's content filter (400 content_filter) is a final ContentFilteredError", async () => {
    for (const name of ['azure-openai-error-content-filter', 'azure-openai-error-content-filter-jailbreak-profanity']) {
      replay().requests.length = 0;
      const error = await failure(call('openai-compatible', recordedBody(name)));
      expect(error).toBeInstanceOf(ContentFilteredError);
      expect(error).toMatchObject({ code: 'content_filtered', final: true, retryable: false });
    }
  });

  it("xAI's reasoning tokens, reported beside completion_tokens, are billed as output", async () => {
    const recorded = recordedBody('xai-usage-reasoning-tokens');
    const result = await call('openai-compatible', completionWithUsage((recorded.body as { usage: unknown }).usage));
    // total_tokens 3494 = 2640 prompt + 182 completion + 672 reasoning.
    expect(result.usage).toEqual({
      inputTokens: 2640,
      cachedInputTokens: 473,
      cacheWriteInputTokens: 0,
      outputTokens: 182 + 672,
      reasoningTokens: 672,
    });
  });

  it('a total that counts other tokens too does not bill the reasoning twice', async () => {
    const recorded = recordedBody('xai-usage-reasoning-tokens');
    const usage = (recorded.body as { usage: { total_tokens: number } }).usage;
    // Reasoning counted inside completion_tokens (as OpenAI does), with 100 search tokens in the total.
    const inside = { ...usage, completion_tokens: 182 + 672, total_tokens: 2640 + 182 + 672 + 100 };
    expect((await call('openai-compatible', completionWithUsage(inside))).usage).toMatchObject({
      outputTokens: 182 + 672,
      reasoningTokens: 672,
    });
  });

  it("OpenRouter's cache writes are cache writes", async () => {
    const recorded = recordedBody('openrouter-usage-cost-docs');
    const result = await call('openai-compatible', completionWithUsage((recorded.body as { usage: unknown }).usage));
    expect(result.usage).toEqual({
      inputTokens: 194,
      cachedInputTokens: 0,
      cacheWriteInputTokens: 100,
      outputTokens: 2,
      reasoningTokens: 0,
    });
  });

  it("DeepSeek's prompt-cache hits count as cached input", async () => {
    const recorded = recordedBody('deepseek-usage-prompt-cache');
    const usage = (recorded.body as { usage: Record<string, number> }).usage;
    expect((await call('openai-compatible', completionWithUsage(usage))).usage).toEqual({
      inputTokens: 11,
      cachedInputTokens: 0,
      cacheWriteInputTokens: 0,
      outputTokens: 40,
      reasoningTokens: 0,
    });
    expect(
      (await call('openai-compatible', completionWithUsage({ ...usage, prompt_cache_hit_tokens: 8, prompt_cache_miss_tokens: 3 }))).usage,
    ).toMatchObject({ cachedInputTokens: 8 });
  });

  it("DeepSeek's context-length wording (code invalid_request_error) is still a ContextTooLongError", async () => {
    const error = await failure(call('openai-compatible', recordedBody('deepseek-error-context-length')));
    expect(error).toBeInstanceOf(ContextTooLongError);
  });
});

describe('Anthropic adapter on recorded Anthropic bodies', () => {
  it('reads every usage field of a recorded message, cache writes and reads apart', async () => {
    const result = await call('anthropic', recordedBody('anthropic-message-success-usage'));
    expect(result).toMatchObject({ finishReason: 'stop', servedModel: 'claude-sonnet-4-5-20250929' });
    expect(result.usage).toEqual({
      inputTokens: 406,
      cachedInputTokens: 0,
      cacheWriteInputTokens: 0,
      outputTokens: 50,
      reasoningTokens: 0,
    });
    const cached = recordedBody('anthropic-message-success-usage');
    const body = cached.body as { usage: Record<string, unknown> };
    const withCache = {
      ...cached,
      body: { ...body, usage: { ...body.usage, cache_creation_input_tokens: 1200, cache_read_input_tokens: 3000 } },
    };
    expect((await call('anthropic', withCache)).usage).toEqual({
      inputTokens: 406 + 1200 + 3000,
      cachedInputTokens: 3000,
      cacheWriteInputTokens: 1200,
      outputTokens: 50,
      reasoningTokens: 0,
    });
  });

  it('stop_reason "refusal" is a billed, final RefusedError', async () => {
    // The recorded message with the stop_reason the Messages API documents for a declined request
    // (https://docs.anthropic.com/en/api/messages, stop_reason: "refusal").
    const recorded = recordedBody('anthropic-message-success-usage');
    const refused = { ...recorded, body: { ...(recorded.body as object), content: [], stop_reason: 'refusal' } };
    const error = await failure(call('anthropic', refused));
    expect(error).toBeInstanceOf(RefusedError);
    expect(error).toMatchObject({ billed: true, final: true, usage: { inputTokens: 406, outputTokens: 50 } });
  });

  it.each([
    ['anthropic-error-overloaded-529', ServerError, { code: 'server', retryable: true, status: 529 }],
    ['anthropic-error-api-error-500', ServerError, { code: 'server', retryable: true, status: 500 }],
    ['anthropic-error-prompt-too-long', ContextTooLongError, { code: 'context_too_long', retryable: false, status: 400 }],
    ['anthropic-error-rate-limit', RateLimitedError, { code: 'rate_limited', retryable: true, status: 429 }],
    ['anthropic-error-authentication', AuthenticationError, { code: 'authentication', abortsFill: true, status: 401 }],
    ['anthropic-error-not-found-docs', ModelNotFoundError, { code: 'model_not_found', status: 404 }],
  ] as const)('%s becomes %p', async (name, errorClass, expected) => {
    const error = await failure(call('anthropic', recordedBody(name)));
    expect(error).toBeInstanceOf(errorClass);
    expect(error).toMatchObject(expected);
  });

  it('a 413 request_too_large says the request is too big for one call, and is not retried', async () => {
    // The error envelope of the recorded not-found body with the type and status Anthropic's errors page lists
    // for a request over the size limit (https://docs.anthropic.com/en/api/errors: 413 request_too_large).
    const envelope = recordedBody('anthropic-error-not-found-docs').body as { error: Record<string, string> };
    const error = await failure(
      call('anthropic', {
        status: 413,
        headers: {},
        body: { ...envelope, error: { type: 'request_too_large', message: 'Request exceeds the maximum allowed number of bytes.' } },
      }),
    );
    expect(error).toBeInstanceOf(RequestTooLargeError);
    expect(error).toMatchObject({
      retryable: false,
      message: 'The request is larger than the provider accepts in one call. Shorten the prompt or the document text it uses.',
    });
  });

  it("honours Anthropic's rate-limit reset instants when no retry-after is sent", async () => {
    // Header names from https://docs.anthropic.com/en/api/rate-limits ("Response headers"): RFC 3339 reset instants.
    const resetAt = new Date(Date.now() + 30_000).toISOString();
    const headers = {
      'anthropic-ratelimit-input-tokens-remaining': '0',
      'anthropic-ratelimit-input-tokens-reset': resetAt,
      'anthropic-ratelimit-requests-remaining': '40',
      'anthropic-ratelimit-requests-reset': new Date(Date.now() + 1000).toISOString(),
    };
    const error = await failure(call('anthropic', { ...recordedBody('anthropic-error-rate-limit'), headers }));
    expect(error.retryAfterMs).toBeGreaterThan(25_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(30_000);
  });
});

describe('Gemini adapter on recorded Gemini bodies', () => {
  it('a plain reply', async () => {
    const recorded = recordedBody('gemini-generate-basic-reply');
    const result = await call('gemini', recorded);
    const body = recorded.body as {
      candidates: { content: { parts: { text: string }[] } }[];
      usageMetadata: { promptTokenCount: number; candidatesTokenCount: number };
    };
    expect(result).toEqual({
      text: body.candidates[0]!.content.parts.map((part) => part.text).join(''),
      finishReason: 'stop',
      rawFinishReason: 'STOP',
      usage: {
        inputTokens: body.usageMetadata.promptTokenCount,
        cachedInputTokens: 0,
        outputTokens: body.usageMetadata.candidatesTokenCount,
        reasoningTokens: 0,
      },
      servedModel: 'gemini-2.0-flash',
    });
  });

  it('thinking tokens are billed as output, and a thought summary is not written as the answer', async () => {
    const result = await call('gemini', recordedBody('gemini-generate-thinking-thought-summary'));
    expect(result.text).toBe('Mountain View');
    expect(result.usage).toEqual({ inputTokens: 14, cachedInputTokens: 0, outputTokens: 2 + 24, reasoningTokens: 24 });
  });

  it('cached content tokens are cached input', async () => {
    const result = await call('gemini', recordedBody('gemini-generate-usage-cached-and-thoughts'));
    expect(result.usage).toMatchObject({ cachedInputTokens: 11243, reasoningTokens: 73 });
  });

  it.each([
    'gemini-generate-finish-safety',
    'gemini-generate-finish-recitation',
    'gemini-stream-prompt-blocked-safety',
    'gemini-stream-finish-recitation-final-chunk',
    'gemini-generate-prompt-feedback-no-block-reason',
  ])('%s is a final ContentFilteredError', async (name) => {
    const error = await failure(call('gemini', recordedBody(name)));
    expect(error).toBeInstanceOf(ContentFilteredError);
    expect(error).toMatchObject({ final: true, retryable: false, billed: true });
  });

  it('MAX_TOKENS with text keeps the text as truncated', async () => {
    const result = await call('gemini', recordedBody('gemini-generate-finish-max-tokens-partial-text'));
    expect(result.finishReason).toBe('length');
    expect(result.text.length).toBeGreaterThan(0);
  });

  it('MAX_TOKENS after thinking with no answer is billed once and not retried: the limit must grow', async () => {
    // The recorded thinking reply, cut where Google documents a thinking model can stop: the budget spent on
    // thoughts, finishReason MAX_TOKENS (https://ai.google.dev/gemini-api/docs/thinking).
    const recorded = recordedBody('gemini-generate-thinking-thought-summary');
    const body = recorded.body as { candidates: { content: { parts: unknown[] } }[] };
    const candidate = body.candidates[0]!;
    const thinkingOnly = {
      ...recorded,
      body: {
        ...body,
        candidates: [
          { ...candidate, content: { ...candidate.content, parts: candidate.content.parts.slice(0, 1) }, finishReason: 'MAX_TOKENS' },
        ],
      },
    };
    const error = await failure(call('gemini', thinkingOnly));
    expect(error).toBeInstanceOf(OutputLimitReachedError);
    expect(error).toMatchObject({ code: 'output_limit_reached', retryable: false, billed: true, usage: { reasoningTokens: 24 } });
  });

  it.each([
    ['gemini-error-api-key-invalid', AuthenticationError, { code: 'authentication', abortsFill: true }],
    ['gemini-error-user-location-unsupported', RegionUnsupportedError, { code: 'region_unsupported', abortsFill: true, retryable: false }],
    ['gemini-error-rate-limit-retryinfo', QuotaExhaustedError, { code: 'quota_exhausted', abortsFill: true }],
    ['gemini-error-model-not-found', ModelNotFoundError, { code: 'model_not_found' }],
    ['gemini-error-internal-500', ServerError, { code: 'server', retryable: true }],
    ['gemini-error-overloaded-503', ServerError, { code: 'server', retryable: true }],
  ] as const)('%s becomes %p', async (name, errorClass, expected) => {
    const error = await failure(call('gemini', recordedBody(name)));
    expect(error).toBeInstanceOf(errorClass);
    expect(error).toMatchObject(expected);
  });
});

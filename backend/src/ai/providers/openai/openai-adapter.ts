import OpenAI from 'openai';
import { createClientPool } from '../client-pool';
import type { FinishReason, GenerationRequest, GenerationResult, ProviderAdapter, ProviderConnection, ProviderId, TokenUsage } from '../provider-adapter';
import { ContentFilteredError, MalformedResponseError } from '../provider-errors';
import { normaliseOpenAiError } from './normalise-openai-error';

function finishReasonOf(raw: string | null | undefined): FinishReason {
  if (raw === 'stop') return 'stop';
  if (raw === 'length') return 'length';
  if (raw === 'content_filter') return 'content_filter';
  return 'other';
}

function usageOf(completion: OpenAI.Chat.ChatCompletion): TokenUsage {
  return {
    inputTokens: completion.usage?.prompt_tokens ?? 0,
    cachedInputTokens: completion.usage?.prompt_tokens_details?.cached_tokens ?? 0,
    outputTokens: completion.usage?.completion_tokens ?? 0,
  };
}

const clientFor = createClientPool((connection: ProviderConnection): OpenAI => {
  // Retries are the AI core's job (one retry layer); the deadline comes from our own abort signal.
  return new OpenAI({ apiKey: connection.apiKey, baseURL: connection.baseUrl, maxRetries: 0, timeout: 600_000 });
});

/** Chat completions through the official SDK; the same code serves OpenAI and OpenAI-compatible endpoints. */
export function createOpenAiAdapter(id: ProviderId = 'openai'): ProviderAdapter {
  return {
    id,
    async generate(connection, request: GenerationRequest): Promise<GenerationResult> {
      const context = { provider: id, model: request.model };
      const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [];
      if (request.system) messages.push({ role: 'system', content: request.system });
      messages.push({ role: 'user', content: request.prompt });
      const signal = AbortSignal.timeout(request.timeoutMs);
      let completion: OpenAI.Chat.ChatCompletion;
      try {
        completion = await clientFor(connection).chat.completions.create(
          { model: request.model, messages, temperature: request.temperature, max_tokens: request.maxOutputTokens },
          { signal },
        );
      } catch (error) {
        throw normaliseOpenAiError(error, { ...context, timedOut: signal.aborted });
      }
      const usage = usageOf(completion);
      const choice = completion.choices?.[0];
      if (!choice) {
        throw new MalformedResponseError({ ...context, message: 'The provider answered without any choice.', billed: true, usage });
      }
      const finishReason = finishReasonOf(choice.finish_reason);
      if (finishReason === 'content_filter') {
        throw new ContentFilteredError({ ...context, message: 'The provider filtered the generated content.', billed: true, usage });
      }
      const text = choice.message?.content;
      if (typeof text !== 'string' || text.trim() === '') {
        throw new MalformedResponseError({ ...context, message: 'The provider answered without any text.', billed: true, usage });
      }
      return { text, finishReason, rawFinishReason: choice.finish_reason ?? null, usage, servedModel: completion.model || request.model };
    },
    async testConnection(connection, options) {
      const signal = AbortSignal.timeout(options.timeoutMs);
      try {
        // Listing models is free and proves the key; retrieving the model also proves it may be used.
        await clientFor(connection).models.retrieve(options.model, { signal });
      } catch (error) {
        throw normaliseOpenAiError(error, { provider: id, model: options.model, timedOut: signal.aborted });
      }
    },
  };
}

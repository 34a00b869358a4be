import Anthropic from '@anthropic-ai/sdk';
import { createClientPool } from '../client-pool';
import type { FinishReason, GenerationRequest, GenerationResult, ProviderAdapter, ProviderConnection, TokenUsage } from '../provider-adapter';
import { ContentFilteredError, MalformedResponseError } from '../provider-errors';
import { normaliseAnthropicError } from './normalise-anthropic-error';

function finishReasonOf(raw: string | null | undefined): FinishReason {
  if (raw === 'end_turn' || raw === 'stop_sequence') return 'stop';
  if (raw === 'max_tokens' || raw === 'model_context_window_exceeded') return 'length';
  if (raw === 'refusal') return 'content_filter';
  return 'other';
}

function usageOf(message: Anthropic.Message): TokenUsage {
  const usage = message.usage;
  const cacheRead = usage?.cache_read_input_tokens ?? 0;
  const cacheWrite = usage?.cache_creation_input_tokens ?? 0;
  return {
    // Anthropic's input_tokens excludes cache reads and writes; ours counts every prompt token.
    inputTokens: (usage?.input_tokens ?? 0) + cacheRead + cacheWrite,
    cachedInputTokens: cacheRead,
    outputTokens: usage?.output_tokens ?? 0,
  };
}

function textOf(message: Anthropic.Message): string {
  const blocks: unknown[] = Array.isArray(message.content) ? message.content : [];
  return blocks
    .filter((block): block is { type: 'text'; text: string } => {
      const candidate = block as { type?: unknown; text?: unknown } | null;
      return candidate?.type === 'text' && typeof candidate.text === 'string';
    })
    .map((block) => block.text)
    .join('');
}

const clientFor = createClientPool((connection: ProviderConnection): Anthropic => {
  // Retries are the AI core's job (one retry layer); the deadline comes from our own abort signal.
  return new Anthropic({ apiKey: connection.apiKey, baseURL: connection.baseUrl, maxRetries: 0, timeout: 600_000 });
});

/** Messages API through the official SDK, one user turn with an optional system prompt. */
export function createAnthropicAdapter(): ProviderAdapter {
  const id = 'anthropic' as const;
  return {
    id,
    async generate(connection, request: GenerationRequest): Promise<GenerationResult> {
      const context = { provider: id, model: request.model };
      const params: Anthropic.MessageCreateParamsNonStreaming = {
        model: request.model,
        max_tokens: request.maxOutputTokens,
        messages: [{ role: 'user', content: request.prompt }],
      };
      if (request.system) params.system = request.system;
      // The SDK's types omit temperature (some newer models reject it); the API still takes it for the others.
      if (request.temperature !== undefined) (params as { temperature?: number }).temperature = request.temperature;
      const signal = AbortSignal.timeout(request.timeoutMs);
      let message: Anthropic.Message;
      try {
        message = await clientFor(connection).messages.create(params, { signal });
      } catch (error) {
        throw normaliseAnthropicError(error, { ...context, timedOut: signal.aborted });
      }
      if (!message || typeof message !== 'object') {
        throw new MalformedResponseError({ ...context, message: 'The provider answered without a message.', billed: true });
      }
      const usage = usageOf(message);
      const rawFinishReason = message.stop_reason ?? null;
      const finishReason = finishReasonOf(rawFinishReason);
      if (finishReason === 'content_filter') {
        throw new ContentFilteredError({ ...context, message: 'The provider refused to generate the content.', billed: true, usage });
      }
      const text = textOf(message);
      if (text.trim() === '') {
        throw new MalformedResponseError({ ...context, message: 'The provider answered without any text.', billed: true, usage });
      }
      return { text, finishReason, rawFinishReason, usage, servedModel: message.model || request.model };
    },
    async testConnection(connection, options) {
      const signal = AbortSignal.timeout(options.timeoutMs);
      try {
        // Free, proves the key, and proves the model exists for it. Request options are the third argument.
        await clientFor(connection).models.retrieve(options.model, {}, { signal });
      } catch (error) {
        throw normaliseAnthropicError(error, { provider: id, model: options.model, timedOut: signal.aborted });
      }
    },
  };
}

import { attemptSignal } from '../attempt-signal';
import Anthropic from '@anthropic-ai/sdk';
import { createClientPool } from '../client-pool';
import type { ProviderAdapterOptions } from '../provider-descriptor';
import type {
  FinishReason,
  GenerationRequest,
  GenerationResult,
  ProviderAdapter,
  ProviderConnection,
  TokenUsage,
} from '../provider-adapter';
import { ContextTooLongError, MalformedResponseError, OutputLimitReachedError, RefusedError } from '../provider-errors';
import { sdkLogger } from '../sdk-logger';
import { normaliseAnthropicError } from './normalise-anthropic-error';

function finishReasonOf(raw: string | null | undefined): FinishReason {
  if (raw === 'end_turn' || raw === 'stop_sequence') return 'stop';
  if (raw === 'max_tokens' || raw === 'model_context_window_exceeded') return 'length';
  if (raw === 'refusal') return 'refusal';
  return 'other';
}

/** `output_tokens_details` is newer than some SDK typings; thinking is counted inside output_tokens. */
type UsageBody = Anthropic.Usage & { output_tokens_details?: { thinking_tokens?: number | null } | null };

function usageOf(message: Anthropic.Message): TokenUsage | undefined {
  const usage = message.usage as UsageBody | undefined;
  if (!usage || typeof usage.input_tokens !== 'number' || typeof usage.output_tokens !== 'number') return undefined;
  const cacheRead = usage.cache_read_input_tokens ?? 0;
  const cacheWrite = usage.cache_creation_input_tokens ?? 0;
  return {
    // Anthropic's input_tokens excludes cache reads and writes; ours counts every prompt token.
    inputTokens: usage.input_tokens + cacheRead + cacheWrite,
    cachedInputTokens: cacheRead,
    cacheWriteInputTokens: cacheWrite,
    outputTokens: usage.output_tokens,
    reasoningTokens: usage.output_tokens_details?.thinking_tokens ?? 0,
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

/** Messages API through the official SDK, one user turn with an optional system prompt. */
export function createAnthropicAdapter(options: ProviderAdapterOptions): ProviderAdapter {
  const id = 'anthropic' as const;
  const clientFor = createClientPool((connection: ProviderConnection): Anthropic => {
    // Retries are the AI core's job (one retry layer); the deadline comes from our own abort signal. The SDK's
    // warnings (deprecated models) go through our logger instead of console.warn.
    return new Anthropic({
      apiKey: connection.apiKey,
      baseURL: connection.baseUrl,
      maxRetries: 0,
      timeout: 600_000,
      logger: sdkLogger('anthropic', options.logger),
      ...(options.outbound ? { fetch: options.outbound.fetch } : {}),
    });
  });
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
      // The SDK's types omit temperature (newer models reject it, and the catalog leaves it out for them).
      if (request.temperature !== undefined) (params as { temperature?: number }).temperature = request.temperature;
      // Models whose adaptive thinking is always on think at the lowest effort; max_tokens already has room for it.
      if (request.reasoning?.effort)
        params.output_config = { effort: request.reasoning.effort as NonNullable<Anthropic.OutputConfig['effort']> };
      const signal = attemptSignal(request);
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
      if (finishReason === 'refusal') {
        throw new RefusedError({ ...context, message: 'The model declined to write this text.', billed: true, usage });
      }
      const text = textOf(message);
      if (text.trim() === '' && rawFinishReason === 'model_context_window_exceeded') {
        throw new ContextTooLongError({
          ...context,
          billed: true,
          usage,
          message:
            'The prompt filled the whole context window before the model could write. Shorten the prompt or the document text it uses, or choose a model with a larger context window.',
        });
      }
      if (text.trim() === '' && finishReason === 'length') {
        throw new OutputLimitReachedError({
          ...context,
          billed: true,
          usage,
          message: "The model used the whole output limit before writing any text; raise the tag's max output tokens.",
        });
      }
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

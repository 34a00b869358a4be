import { attemptSignal } from '../attempt-signal';
import OpenAI from 'openai';
import { createClientPool } from '../client-pool';
import type { ProviderAdapterOptions } from '../provider-descriptor';
import type {
  FinishReason,
  GenerationRequest,
  GenerationResult,
  ProviderAdapter,
  ProviderConnection,
  ProviderId,
} from '../provider-adapter';
import { ContentFilteredError, MalformedResponseError, OutputLimitReachedError, RefusedError } from '../provider-errors';
import { sdkLogger } from '../sdk-logger';
import { normaliseOpenAiError } from './normalise-openai-error';
import { openAiUsageOf, type OpenAiUsageBody } from './openai-usage';

function finishReasonOf(raw: string | null | undefined): FinishReason {
  if (raw === 'stop') return 'stop';
  if (raw === 'length') return 'length';
  if (raw === 'content_filter') return 'content_filter';
  return 'other';
}

/** The chat completion body: the fitted token-limit parameter, and a reasoning effort for reasoning models. */
function completionParams(request: GenerationRequest): OpenAI.Chat.ChatCompletionCreateParamsNonStreaming {
  const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [];
  if (request.system) messages.push({ role: 'system', content: request.system });
  messages.push({ role: 'user', content: request.prompt });
  const params: OpenAI.Chat.ChatCompletionCreateParamsNonStreaming = { model: request.model, messages };
  if (request.outputLimitParameter === 'max_completion_tokens') params.max_completion_tokens = request.maxOutputTokens;
  else params.max_tokens = request.maxOutputTokens;
  if (request.temperature !== undefined) params.temperature = request.temperature;
  if (request.reasoning?.effort) params.reasoning_effort = request.reasoning.effort as OpenAI.ReasoningEffort;
  return params;
}

/** Chat completions through the official SDK; the same code serves OpenAI and OpenAI-compatible endpoints. */
export function createOpenAiAdapter(id: ProviderId, options: ProviderAdapterOptions): ProviderAdapter {
  const clientFor = createClientPool((connection: ProviderConnection): OpenAI => {
    // Retries are the AI core's job (one retry layer); the deadline comes from our own abort signal.
    return new OpenAI({
      apiKey: connection.apiKey,
      baseURL: connection.baseUrl,
      maxRetries: 0,
      timeout: 600_000,
      logger: sdkLogger('openai', options.logger),
      ...(options.outbound ? { fetch: options.outbound.fetch } : {}),
    });
  });
  return {
    id,
    async generate(connection, request: GenerationRequest): Promise<GenerationResult> {
      const context = { provider: id, model: request.model };
      const signal = attemptSignal(request);
      let completion: OpenAI.Chat.ChatCompletion;
      try {
        completion = await clientFor(connection).chat.completions.create(completionParams(request), { signal });
      } catch (error) {
        throw normaliseOpenAiError(error, { ...context, timedOut: signal.aborted });
      }
      const usage = openAiUsageOf(completion.usage as OpenAiUsageBody | undefined);
      const choice = completion.choices?.[0];
      if (!choice) {
        throw new MalformedResponseError({ ...context, message: 'The provider answered without any choice.', billed: true, usage });
      }
      const finishReason = finishReasonOf(choice.finish_reason);
      if (typeof choice.message?.refusal === 'string' && choice.message.refusal !== '') {
        throw new RefusedError({ ...context, message: 'The model declined to write this text.', billed: true, usage });
      }
      if (finishReason === 'content_filter') {
        throw new ContentFilteredError({
          ...context,
          message: "The provider's content filter withheld the generated text.",
          billed: true,
          usage,
        });
      }
      const text = choice.message?.content;
      if (typeof text !== 'string' || text.trim() === '') {
        if (finishReason === 'length') {
          throw new OutputLimitReachedError({
            ...context,
            billed: true,
            usage,
            message: "The model used the whole output limit before writing any text; raise the tag's max output tokens.",
          });
        }
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

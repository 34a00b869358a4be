import OpenAI from 'openai';
import type { FinishReason, GenerationRequest, GenerationResult, ProviderAdapter, ProviderConnection, ProviderId } from '../provider-adapter';
import { ContentFilteredError, MalformedResponseError } from '../provider-errors';
import { normaliseOpenAiError } from './normalise-openai-error';

function finishReasonOf(raw: string | null | undefined): FinishReason {
  if (raw === 'stop') return 'stop';
  if (raw === 'length') return 'length';
  if (raw === 'content_filter') return 'content_filter';
  return 'other';
}

/** Chat completions through the official SDK; the same code serves OpenAI and OpenAI-compatible endpoints. */
export function createOpenAiAdapter(id: ProviderId = 'openai'): ProviderAdapter {
  const clientFor = (connection: ProviderConnection, timeoutMs: number) =>
    // Retries are the AI core's job: one retry layer, so the SDK's own retries are off.
    new OpenAI({ apiKey: connection.apiKey, baseURL: connection.baseUrl, maxRetries: 0, timeout: timeoutMs });

  return {
    id,
    async generate(connection, request: GenerationRequest): Promise<GenerationResult> {
      const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [];
      if (request.system) messages.push({ role: 'system', content: request.system });
      messages.push({ role: 'user', content: request.prompt });
      let completion: OpenAI.Chat.ChatCompletion;
      try {
        completion = await clientFor(connection, request.timeoutMs).chat.completions.create({
          model: request.model,
          messages,
          temperature: request.temperature,
          max_tokens: request.maxOutputTokens,
        });
      } catch (error) {
        throw normaliseOpenAiError(error, { provider: id, model: request.model });
      }
      const choice = completion.choices?.[0];
      const usage = { inputTokens: completion.usage?.prompt_tokens ?? 0, outputTokens: completion.usage?.completion_tokens ?? 0 };
      if (!choice) {
        throw new MalformedResponseError({ provider: id, model: request.model, message: 'The provider answered without any choice.', billed: true });
      }
      const finishReason = finishReasonOf(choice.finish_reason);
      if (finishReason === 'content_filter') {
        throw new ContentFilteredError({ provider: id, model: request.model, message: 'The provider filtered the generated content.', billed: true });
      }
      const text = choice.message?.content;
      if (typeof text !== 'string') {
        throw new MalformedResponseError({ provider: id, model: request.model, message: 'The provider answered without text.', billed: true });
      }
      return { text, finishReason, rawFinishReason: choice.finish_reason ?? null, usage, servedModel: completion.model || request.model };
    },
    async testConnection(connection, timeoutMs) {
      try {
        await clientFor(connection, timeoutMs).models.list();
      } catch (error) {
        throw normaliseOpenAiError(error, { provider: id, model: '(models.list)' });
      }
    },
  };
}

import { attemptSignal } from '../attempt-signal';
import { GoogleGenerativeAI, type GenerativeModel, type ModelParams, type RequestOptions } from '@google/generative-ai';
import type {
  FinishReason,
  GenerationRequest,
  GenerationResult,
  ProviderAdapter,
  ProviderConnection,
  TokenUsage,
} from '../provider-adapter';
import { ContentFilteredError, MalformedResponseError, OutputLimitReachedError } from '../provider-errors';
import { withGlobalFetch } from '../../../platform/outbound/scoped-global-fetch';
import type { ProviderAdapterOptions } from '../provider-descriptor';
import { normaliseGeminiError } from './normalise-gemini-error';

/** The parts of generateContent's JSON we read; fields the 0.24 typings lack (modelVersion, thoughts) included. */
interface RawResponse {
  candidates?: { content?: { parts?: { text?: unknown; thought?: unknown }[] }; finishReason?: string }[];
  promptFeedback?: { blockReason?: string; blockReasonMessage?: string };
  usageMetadata?: {
    promptTokenCount?: number;
    candidatesTokenCount?: number;
    thoughtsTokenCount?: number;
    cachedContentTokenCount?: number;
  };
  modelVersion?: string;
}

/** Finish reasons that mean the provider withheld the output under a policy. */
const filteredReasons = new Set(['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII']);

function finishReasonOf(raw: string | undefined): FinishReason {
  if (raw === 'STOP') return 'stop';
  if (raw === 'MAX_TOKENS') return 'length';
  if (raw !== undefined && filteredReasons.has(raw)) return 'content_filter';
  return 'other';
}

function usageOf(response: RawResponse): TokenUsage | undefined {
  const usage = response.usageMetadata;
  if (!usage || typeof usage.promptTokenCount !== 'number') return undefined;
  const thoughts = usage.thoughtsTokenCount ?? 0;
  return {
    // promptTokenCount already includes the cached part.
    inputTokens: usage.promptTokenCount,
    cachedInputTokens: usage.cachedContentTokenCount ?? 0,
    // Thinking tokens are billed as output but reported apart from the candidates.
    outputTokens: (usage.candidatesTokenCount ?? 0) + thoughts,
    reasoningTokens: thoughts,
  };
}

/** Gemini 2.5 takes a thinking budget, Gemini 3 a thinking level; sending both is refused with a 400. */
function thinkingConfigOf(request: GenerationRequest): Record<string, unknown> | undefined {
  if (request.reasoning?.level) return { thinkingLevel: request.reasoning.level };
  if (request.reasoning?.budgetTokens !== undefined) return { thinkingBudget: request.reasoning.budgetTokens };
  return undefined;
}

function modelFor(connection: ProviderConnection, params: ModelParams): GenerativeModel {
  // No SDK `timeout`: its timer is never cleared and keeps the process alive; our abort signal is the deadline.
  const options: RequestOptions = connection.baseUrl ? { baseUrl: connection.baseUrl } : {};
  return new GoogleGenerativeAI(connection.apiKey).getGenerativeModel(params, options);
}

/** generateContent through the official SDK (which has no retries: the AI core's execute step is the one retry layer). */
export function createGeminiAdapter(options: ProviderAdapterOptions): ProviderAdapter {
  const id = 'gemini' as const;
  // The SDK has no fetch option: its calls run with the guard's fetch as the global one, in their scope only.
  const guarded = <T>(work: () => Promise<T>): Promise<T> => (options.outbound ? withGlobalFetch(options.outbound.fetch, work) : work());
  return {
    id,
    async generate(connection, request: GenerationRequest): Promise<GenerationResult> {
      const context = { provider: id, model: request.model };
      const signal = attemptSignal(request);
      let response: RawResponse;
      try {
        const thinkingConfig = thinkingConfigOf(request);
        const model = modelFor(connection, {
          model: request.model,
          ...(request.system ? { systemInstruction: request.system } : {}),
          // The SDK passes generationConfig through as JSON; its 0.24 typings predate thinkingConfig.
          generationConfig: {
            maxOutputTokens: request.maxOutputTokens,
            ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
            ...(thinkingConfig ? { thinkingConfig } : {}),
          } as ModelParams['generationConfig'],
        });
        // The raw JSON, not response.text(): text() throws on blocked content and hides the finish reason.
        response = (await guarded(() => model.generateContent(request.prompt, { signal }))).response as RawResponse;
      } catch (error) {
        throw normaliseGeminiError(error, { ...context, timedOut: signal.aborted });
      }
      const usage = usageOf(response);
      const candidate = response.candidates?.[0];
      // No candidate with prompt feedback (a block reason, or only its message): the prompt was refused.
      if (!candidate && (response.promptFeedback?.blockReason || response.promptFeedback?.blockReasonMessage)) {
        throw new ContentFilteredError({
          ...context,
          message: 'The provider refused the prompt under its content policy.',
          billed: true,
          usage,
        });
      }
      if (!candidate) {
        throw new MalformedResponseError({ ...context, message: 'The provider answered without any candidate.', billed: true, usage });
      }
      const finishReason = finishReasonOf(candidate.finishReason);
      if (finishReason === 'content_filter') {
        throw new ContentFilteredError({ ...context, message: 'The provider filtered the generated content.', billed: true, usage });
      }
      // Thought summaries (parts marked `thought`) are not the answer.
      const text = (candidate.content?.parts ?? [])
        .map((part) => (typeof part.text === 'string' && part.thought !== true ? part.text : ''))
        .join('');
      if (text.trim() === '' && finishReason === 'length') {
        throw new OutputLimitReachedError({
          ...context,
          billed: true,
          usage,
          message: "The model used the whole output limit thinking before writing any text; raise the tag's max output tokens.",
        });
      }
      if (text.trim() === '') {
        throw new MalformedResponseError({ ...context, message: 'The provider answered without any text.', billed: true, usage });
      }
      return {
        text,
        finishReason,
        rawFinishReason: candidate.finishReason ?? null,
        usage,
        servedModel: response.modelVersion || request.model,
      };
    },
    async testConnection(connection, options) {
      const signal = AbortSignal.timeout(options.timeoutMs);
      try {
        // Counting tokens is free and proves both the key and that the model exists for it.
        await guarded(() => modelFor(connection, { model: options.model }).countTokens('ping', { signal }));
      } catch (error) {
        throw normaliseGeminiError(error, { provider: id, model: options.model, timedOut: signal.aborted });
      }
    },
  };
}

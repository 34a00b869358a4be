import { bearerTokenOf } from './bearer-token';
import { estimateTokens, resolveReply } from './deterministic-reply';
import { arrayField, isRecord, numberField, stringField, textOfContent } from './message-text';
import type { ProviderServer, ProviderServerOptions } from './provider-behaviour';
import { startProviderServer } from './provider-server';
import { randomId } from './random-id';
import { chatCompletionStreamEvents } from './openai-stream-events';
import { openAIUsage, type OpenAIChoiceOutcome } from './openai-choice-outcome';
import {
  InvalidProviderRequest,
  type GenerationRequestSummary,
  type ProviderError,
  type RenderedBehaviour,
  type WireFormat,
  type WireResponse,
} from './wire-format';

export const defaultOpenAIModels = ['gpt-6-luna', 'gpt-4o', 'gpt-4.1-mini'];

const systemFingerprint = 'fp_stand_in01';

/** Real OpenAI error `type` and `code` for each status when a test does not name one. */
const errorDefaults: Record<number, { type: string; code: string | null; message: string }> = {
  400: { type: 'invalid_request_error', code: null, message: 'Invalid request.' },
  401: {
    type: 'invalid_request_error',
    code: 'invalid_api_key',
    message:
      "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
  },
  403: {
    type: 'invalid_request_error',
    code: 'unsupported_country_region_territory',
    message: 'Country, region, or territory not supported',
  },
  404: { type: 'invalid_request_error', code: 'model_not_found', message: 'The model does not exist or you do not have access to it.' },
  429: { type: 'requests', code: 'rate_limit_exceeded', message: 'Rate limit reached for requests. Please try again later.' },
  500: { type: 'server_error', code: null, message: 'The server had an error while processing your request. Sorry about that!' },
  503: { type: 'server_error', code: null, message: 'The engine is currently overloaded, please try again later.' },
};

function openAIError(error: ProviderError): WireResponse {
  const defaults = errorDefaults[error.status] ?? {
    type: error.status >= 500 ? 'server_error' : 'invalid_request_error',
    code: null,
    message: 'Request failed.',
  };
  return {
    kind: 'json',
    status: error.status,
    headers: error.headers,
    body: {
      error: { message: error.message ?? defaults.message, type: error.errorType ?? defaults.type, param: null, code: defaults.code },
    },
  };
}

function summarise(body: unknown): GenerationRequestSummary {
  const model = stringField(body, 'model');
  const messages = arrayField(body, 'messages');
  if (!model) throw new InvalidProviderRequest('you must provide a model parameter');
  if (messages.length === 0) throw new InvalidProviderRequest("[] is too short - 'messages'");
  const userMessages = messages.filter((message) => stringField(message, 'role') === 'user');
  const lastUser = userMessages[userMessages.length - 1];
  return {
    model,
    promptText: messages.map((message) => textOfContent(isRecord(message) ? message['content'] : undefined)).join(''),
    lastUserText: lastUser && isRecord(lastUser) ? textOfContent(lastUser['content']) : '',
    maxOutputTokens: numberField(body, 'max_completion_tokens') ?? numberField(body, 'max_tokens'),
  };
}

function outcomeOf(behaviour: RenderedBehaviour, summary: GenerationRequestSummary): OpenAIChoiceOutcome | undefined {
  const inputTokens = estimateTokens(summary.promptText);
  switch (behaviour.kind) {
    case 'reply': {
      const reply = resolveReply(behaviour, summary, { stop: 'stop', length: 'length' });
      return { content: reply.text, finishReason: reply.finishReason, inputTokens: reply.inputTokens, outputTokens: reply.outputTokens };
    }
    case 'content-filtered':
      // Azure and OpenAI moderation both end the choice with no content at all.
      return { content: null, finishReason: 'content_filter', inputTokens, outputTokens: 0 };
    case 'empty':
      return { content: '', finishReason: 'stop', inputTokens, outputTokens: 0 };
    case 'malformed':
      return undefined;
  }
}

function render(behaviour: RenderedBehaviour, summary: GenerationRequestSummary, body: unknown): WireResponse {
  const streaming = isRecord(body) && body['stream'] === true;
  const outcome = outcomeOf(behaviour, summary);
  const envelope = {
    id: randomId('chatcmpl-', 29),
    created: Math.floor(Date.now() / 1000),
    model: summary.model,
    system_fingerprint: systemFingerprint,
  };
  if (streaming) {
    const streamOptions = isRecord(body) ? body['stream_options'] : undefined;
    const includeUsage = isRecord(streamOptions) && streamOptions['include_usage'] === true;
    return { kind: 'event-stream', events: chatCompletionStreamEvents(envelope, outcome, includeUsage) };
  }
  if (!outcome)
    return {
      kind: 'raw-json',
      status: 200,
      text: `{"id":"${envelope.id}","object":"chat.completion","choices":[{"index":0,"message":{"role":"assis`,
    };
  return {
    kind: 'json',
    status: 200,
    body: {
      ...envelope,
      object: 'chat.completion',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: outcome.content, refusal: null, annotations: [] },
          logprobs: null,
          finish_reason: outcome.finishReason,
        },
      ],
      usage: openAIUsage(outcome),
      service_tier: 'default',
    },
  };
}

function modelObject(id: string): Record<string, unknown> {
  return { id, object: 'model', created: 1_715_367_049, owned_by: 'system' };
}

export const openAIWireFormat: WireFormat = {
  provider: 'openai',
  baseUrlFor: (origin) => `${origin}/v1`,
  apiKeyOf: bearerTokenOf,
  findRoute: (method, path, models) => {
    if (method === 'POST' && path === '/v1/chat/completions') return { kind: 'generation', summarise, render };
    if (method === 'GET' && path === '/v1/models') {
      return { kind: 'fixed', respond: () => ({ kind: 'json', status: 200, body: { object: 'list', data: models.map(modelObject) } }) };
    }
    const single = /^\/v1\/models\/(.+)$/.exec(path);
    if (method === 'GET' && single?.[1] !== undefined) {
      const id = single[1];
      return {
        kind: 'fixed',
        respond: () =>
          models.includes(id)
            ? { kind: 'json', status: 200, body: modelObject(id) }
            : openAIError({ status: 404, message: `The model '${id}' does not exist` }),
      };
    }
    return undefined;
  },
  errorResponse: openAIError,
  responseHeaders: () => ({ 'x-request-id': randomId('req_', 32), 'openai-version': '2020-10-01' }),
};

export function startOpenAIServer(options?: ProviderServerOptions): Promise<ProviderServer> {
  return startProviderServer(openAIWireFormat, defaultOpenAIModels, options);
}

import { bearerTokenOf } from './bearer-token';
import { estimateTokens, resolveReply } from './deterministic-reply';
import { arrayField, isRecord, numberField, stringField, textOfContent } from './message-text';
import type { ProviderServer, ProviderServerOptions } from './provider-behaviour';
import { startProviderServer } from './provider-server';
import { randomId } from './random-id';
import {
  InvalidProviderRequest,
  type GenerationRequestSummary,
  type ProviderError,
  type RenderedBehaviour,
  type WireFormat,
  type WireResponse,
} from './wire-format';

export const defaultAnthropicModels = ['claude-haiku-5-5', 'claude-sonnet-4-6', 'claude-haiku-4-5', 'claude-opus-4-7'];

/** Anthropic's documented error `type` for each status. */
const errorDefaults: Record<number, { type: string; message: string }> = {
  400: { type: 'invalid_request_error', message: 'Invalid request.' },
  401: { type: 'authentication_error', message: 'x-api-key header is required' },
  403: { type: 'permission_error', message: 'Your API key does not have permission to use the specified resource.' },
  404: { type: 'not_found_error', message: 'Not found' },
  413: { type: 'request_too_large', message: 'Request exceeds the maximum allowed number of bytes.' },
  429: { type: 'rate_limit_error', message: 'Number of request tokens has exceeded your per-minute rate limit.' },
  500: { type: 'api_error', message: 'Internal server error' },
  529: { type: 'overloaded_error', message: 'Overloaded' },
};

function anthropicError(error: ProviderError): WireResponse {
  const defaults = errorDefaults[error.status] ?? {
    type: error.status >= 500 ? 'api_error' : 'invalid_request_error',
    message: 'Request failed.',
  };
  return {
    kind: 'json',
    status: error.status,
    headers: error.headers,
    body: {
      type: 'error',
      error: { type: error.errorType ?? defaults.type, message: error.message ?? defaults.message },
      request_id: randomId('req_', 24),
    },
  };
}

function systemText(system: unknown): string {
  return textOfContent(system);
}

function readMessages(body: unknown): { role: string; text: string }[] {
  return arrayField(body, 'messages').map((message) => ({
    role: stringField(message, 'role') ?? '',
    text: textOfContent(isRecord(message) ? message['content'] : undefined),
  }));
}

function summarise(body: unknown): GenerationRequestSummary {
  const model = stringField(body, 'model');
  const maxTokens = numberField(body, 'max_tokens');
  if (!model) throw new InvalidProviderRequest('model: Field required');
  if (maxTokens === undefined) throw new InvalidProviderRequest('max_tokens: Field required');
  const messages = readMessages(body);
  if (messages.length === 0) throw new InvalidProviderRequest('messages: at least one message is required');
  const userMessages = messages.filter((message) => message.role === 'user');
  return {
    model,
    promptText: systemText(isRecord(body) ? body['system'] : undefined) + messages.map((message) => message.text).join(''),
    lastUserText: userMessages[userMessages.length - 1]?.text ?? '',
    maxOutputTokens: maxTokens,
  };
}

function usage(inputTokens: number, outputTokens: number): Record<string, unknown> {
  return {
    input_tokens: inputTokens,
    output_tokens: outputTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
    server_tool_use: null,
    service_tier: 'standard',
  };
}

function render(behaviour: RenderedBehaviour, summary: GenerationRequestSummary): WireResponse {
  const id = randomId('msg_01', 22);
  if (behaviour.kind === 'malformed') {
    return { kind: 'raw-json', status: 200, text: `{"id":"${id}","type":"message","role":"assistant","content":[{"type":"te` };
  }
  const inputTokens = estimateTokens(summary.promptText);
  const message = (
    content: unknown[],
    stopReason: string,
    outputUsage: Record<string, unknown>,
    stopDetails: unknown = null,
  ): WireResponse => ({
    kind: 'json',
    status: 200,
    body: {
      id,
      type: 'message',
      role: 'assistant',
      model: summary.model,
      content,
      stop_reason: stopReason,
      stop_sequence: null,
      stop_details: stopDetails,
      usage: outputUsage,
    },
  });
  switch (behaviour.kind) {
    case 'reply': {
      const reply = resolveReply(behaviour, summary, { stop: 'end_turn', length: 'max_tokens' });
      return message(
        [{ type: 'text', text: reply.text, citations: null }],
        reply.finishReason,
        usage(reply.inputTokens, reply.outputTokens),
      );
    }
    case 'content-filtered':
      // Claude's streaming classifiers end the turn with `refusal` and whatever was produced so far (here nothing).
      return message([], 'refusal', usage(inputTokens, 0), { type: 'refusal', category: null, explanation: null });
    case 'empty':
      return message([], 'end_turn', usage(inputTokens, 0));
  }
}

function modelInfo(id: string): Record<string, unknown> {
  return { type: 'model', id, display_name: id.replace(/-/g, ' '), created_at: '2025-09-29T00:00:00Z' };
}

function countTokens(body: unknown): WireResponse {
  const prompt =
    systemText(isRecord(body) ? body['system'] : undefined) +
    readMessages(body)
      .map((message) => message.text)
      .join('');
  return { kind: 'json', status: 200, body: { input_tokens: estimateTokens(prompt) } };
}

export const anthropicWireFormat: WireFormat = {
  provider: 'anthropic',
  baseUrlFor: (origin) => origin,
  // @anthropic-ai/sdk 1.x sends even a plain `apiKey` as `Authorization: Bearer`; curl and older SDKs use x-api-key.
  apiKeyOf: (headers) => headers['x-api-key'] ?? bearerTokenOf(headers),
  findRoute: (method, path, models) => {
    if (method === 'POST' && path === '/v1/messages') return { kind: 'generation', summarise, render };
    if (method === 'POST' && path === '/v1/messages/count_tokens') return { kind: 'fixed', respond: countTokens };
    if (method === 'GET' && path === '/v1/models') {
      const data = models.map(modelInfo);
      return {
        kind: 'fixed',
        respond: () => ({
          kind: 'json',
          status: 200,
          body: { data, has_more: false, first_id: models[0] ?? null, last_id: models[models.length - 1] ?? null },
        }),
      };
    }
    const single = /^\/v1\/models\/(.+)$/.exec(path);
    if (method === 'GET' && single?.[1] !== undefined) {
      const id = single[1];
      return {
        kind: 'fixed',
        respond: () =>
          models.includes(id)
            ? { kind: 'json', status: 200, body: modelInfo(id) }
            : anthropicError({ status: 404, message: `model: ${id}` }),
      };
    }
    return undefined;
  },
  errorResponse: anthropicError,
  responseHeaders: () => ({ 'request-id': randomId('req_', 24) }),
};

export function startAnthropicServer(options?: ProviderServerOptions): Promise<ProviderServer> {
  return startProviderServer(anthropicWireFormat, defaultAnthropicModels, options);
}

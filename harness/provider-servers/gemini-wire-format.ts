import { estimateTokens, resolveReply } from './deterministic-reply';
import { arrayField, isRecord, numberField, stringField, textOfContent } from './message-text';
import type { ProviderServer, ProviderServerOptions } from './provider-behaviour';
import { startProviderServer } from './provider-server';
import { randomId } from './random-id';
import { geminiStreamEvents } from './gemini-stream-events';
import { geminiCandidateBody, usageMetadata, type GeminiCandidateOutcome } from './gemini-candidate-body';
import {
  InvalidProviderRequest,
  type GenerationRequestSummary,
  type ProviderError,
  type RenderedBehaviour,
  type Route,
  type WireFormat,
  type WireResponse,
} from './wire-format';

export const defaultGeminiModels = ['gemini-3.5-flash-lite', 'gemini-3.8-flash', 'gemini-2.5-flash-lite'];

/** google.rpc status names the Generative Language API uses for each HTTP status. */
const errorDefaults: Record<number, { status: string; message: string }> = {
  400: { status: 'INVALID_ARGUMENT', message: 'Request contains an invalid argument.' },
  401: {
    status: 'UNAUTHENTICATED',
    message:
      'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
  },
  403: { status: 'PERMISSION_DENIED', message: 'The caller does not have permission' },
  404: { status: 'NOT_FOUND', message: 'Requested entity was not found.' },
  429: { status: 'RESOURCE_EXHAUSTED', message: 'You exceeded your current quota, please check your plan and billing details.' },
  500: {
    status: 'INTERNAL',
    message: 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
  },
  503: { status: 'UNAVAILABLE', message: 'The model is overloaded. Please try again later.' },
  504: { status: 'DEADLINE_EXCEEDED', message: 'Deadline expired before operation could complete.' },
};

function geminiError(error: ProviderError): WireResponse {
  const defaults = errorDefaults[error.status] ?? {
    status: error.status >= 500 ? 'INTERNAL' : 'FAILED_PRECONDITION',
    message: 'Request failed.',
  };
  // Gemini announces its back-off in a RetryInfo detail, and the SDK exposes details but not headers.
  const retryAfter = error.headers?.['retry-after'];
  const details =
    retryAfter === undefined ? undefined : [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${retryAfter}s` }];
  return {
    kind: 'json',
    status: error.status,
    headers: error.headers,
    body: {
      error: {
        code: error.status,
        message: error.message ?? defaults.message,
        status: error.errorType ?? defaults.status,
        ...(details ? { details } : {}),
      },
    },
  };
}

function textOfParts(content: unknown): string {
  return textOfContent(isRecord(content) ? content['parts'] : content);
}

/** countTokens wraps the whole generate request; generateContent sends it bare. */
function generateRequestOf(body: unknown): unknown {
  return isRecord(body) && isRecord(body['generateContentRequest']) ? body['generateContentRequest'] : body;
}

function promptTextOf(request: unknown): string {
  const system = isRecord(request) ? request['systemInstruction'] : undefined;
  return (typeof system === 'string' ? system : textOfParts(system)) + arrayField(request, 'contents').map(textOfParts).join('');
}

function summariser(model: string): (body: unknown) => GenerationRequestSummary {
  return (body) => {
    const contents = arrayField(body, 'contents');
    if (contents.length === 0) throw new InvalidProviderRequest('* GenerateContentRequest.contents: contents is not specified');
    // A turn without a role is a user turn, as the API documents.
    const userTurns = contents.filter((content) => (stringField(content, 'role') ?? 'user') === 'user');
    const lastUser = userTurns[userTurns.length - 1];
    const generationConfig = isRecord(body) ? body['generationConfig'] : undefined;
    return {
      model,
      promptText: promptTextOf(body),
      lastUserText: lastUser === undefined ? '' : textOfParts(lastUser),
      maxOutputTokens: numberField(generationConfig, 'maxOutputTokens'),
    };
  };
}

function renderer(streaming: boolean) {
  return (behaviour: RenderedBehaviour, summary: GenerationRequestSummary): WireResponse => {
    const envelope = { modelVersion: summary.model, responseId: randomId('', 22) };
    if (behaviour.kind === 'malformed') {
      return streaming
        ? { kind: 'event-stream', events: ['{"candidates":[{"content":{"parts":[{"te'] }
        : { kind: 'raw-json', status: 200, text: '{"candidates":[{"content":{"parts":[{"te' };
    }
    const inputTokens = estimateTokens(summary.promptText);
    if (behaviour.kind === 'content-filtered') {
      const body = {
        promptFeedback: {
          blockReason: 'SAFETY',
          safetyRatings: [
            { category: 'HARM_CATEGORY_SEXUALLY_EXPLICIT', probability: 'NEGLIGIBLE' },
            { category: 'HARM_CATEGORY_HATE_SPEECH', probability: 'NEGLIGIBLE' },
            { category: 'HARM_CATEGORY_HARASSMENT', probability: 'NEGLIGIBLE' },
            { category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH', blocked: true },
          ],
        },
        usageMetadata: usageMetadata(inputTokens, 0),
        ...envelope,
      };
      return streaming ? { kind: 'event-stream', events: [JSON.stringify(body)] } : { kind: 'json', status: 200, body };
    }
    const outcome: GeminiCandidateOutcome =
      behaviour.kind === 'empty'
        ? { text: undefined, finishReason: 'STOP', inputTokens, outputTokens: 0 }
        : resolveReply(behaviour, summary, { stop: 'STOP', length: 'MAX_TOKENS' });
    if (streaming) return { kind: 'event-stream', events: geminiStreamEvents(outcome, envelope) };
    return { kind: 'json', status: 200, body: geminiCandidateBody(outcome, envelope) };
  };
}

function modelResource(id: string): Record<string, unknown> {
  return {
    name: `models/${id}`,
    version: '001',
    displayName: id,
    description: `Stand-in for ${id}`,
    inputTokenLimit: 1_048_576,
    outputTokenLimit: 65_536,
    supportedGenerationMethods: ['generateContent', 'countTokens'],
    temperature: 1,
    topP: 0.95,
    topK: 64,
    maxTemperature: 2,
  };
}

function countTokens(body: unknown): WireResponse {
  const tokens = estimateTokens(promptTextOf(generateRequestOf(body)));
  return { kind: 'json', status: 200, body: { totalTokens: tokens, promptTokensDetails: [{ modality: 'TEXT', tokenCount: tokens }] } };
}

const apiVersion = '(v1|v1beta|v1alpha)';

function findRoute(method: string, path: string, models: readonly string[]): Route | undefined {
  const task = new RegExp(`^/${apiVersion}/models/([^/:]+):([A-Za-z]+)$`).exec(path);
  if (method === 'POST' && task?.[2] !== undefined) {
    const model = task[2];
    if (task[3] === 'generateContent') return { kind: 'generation', summarise: summariser(model), render: renderer(false) };
    if (task[3] === 'streamGenerateContent') return { kind: 'generation', summarise: summariser(model), render: renderer(true) };
    if (task[3] === 'countTokens') return { kind: 'fixed', respond: countTokens };
    return undefined;
  }
  if (method === 'GET' && new RegExp(`^/${apiVersion}/models$`).test(path)) {
    return { kind: 'fixed', respond: () => ({ kind: 'json', status: 200, body: { models: models.map(modelResource) } }) };
  }
  const single = new RegExp(`^/${apiVersion}/models/([^/:]+)$`).exec(path);
  if (method === 'GET' && single?.[2] !== undefined) {
    const id = single[2];
    return {
      kind: 'fixed',
      respond: () =>
        models.includes(id)
          ? { kind: 'json', status: 200, body: modelResource(id) }
          : geminiError({
              status: 404,
              message: `models/${id} is not found for API version ${single[1]}, or is not supported for generateContent.`,
            }),
    };
  }
  return undefined;
}

export const geminiWireFormat: WireFormat = {
  provider: 'gemini',
  baseUrlFor: (origin) => origin,
  // The REST API also accepts `?key=`; the SDK always uses the header.
  apiKeyOf: (headers) => headers['x-goog-api-key'],
  findRoute,
  errorResponse: geminiError,
  responseHeaders: () => ({ 'x-goog-request-id': randomId('', 16) }),
};

export function startGeminiServer(options?: ProviderServerOptions): Promise<ProviderServer> {
  return startProviderServer(geminiWireFormat, defaultGeminiModels, options);
}

import OpenAI from 'openai';
import {
  ContentFilteredError,
  AuthenticationError,
  BadRequestError,
  ContextTooLongError,
  MalformedResponseError,
  ModelNotFoundError,
  PermissionError,
  ProviderError,
  ProviderTimeoutError,
  QuotaExhaustedError,
  RateLimitedError,
  ServerError,
  UnavailableError,
} from '../provider-errors';
import { parseRetryAfter } from '../parse-retry-after';
import { thrownShape } from '../thrown-shape';

interface Context {
  provider: string;
  model: string;
  /** Our own deadline signal fired: whatever the SDK threw, the cause is the timeout. */
  timedOut: boolean;
}

/**
 * Maps whatever the OpenAI SDK threw onto the AI core's error classes. Provider messages are not copied:
 * they can echo parts of the key. Checks go by status and name because SDK classes loaded twice (as under
 * jest) fail instanceof.
 */
export function normaliseOpenAiError(error: unknown, context: Context): ProviderError {
  if (error instanceof ProviderError) return error;
  const base = { provider: context.provider, model: context.model, cause: error };
  if (context.timedOut) return new ProviderTimeoutError({ ...base, message: 'The provider did not answer in time.' });
  const shape = thrownShape(error);
  const status = shape.status;
  if (typeof status === 'number') {
    const apiError = error as InstanceType<typeof OpenAI.APIError>;
    const code = String(apiError.code ?? '');
    const type = String(apiError.type ?? '');
    const withStatus = { ...base, status };
    if (status === 401) return new AuthenticationError({ ...withStatus, message: 'The provider rejected the API key.' });
    if (status === 403) return new PermissionError({ ...withStatus, message: 'The API key is not allowed to use this model or endpoint.' });
    if (status === 404) return new ModelNotFoundError({ ...withStatus, message: `The provider does not know the model "${context.model}".` });
    if (status === 429 && (code === 'insufficient_quota' || type === 'insufficient_quota')) {
      return new QuotaExhaustedError({ ...withStatus, message: 'The provider account has run out of quota or credit.' });
    }
    if (status === 429) {
      return new RateLimitedError({ ...withStatus, retryAfterMs: parseRetryAfter(apiError.headers), message: 'The provider is rate limiting requests.' });
    }
    if ((status === 400 || status === 413) && (code === 'context_length_exceeded' || /context length|too many tokens/i.test(apiError.message))) {
      return new ContextTooLongError({ ...withStatus, message: 'The prompt is longer than the model accepts.' });
    }
    if (status === 400 && code === 'content_filter') {
      return new ContentFilteredError({ ...withStatus, message: 'The provider refused the prompt under its content policy.' });
    }
    if (status >= 400 && status < 500) {
      return new BadRequestError({ ...withStatus, message: `The provider refused the request (HTTP ${status}).` });
    }
    return new ServerError({ ...withStatus, retryAfterMs: parseRetryAfter(apiError.headers), message: `The provider failed (HTTP ${status}).` });
  }
  // The SDK's classes keep name "Error"; the class name tells them apart (timeout extends connection error).
  const name = shape.className || shape.name;
  if (name === 'APIConnectionTimeoutError') return new ProviderTimeoutError({ ...base, message: 'The provider did not answer in time.' });
  if (name === 'APIConnectionError') return new UnavailableError({ ...base, message: 'The provider could not be reached.' });
  // A 2xx body that is not JSON: the provider did the work, so the attempt counts as billed.
  if (shape.name === 'SyntaxError' || /JSON/i.test(shape.message)) {
    return new MalformedResponseError({ ...base, billed: true, message: 'The provider sent a response that is not valid JSON.' });
  }
  return new MalformedResponseError({ ...base, message: 'The provider call failed unexpectedly.' });
}

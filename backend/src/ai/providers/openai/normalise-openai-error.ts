import OpenAI from 'openai';
import {
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

interface Context {
  provider: string;
  model: string;
}

/** Maps whatever the OpenAI SDK threw onto the AI core's error classes. Provider messages are not copied. */
export function normaliseOpenAiError(error: unknown, context: Context): ProviderError {
  if (error instanceof ProviderError) return error;
  const base = { ...context, cause: error };
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return new ProviderTimeoutError({ ...base, message: 'The provider did not answer in time.' });
  }
  if (error instanceof OpenAI.APIUserAbortError) {
    return new ProviderTimeoutError({ ...base, message: 'The request to the provider was cancelled.' });
  }
  if (error instanceof OpenAI.APIConnectionError) {
    return new UnavailableError({ ...base, message: 'The provider could not be reached.' });
  }
  if (error instanceof OpenAI.APIError && typeof error.status === 'number') {
    const status = error.status;
    const code = error.code ?? '';
    const withStatus = { ...base, status };
    if (status === 401) return new AuthenticationError({ ...withStatus, message: 'The provider rejected the API key.' });
    if (status === 403) return new PermissionError({ ...withStatus, message: 'The API key is not allowed to use this model or endpoint.' });
    if (status === 404) return new ModelNotFoundError({ ...withStatus, message: `The provider does not know the model "${context.model}".` });
    if (status === 429 && code === 'insufficient_quota') {
      return new QuotaExhaustedError({ ...withStatus, message: 'The provider account has run out of quota or credit.' });
    }
    if (status === 429) {
      return new RateLimitedError({ ...withStatus, retryAfterMs: parseRetryAfter(error.headers), message: 'The provider is rate limiting requests.' });
    }
    if (status === 400 && code === 'context_length_exceeded') {
      return new ContextTooLongError({ ...withStatus, message: 'The prompt is longer than the model accepts.' });
    }
    if (status >= 400 && status < 500) {
      return new BadRequestError({ ...withStatus, message: `The provider refused the request (HTTP ${status}).` });
    }
    return new ServerError({ ...withStatus, retryAfterMs: parseRetryAfter(error.headers), message: `The provider failed (HTTP ${status}).` });
  }
  if (error instanceof SyntaxError || (error instanceof OpenAI.OpenAIError && /JSON/i.test(error.message))) {
    return new MalformedResponseError({ ...base, message: 'The provider sent a response that is not valid JSON.' });
  }
  return new MalformedResponseError({ ...base, message: 'The provider call failed unexpectedly.' });
}

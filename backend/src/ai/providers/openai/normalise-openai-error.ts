import type OpenAI from 'openai';
import type { ProviderError } from '../provider-errors';
import { errorForHttpFailure, normaliseThrown, stainlessTransportError, type NormaliseContext } from '../normalise-provider-error';
import { parseDuration, parseRetryAfter, rateLimitResetMs } from '../parse-retry-after';

/** OpenAI's rate-limit messages say when to come back ("Please try again in 20s", "in 6ms", "in 1m30s"). */
function retryHintOf(message: string): number | undefined {
  const match = /try again in ((?:\d+(?:\.\d+)?(?:ms|h|m|s))+)/i.exec(message);
  return match?.[1] === undefined ? undefined : parseDuration(match[1]);
}

/**
 * Maps whatever the OpenAI SDK threw onto the AI core's error classes. Provider messages are only matched,
 * never copied: they can echo parts of the key.
 */
export function normaliseOpenAiError(error: unknown, context: NormaliseContext): ProviderError {
  return normaliseThrown(error, context, (shape, base) => {
    const status = shape.status;
    if (status === undefined) return stainlessTransportError(shape, base);
    const apiError = error as InstanceType<typeof OpenAI.APIError>;
    const code = String(apiError.code ?? '');
    const type = String(apiError.type ?? '');
    return errorForHttpFailure(
      {
        status,
        quotaExhausted: status === 429 && (code === 'insufficient_quota' || type === 'insufficient_quota'),
        contextTooLong: code === 'context_length_exceeded' || /context length|too many tokens/i.test(apiError.message),
        // A 429 "Request too large … tokens per min": bigger than the whole per-minute limit, so waiting cannot help.
        requestTooLarge: status === 429 && /request too large/i.test(apiError.message),
        contentFiltered: status === 400 && code === 'content_filter',
        retryAfterMs:
          parseRetryAfter(apiError.headers) ??
          (status === 429 ? (rateLimitResetMs(apiError.headers) ?? retryHintOf(apiError.message)) : undefined),
      },
      base,
    );
  });
}

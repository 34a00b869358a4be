import { BadRequestError, MalformedResponseError, ProviderTimeoutError, UnavailableError, type ProviderError } from '../provider-errors';
import { errorForHttpFailure, normaliseThrown, type NormaliseContext } from '../normalise-provider-error';

/** One entry of a google.rpc error's `details` (RetryInfo, QuotaFailure, ErrorInfo…), as the SDK passes it on. */
type ErrorDetail = Record<string, unknown> & { '@type'?: unknown };

/** The duck-typed shape of GoogleGenerativeAIFetchError: the SDK's only error that carries an HTTP status. */
interface FetchErrorLike {
  status: number;
  message: string;
  errorDetails?: unknown;
}

function detailsOf(error: FetchErrorLike): ErrorDetail[] {
  return Array.isArray(error.errorDetails) ? error.errorDetails.filter((d): d is ErrorDetail => typeof d === 'object' && d !== null) : [];
}

function detailOfType(details: ErrorDetail[], type: string): ErrorDetail | undefined {
  return details.find((detail) => typeof detail['@type'] === 'string' && detail['@type'].endsWith(`/google.rpc.${type}`));
}

/**
 * The provider's own words, without the SDK's "Error fetching from <url>: [status text]" prefix: the URL
 * names the task (`:countTokens`), which would otherwise match the context-length test below. Used for
 * classification only, never copied into our messages.
 */
function providerMessageOf(error: FetchErrorLike): string {
  return error.message.replace(/^[\s\S]*?\[\d{3}[^\]]*\]\s*/, '');
}

/** google.protobuf.Duration as JSON ("7s", "1.5s") in milliseconds. */
function retryDelayMs(details: ErrorDetail[]): number | undefined {
  const delay = detailOfType(details, 'RetryInfo')?.['retryDelay'];
  if (typeof delay !== 'string') return undefined;
  const match = /^(\d+(?:\.\d+)?)s$/.exec(delay.trim());
  return match?.[1] === undefined ? undefined : Math.round(Number(match[1]) * 1000);
}

/**
 * Gemini answers 429 RESOURCE_EXHAUSTED both for per-minute rate limits and for spent quota, with the
 * same "exceeded your current quota" message. A per-day QuotaFailure will not clear within a fill, so it
 * is exhaustion; otherwise a RetryInfo says "come back soon", and only a quota/billing message with no
 * RetryInfo is read as exhaustion.
 */
function isQuotaExhausted(details: ErrorDetail[], message: string): boolean {
  const violations = detailOfType(details, 'QuotaFailure')?.['violations'];
  const perDay = Array.isArray(violations) && violations.some((v) => /per ?day/i.test(String((v as { quotaId?: unknown })?.quotaId ?? '')));
  if (perDay) return true;
  return detailOfType(details, 'RetryInfo') === undefined && /billing|exceeded your current quota/i.test(message);
}

function isInvalidKey(details: ErrorDetail[], message: string): boolean {
  return detailOfType(details, 'ErrorInfo')?.['reason'] === 'API_KEY_INVALID' || /API key not valid/i.test(message);
}

/**
 * Maps whatever the Gemini SDK threw onto the AI core's error classes. Provider messages are only matched,
 * never copied: they can echo parts of the key.
 */
export function normaliseGeminiError(error: unknown, context: NormaliseContext): ProviderError {
  return normaliseThrown(error, context, (shape, base) => {
    if (shape.status !== undefined) {
      // GoogleGenerativeAIFetchError, the SDK's only error that carries an HTTP status.
      const fetchError = error as FetchErrorLike;
      const status = shape.status;
      const details = detailsOf(fetchError);
      const message = providerMessageOf(fetchError);
      return errorForHttpFailure(
        {
          status,
          invalidKey: status === 400 && isInvalidKey(details, message),
          quotaExhausted: status === 429 && isQuotaExhausted(details, message),
          contextTooLong: /token|too long|context/i.test(message),
          // 400 FAILED_PRECONDITION "User location is not supported for the API use." (the SDK keeps only the
          // message, not the status name): no call from here can succeed.
          regionUnsupported: status === 400 && /location is not supported|not available in your (country|region)/i.test(message),
          retryAfterMs: retryDelayMs(details),
        },
        base,
      );
    }
    // The SDK's error classes all keep `name` "Error", so they are told apart by class name and message.
    const { name, className, message: text } = shape;
    if (
      className === 'GoogleGenerativeAIAbortError' ||
      /Request aborted when fetching/.test(text) ||
      name === 'AbortError' ||
      name === 'TimeoutError'
    ) {
      return new ProviderTimeoutError({ ...base, message: 'The provider did not answer in time.' });
    }
    // Bad input the SDK refused before sending (e.g. an empty model name).
    if (className === 'GoogleGenerativeAIRequestInputError')
      return new BadRequestError({ ...base, message: 'The request was refused before it was sent.' });
    // Without a status, "Error fetching from <url>: fetch failed" is the SDK wrapping a refused, reset or unresolvable connection.
    if (/Error fetching from/.test(text)) return new UnavailableError({ ...base, message: 'The provider could not be reached.' });
    // A 2xx body that is not JSON: the provider did the work, so the attempt counts as billed.
    if (name === 'SyntaxError' || /JSON|parse/i.test(text)) {
      return new MalformedResponseError({ ...base, billed: true, message: 'The provider sent a response that is not valid JSON.' });
    }
    // The body stream broke after the headers (socket reset mid-response): nothing usable arrived.
    if (name === 'TypeError' && /terminated|socket|ECONN/i.test(text)) {
      return new UnavailableError({ ...base, message: 'The provider could not be reached.' });
    }
    return new MalformedResponseError({ ...base, message: 'The provider call failed unexpectedly.' });
  });
}

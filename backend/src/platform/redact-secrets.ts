import { sourceMappedStack } from './source-mapped-stack';

/**
 * The one redaction layer: text that might carry a credential (an SDK error quoting the key it was given, a
 * header echoed into a message) passes through here before it reaches a log line or an error body.
 * Patterns cover the shapes of the keys this product handles: the shapes registered by the modules that own
 * those keys (each provider's descriptor, through registerSecretShapes), then tokens and labelled secrets of
 * any shape; anything after "Bearer" is a token. Platform code knows no provider: the shapes are given to it.
 */
const genericPatterns: RegExp[] = [
  /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  /\b(api[-_]?key|x-api-key|x-goog-api-key|key|token|secret|password)(["']?\s*[:=]\s*["']?)[^\s"'&,;]{6,}/gi,
  /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g,
  // HubSpot private-app tokens: pat-<region>-<uuid> (pat-na1-…, pat-eu1-…).
  /\bpat-[a-z]{2}\d-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi,
];

/** Key shapes registered by their owners (provider descriptors); every match is removed whole. */
const registeredShapes = new Map<string, RegExp>();

/**
 * Adds key shapes to every later redaction in this process. Registering the same shape twice is harmless,
 * so each module that creates clients for a kind of key can register its shapes before it makes any call.
 */
export function registerSecretShapes(shapes: readonly RegExp[]): void {
  for (const shape of shapes) {
    const flags = shape.flags.includes('g') ? shape.flags : `${shape.flags}g`;
    registeredShapes.set(`${shape.source}/${flags}`, new RegExp(shape.source, flags));
  }
}

export const redacted = '[redacted]';

/**
 * A URL's user info up to its last "@" (smtp://user:password@host, also with an unencoded "@" in the user name);
 * everything after the first ":" of it is the password, and only the user name stays.
 */
const urlUserInfoPattern = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#]*)@/gi;

function redactUrlPasswords(text: string): string {
  return text.replace(urlUserInfoPattern, (match, scheme: string, userInfo: string) => {
    const colon = userInfo.indexOf(':');
    return colon < 0 ? match : `${scheme}${userInfo.slice(0, colon + 1)}${redacted}@`;
  });
}

export function redactText(text: string): string {
  let result = redactUrlPasswords(text);
  for (const pattern of registeredShapes.values()) result = result.replace(pattern, redacted);
  for (const pattern of genericPatterns) {
    result = result.replace(pattern, (match, label?: string, separator?: string) => {
      if (typeof separator === 'string' && typeof label === 'string') return `${label}${separator}${redacted}`;
      if (typeof label === 'string' && /^(bearer|basic)$/i.test(label)) return `${label} ${redacted}`;
      return redacted;
    });
  }
  return result;
}

/** Redacts every string inside a value (objects, arrays, errors), without changing the value passed in. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (value instanceof Date) return value;
  // An error's message and stack are not own enumerable properties: copied field by field it would log as {}.
  if (value instanceof Error) return serialiseErrorRedacted(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  const output: Record<string, unknown> = {};
  for (const [name, inner] of Object.entries(value as Record<string, unknown>)) output[name] = redactValue(inner, depth + 1);
  return output;
}

/** An error as a log line carries it: message, stack and causes, each redacted; nothing else of the SDK's object. */
export function serialiseErrorRedacted(error: unknown, depth = 0): Record<string, unknown> {
  if (!(error instanceof Error)) {
    // pino runs the log formatter (redactValue, which already serialised any Error) before its serializers.
    if (typeof error === 'object' && error !== null) return redactValue(error, depth) as Record<string, unknown>;
    return { message: redactText(String(error)) };
  }
  const serialised: Record<string, unknown> = { type: error.name, message: redactText(error.message) };
  if (error.stack) serialised.stack = redactText(sourceMappedStack(error.stack));
  const status = (error as { status?: unknown }).status;
  if (typeof status === 'number') serialised.status = status;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') serialised.code = code;
  if (error.cause !== undefined && depth < 3) serialised.cause = serialiseErrorRedacted(error.cause, depth + 1);
  return serialised;
}

import pino, { type Logger } from 'pino';
import { redactValue, serialiseErrorRedacted } from './redact-secrets';

export type { Logger };

/**
 * Paths pino blanks before a line is written. Keys and tokens must never reach a log, even when a caller
 * logs a whole request or an SDK error by mistake; the patterns of redact-secrets.ts catch them inside text.
 */
export const redactedLogPaths = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers["x-goog-api-key"]',
  'headers.authorization',
  'apiKey',
  'api_key',
  'key',
  'token',
  'identityToken',
  'sealedKey',
  'SMTP_URL',
  'smtpUrl',
  'pass',
  '*.SMTP_URL',
  '*.smtpUrl',
  '*.pass',
  '*.apiKey',
  '*.api_key',
  '*.token',
  '*.authorization',
  '*.sealedKey',
];

export function createLogger(options: { level: string; destination?: pino.DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'ai-template-fill-backend' },
      redact: { paths: redactedLogPaths, censor: '[redacted]' },
      serializers: { err: serialiseErrorRedacted, error: serialiseErrorRedacted },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => redactValue(object) as Record<string, unknown>,
      },
      hooks: {
        logMethod(inputs, method) {
          // The message string itself (and any printf arguments) passes through the same patterns.
          method.apply(
            this,
            inputs.map((input) => (typeof input === 'string' ? (redactValue(input) as string) : input)) as Parameters<typeof method>,
          );
        },
      },
    },
    options.destination,
  );
}

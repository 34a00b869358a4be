import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Paths pino blanks before a line is written. Keys and tokens must never reach a log, even when a caller
 * logs a whole request or an SDK error by mistake.
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
  '*.apiKey',
  '*.api_key',
  '*.token',
  '*.authorization',
];

export function createLogger(options: { level: string; destination?: pino.DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'ai-template-fill-backend' },
      redact: { paths: redactedLogPaths, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination,
  );
}

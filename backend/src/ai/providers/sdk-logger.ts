import type { Logger } from '../../platform/logger';

/** The logger interface the Stainless-generated SDKs (openai, @anthropic-ai/sdk) accept as `logger`. */
export interface SdkLogger {
  error(message: string, ...rest: unknown[]): void;
  warn(message: string, ...rest: unknown[]): void;
  info(message: string, ...rest: unknown[]): void;
  debug(message: string, ...rest: unknown[]): void;
}

/**
 * Routes an SDK's warnings and debug output (deprecated-model notices, retries, request details) through the
 * project's logger, and so through its redaction, instead of console.warn around it. The logger is given, not
 * made here: the logger's redaction reads the registry, which loads the adapters.
 */
export function sdkLogger(sdk: string, logger: Logger): SdkLogger {
  const child = logger.child({ sdk });
  const line =
    (level: 'error' | 'warn' | 'info' | 'debug') =>
    (message: string, ...rest: unknown[]) => {
      if (rest.length > 0) child[level]({ details: rest }, String(message));
      else child[level](String(message));
    };
  return { error: line('error'), warn: line('warn'), info: line('info'), debug: line('debug') };
}

import { format } from 'node:util';
import type { Logger } from './logger';

/**
 * Sends console.warn and console.error from libraries (the Anthropic SDK warns of deprecated models with
 * console.warn, whatever logger it is given) through the project's logger, and so through its redaction,
 * as structured lines. Returns what puts the console back.
 */
export function routeConsoleThroughLogger(logger: Logger): () => void {
  const original = { warn: console.warn, error: console.error };
  const child = logger.child({ source: 'console' });
  console.warn = (...args: unknown[]) => child.warn(format(...args));
  console.error = (...args: unknown[]) => child.error(format(...args));
  return () => {
    console.warn = original.warn;
    console.error = original.error;
  };
}

import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../../backend/src/platform/logger';

export interface CapturedLog {
  /** The project's logger, as the server configures it (redaction, error serialisers), at level warn. */
  logger: Logger;
  /** Every line written so far, parsed. */
  lines: Array<Record<string, unknown>>;
}

/** A real logger whose lines are kept, so a test can read what an operator would read. */
export function captureLog(): CapturedLog {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger({ level: 'warn', destination }), lines };
}

import { format } from 'node:util';

export interface LoggerOptions {
  /** Receives each message as it is logged, e.g. to show it in the harness console. */
  onLog?: (message: string) => void;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object') {
    try {
      return JSON.stringify(value);
    } catch {
      return String(value);
    }
  }
  return String(value);
}

/** Logger keeps the messages of one execution; create one per execution, as Apps Script does. */
export class Logger {
  readonly #messages: string[] = [];
  readonly #onLog: ((message: string) => void) | undefined;

  constructor(options: LoggerOptions = {}) {
    this.#onLog = options.onLog;
  }

  /** Logger.log(data), or Logger.log(format, values…) with %s-style placeholders. */
  log(data: unknown, ...values: unknown[]): Logger {
    const message = values.length > 0 && typeof data === 'string' ? format(data, ...values) : describe(data);
    this.#messages.push(message);
    this.#onLog?.(message);
    return this;
  }

  getLog(): string {
    return this.#messages.join('\n');
  }

  clear(): void {
    this.#messages.length = 0;
  }
}

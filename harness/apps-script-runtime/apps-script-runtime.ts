import { copyClientArguments } from './client-arguments';
import type { LogLevel } from './wire-format';
import { WorkerSlot } from './worker-slot';

/** google.script.run runs at most 10 calls at once; the 11th waits for a free slot. */
export const DEFAULT_MAX_CONCURRENT_EXECUTIONS = 10;
/** An Apps Script execution lasts at most 6 minutes. */
export const DEFAULT_EXECUTION_TIMEOUT_MS = 6 * 60 * 1000;

export interface ExecutionInfo {
  functionName: string;
  /** The arguments (a trigger's event object carries its authMode). */
  args: readonly unknown[];
}

export interface ExecutionLogEntry {
  functionName: string;
  level: LogLevel;
  message: string;
}

export interface AppsScriptRuntimeOptions {
  /** The esbuild bundle (dist/addon/Code.js); re-read whenever the file changes. */
  bundlePath: string;
  /** Host objects by global name, created for each execution and living in the main thread. */
  createServices: (execution: ExecutionInfo) => Record<string, object>;
  maxConcurrentExecutions?: number;
  executionTimeoutMs?: number;
  /** Where console.* from the script goes; defaults to the harness console. */
  log?: (entry: ExecutionLogEntry) => void;
}

interface QueuedExecution {
  functionName: string;
  args: unknown[];
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

function logToConsole({ functionName, level, message }: ExecutionLogEntry): void {
  console[level](`[apps-script ${functionName}] ${message}`);
}

/**
 * Runs functions of the real add-on bundle the way Apps Script does: each call is one execution in a
 * fresh global scope, with synchronous access to host services living in this thread.
 */
export class AppsScriptRuntime {
  readonly #options: Required<Omit<AppsScriptRuntimeOptions, 'log'>> & Pick<AppsScriptRuntimeOptions, 'log'>;
  readonly #slots = new Set<WorkerSlot>();
  readonly #queue: QueuedExecution[] = [];
  #closed = false;

  constructor(options: AppsScriptRuntimeOptions) {
    this.#options = {
      maxConcurrentExecutions: DEFAULT_MAX_CONCURRENT_EXECUTIONS,
      executionTimeoutMs: DEFAULT_EXECUTION_TIMEOUT_MS,
      ...options,
    };
    if (!(this.#options.maxConcurrentExecutions >= 1)) throw new RangeError('maxConcurrentExecutions must be at least 1');
  }

  /** One execution of a top-level function; resolves with what google.script.run would deliver. */
  run(functionName: string, args: unknown[] = []): Promise<unknown> {
    if (this.#closed) return Promise.reject(new Error('The Apps Script runtime is closed'));
    let copiedArgs: unknown[];
    try {
      copiedArgs = copyClientArguments(args);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      this.#queue.push({ functionName, args: copiedArgs, resolve, reject });
      this.#startQueued();
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    const closed = new Error('The Apps Script runtime is closed');
    for (const queued of this.#queue.splice(0)) queued.reject(closed);
    await Promise.all([...this.#slots].map((slot) => slot.terminate(closed)));
    this.#slots.clear();
  }

  #startQueued(): void {
    while (!this.#closed && this.#queue.length > 0) {
      const slot = this.#freeSlot();
      if (!slot) return;
      this.#start(slot, this.#queue.shift() as QueuedExecution);
    }
  }

  #freeSlot(): WorkerSlot | undefined {
    for (const slot of this.#slots) if (!slot.busy) return slot;
    if (this.#slots.size >= this.#options.maxConcurrentExecutions) return undefined;
    const slot = new WorkerSlot((retired) => {
      this.#slots.delete(retired);
      this.#startQueued();
    });
    this.#slots.add(slot);
    return slot;
  }

  #start(slot: WorkerSlot, queued: QueuedExecution): void {
    const { functionName } = queued;
    const log = this.#options.log ?? logToConsole;
    let services: Record<string, object>;
    try {
      services = this.#options.createServices({ functionName, args: queued.args });
    } catch (error) {
      queued.reject(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    slot
      .execute({
        bundlePath: this.#options.bundlePath,
        functionName,
        args: queued.args,
        services,
        timeoutMs: this.#options.executionTimeoutMs,
        log: (level, message) => log({ functionName, level, message }),
      })
      .then(queued.resolve, queued.reject)
      .finally(() => this.#startQueued());
  }
}

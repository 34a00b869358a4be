import { join } from 'node:path';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { ExecutionHost } from './execution-host';
import { WIRE_KEYS, type ErrorDescription, type ExecuteMessage, type HostReply, type LogLevel, type WorkerMessage } from './wire-format';

const WORKER_FILE = join(__dirname, 'execution-worker.js');
const REPLY_READY = 1;

export const EXECUTION_TIMEOUT_MESSAGE = 'Exceeded maximum execution time';

export interface ExecutionRequest {
  bundlePath: string;
  functionName: string;
  args: unknown[];
  services: Record<string, object>;
  timeoutMs: number;
  log: (level: LogLevel, message: string) => void;
}

interface RunningExecution {
  id: number;
  host: ExecutionHost;
  request: ExecutionRequest;
  timer: NodeJS.Timeout | undefined;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

export function errorFrom(description: ErrorDescription): Error {
  const error = new Error(description.message);
  error.name = description.name;
  if (description.stack) error.stack = description.stack;
  return error;
}

let executionCounter = 0;

/** One worker thread, running one execution at a time and serving its synchronous service calls. */
export class WorkerSlot {
  readonly #worker: Worker;
  readonly #replyPort: MessagePort;
  readonly #signal: Int32Array;
  readonly #onRetired: (slot: WorkerSlot) => void;
  #running: RunningExecution | undefined;
  #retired = false;

  constructor(onRetired: (slot: WorkerSlot) => void) {
    this.#onRetired = onRetired;
    const channel = new MessageChannel();
    const signalBuffer = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
    this.#signal = new Int32Array(signalBuffer);
    this.#replyPort = channel.port1;
    this.#worker = new Worker(WORKER_FILE, {
      workerData: { replyPort: channel.port2, signalBuffer, wireKeys: WIRE_KEYS },
      transferList: [channel.port2],
      // The worker is plain JavaScript; loader flags from tsx or jest would only slow its start.
      execArgv: [],
    });
    this.#worker.unref();
    this.#worker.on('message', (message: WorkerMessage) => this.#onMessage(message));
    this.#worker.on('error', (error) => this.#retire(error));
    this.#worker.on('exit', (code) => this.#retire(new Error(`Apps Script worker stopped (exit code ${code})`)));
  }

  get busy(): boolean {
    return this.#running !== undefined;
  }

  execute(request: ExecutionRequest): Promise<unknown> {
    if (this.#retired || this.#running) return Promise.reject(new Error('Apps Script worker is not available'));
    return new Promise((resolve, reject) => {
      const host = new ExecutionHost();
      let services: Record<string, unknown>;
      try {
        services = host.exposeServices(request.services);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      const id = ++executionCounter;
      this.#running = { id, host, request, timer: undefined, resolve, reject };
      this.#worker.ref();
      const message: ExecuteMessage = {
        type: 'execute',
        executionId: id,
        bundlePath: request.bundlePath,
        functionName: request.functionName,
        args: request.args,
        services,
      };
      this.#worker.postMessage(message);
    });
  }

  async terminate(reason: Error): Promise<void> {
    this.#retire(reason);
    this.#replyPort.close();
    await this.#worker.terminate();
  }

  #onMessage(message: WorkerMessage): void {
    const running = this.#running;
    if (!running || message.executionId !== running.id) return;
    switch (message.type) {
      case 'started':
        running.timer = setTimeout(() => this.#timeOut(), running.request.timeoutMs);
        return;
      case 'call':
        void running.host.call(message.handleId, message.method, message.args).then((reply) => {
          if (this.#running === running) this.#reply(reply);
        });
        return;
      case 'log':
        running.request.log(message.level, message.message);
        return;
      case 'result':
        this.#finish();
        if (!message.ok) {
          running.reject(errorFrom(message.error));
          return;
        }
        if (message.illegalValue) {
          running.request.log('warn', `returned a ${message.illegalValue}; google.script.run delivers null to the page`);
        }
        running.resolve(message.value);
    }
  }

  #reply(reply: HostReply): void {
    try {
      this.#replyPort.postMessage(reply);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.#replyPort.postMessage({
        ok: false,
        error: { name: 'Error', message: `The host value cannot cross to Apps Script: ${message}` },
      });
    }
    Atomics.store(this.#signal, 0, REPLY_READY);
    Atomics.notify(this.#signal, 0);
  }

  #finish(): RunningExecution | undefined {
    const running = this.#running;
    if (!running) return undefined;
    this.#running = undefined;
    clearTimeout(running.timer);
    running.host.release();
    this.#worker.unref();
    return running;
  }

  // The script may be stuck in a loop or blocked on the bridge; only ending the thread stops it.
  #timeOut(): void {
    void this.terminate(new Error(EXECUTION_TIMEOUT_MESSAGE));
  }

  #retire(reason: Error): void {
    this.#finish()?.reject(reason);
    if (this.#retired) return;
    this.#retired = true;
    this.#onRetired(this);
  }
}

import path from 'node:path';
import type { ProviderBehaviour } from '../../../harness/provider-servers';
import type { ChildExit } from './child-registry';
import { childEnvironment, describeOutput, firstLine, keepAliveUntil, spawnCollected, stdinControlled } from './spawn-collected';

/** What the stand-in recorded of one request (headers and raw body stay in the child: they hold the key). */
export interface ProviderRequestSummary {
  method: string;
  path: string;
  query: string;
  body: unknown;
  receivedAt: number;
}

export interface ProviderChild {
  /** What to give the backend as OPENAI_BASE_URL (`origin/v1`). */
  baseUrl: string;
  origin: string;
  pid: number;
  exited: Promise<ChildExit>;
  /** Added before every answer from now on (on top of a behaviour's own latency). */
  setLatency(ms: number): Promise<void>;
  /** Behaviours for the next generation requests, in order: `{ kind: 'error', status: 429 }`, `{ kind: 'hang' }`… */
  enqueue(...behaviours: ProviderBehaviour[]): Promise<void>;
  /** The behaviour once the queue is empty (without one it replies `Generated for: <prompt>`). */
  setDefault(behaviour: ProviderBehaviour): Promise<void>;
  /** Clears the queue, the recorded requests, the latency and the default. */
  reset(): Promise<void>;
  requests(): Promise<ProviderRequestSummary[]>;
  /** Requests received so far, all of them or only those to `path` (e.g. '/v1/chat/completions'). */
  requestCount(path?: string): Promise<number>;
  /** Closes its stdin (the script then closes the server, ending hung requests, and exits); SIGKILL after 5 s. */
  stop(): Promise<ChildExit>;
  kill9(): Promise<ChildExit>;
}

/**
 * The OpenAI stand-in (`startOpenAIServer`) in its own process, scripted over its stdin, so the backend under
 * test and the provider never share an event loop and a test can stop or kill either one.
 */
export async function startProviderChild(options: { startTimeoutMs?: number } = {}): Promise<ProviderChild> {
  const collected = spawnCollected(['--import', 'tsx', path.join(__dirname, 'provider-child-entry.ts')], childEnvironment({}));
  const parse = (line: string): Record<string, unknown> | undefined => {
    try {
      const value: unknown = JSON.parse(line);
      return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  };
  const ready = await firstLine(
    collected,
    (line) => (parse(line)?.ready === true ? parse(line) : undefined),
    options.startTimeoutMs ?? 60_000,
    'provider child',
  ).catch((error: unknown) => {
    collected.child.kill('SIGKILL');
    throw error;
  });

  let nextId = 0;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  collected.onLine((line) => {
    const message = parse(line);
    const waiter = typeof message?.id === 'number' ? pending.get(message.id) : undefined;
    if (!message || !waiter) return;
    pending.delete(message.id as number);
    if (typeof message.error === 'string') waiter.reject(new Error(`provider child: ${message.error}`));
    else waiter.resolve(message.result);
  });
  void collected.exited.then(({ code, signal }) => {
    for (const waiter of pending.values())
      waiter.reject(new Error(`provider child exited (code ${code}, signal ${signal})${describeOutput(collected)}`));
    pending.clear();
  });

  function command<T>(op: string, fields: object = {}): Promise<T> {
    const id = (nextId += 1);
    return keepAliveUntil(
      new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        collected.child.stdin?.write(`${JSON.stringify({ id, op, ...fields })}\n`);
      }),
    );
  }

  return {
    baseUrl: String(ready.baseUrl),
    origin: String(ready.origin),
    pid: collected.pid,
    exited: collected.exited,
    setLatency: (ms) => command('setLatency', { ms }),
    enqueue: (...behaviours) => command('enqueue', { behaviours }),
    setDefault: (behaviour) => command('setDefault', { behaviour }),
    reset: () => command('reset'),
    requests: () => command<ProviderRequestSummary[]>('requests'),
    requestCount: async (path) =>
      (await command<ProviderRequestSummary[]>('requests')).filter((request) => path === undefined || request.path === path).length,
    ...stdinControlled(collected),
  };
}

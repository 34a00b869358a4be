import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { track, type ChildExit } from './child-registry';

export const repositoryRoot = path.resolve(__dirname, '..', '..', '..');

export interface CollectedChild {
  child: ChildProcess;
  pid: number;
  /** Every stdout line so far, in order. */
  stdoutLines: string[];
  /** Everything written to stderr so far. */
  stderr(): string;
  /** Called for each stdout line from now on; returns a function that stops listening. */
  onLine(listener: (line: string) => void): () => void;
  exited: Promise<ChildExit>;
}

/**
 * Spawns `node ...args` from the repository root with stdout and stderr collected, never inherited, so
 * tests stay quiet; the child is tracked so it cannot outlive the test process.
 */
export function spawnCollected(args: string[], environment: NodeJS.ProcessEnv): CollectedChild {
  const child = spawn(process.execPath, args, { cwd: repositoryRoot, env: environment, stdio: ['pipe', 'pipe', 'pipe'] });
  // A spawn that fails is reported by the pid check below; unheard, its 'error' event would crash jest.
  child.on('error', () => undefined);
  const exited = track(child);
  if (child.pid === undefined) throw new Error(`could not start node ${args.join(' ')}`);
  const stdoutLines: string[] = [];
  const listeners = new Set<(line: string) => void>();
  let stderr = '';
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    stdoutLines.push(line);
    for (const listener of [...listeners]) listener(line);
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  // A child that dies first turns a write to its stdin into EPIPE; its exit is what the caller sees.
  child.stdin?.on('error', () => undefined);
  // A child left running must not keep jest from exiting (it would wait forever, and the child with it):
  // unref'd, jest exits, the registry kills what is left, and the pipes close. While a test waits on a
  // child, jest's own timeout timer keeps the process alive; `keepAliveUntil` covers the other waits.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as unknown as { unref?: () => void } | null)?.unref?.();
  return {
    child,
    pid: child.pid,
    stdoutLines,
    stderr: () => stderr,
    onLine(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    exited,
  };
}

/** Node's own variables plus the ones given; nothing else of the test process leaks into the child. */
export function childEnvironment(environment: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const inherited = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'NODE_EXTRA_CA_CERTS', 'SYSTEMROOT'];
  return {
    ...Object.fromEntries(inherited.filter((name) => process.env[name] !== undefined).map((name) => [name, process.env[name]])),
    ...environment,
  };
}

/** Resolves with the first stdout line `accept` returns a value for; rejects when the child exits first or time runs out. */
export function firstLine<T>(
  collected: CollectedChild,
  accept: (line: string) => T | undefined,
  timeoutMs: number,
  what: string,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      stop();
      clearTimeout(timer);
      outcome();
    };
    const check = (line: string): void => {
      const value = accept(line);
      if (value !== undefined) settle(() => resolve(value));
    };
    const timer = setTimeout(
      () => settle(() => reject(new Error(`${what}: nothing within ${timeoutMs} ms${describeOutput(collected)}`))),
      timeoutMs,
    );
    const stop = collected.onLine(check);
    for (const line of [...collected.stdoutLines]) check(line);
    void collected.exited.then(({ code, signal }) =>
      settle(() => reject(new Error(`${what}: the process exited first (code ${code}, signal ${signal})${describeOutput(collected)}`))),
    );
  });
}

export function describeOutput(collected: CollectedChild): string {
  const stdout = collected.stdoutLines.slice(-20).join('\n');
  const stderr = collected.stderr().slice(-4000);
  return `${stdout ? `\n--- stdout (last lines) ---\n${stdout}` : ''}${stderr ? `\n--- stderr ---\n${stderr}` : ''}`;
}

/** Holds the event loop open until `promise` settles, for waits on unref'd children outside a jest test. */
export function keepAliveUntil<T>(promise: Promise<T>): Promise<T> {
  const timer = setInterval(() => undefined, 60_000);
  return promise.finally(() => clearInterval(timer));
}

/**
 * Stopping a helper child that ends when its stdin closes: `stop` closes stdin (SIGKILL if it has not exited
 * after 5 s), `kill9` kills it at once. Both resolve with how it exited.
 */
export function stdinControlled(collected: CollectedChild): { stop(): Promise<ChildExit>; kill9(): Promise<ChildExit> } {
  return {
    async stop() {
      collected.child.stdin?.end();
      const timer = setTimeout(() => collected.child.kill('SIGKILL'), 5000);
      const exit = await keepAliveUntil(collected.exited);
      clearTimeout(timer);
      return exit;
    },
    kill9() {
      collected.child.kill('SIGKILL');
      return keepAliveUntil(collected.exited);
    },
  };
}

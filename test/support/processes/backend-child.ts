import path from 'node:path';
import { backendBundlePath } from './backend-bundle';
import { stopChild, type ChildExit } from './child-registry';
import { childEnvironment, describeOutput, keepAliveUntil, spawnCollected, type CollectedChild } from './spawn-collected';

export { stopAll } from './child-registry';

/** One pino line of the backend, parsed. */
export interface BackendLogLine {
  level: string;
  msg?: string;
  time?: string;
  [field: string]: unknown;
}

export interface BackendChildOptions {
  /** FIRESTORE_EMULATOR_HOST: usually a TCP fault proxy's `address` in front of the emulator child. */
  firestoreHost: string;
  /** The OpenAI stand-in: sets OPENAI_BASE_URL and a test OPENAI_API_KEY. */
  openAIBaseUrl?: string;
  /** 0 (the default) lets the system pick; give one to restart a backend on the same address. */
  port?: number;
  /** Any other variable of backend/src/platform/config.ts; these win over the kit's defaults. */
  environment?: Record<string, string>;
  startTimeoutMs?: number;
}

export interface BackendChild {
  /** `http://127.0.0.1:PORT`, as the backend logged it. */
  url: string;
  pid: number;
  /** Every JSON line the backend wrote to stdout so far, parsed. */
  logs(): BackendLogLine[];
  /** Raw output, for lines that are not JSON and for failure messages. */
  output(): { stdout: string[]; stderr: string };
  /**
   * The first log line from index `fromIndex` on (0: every line so far, `logs().length`: only lines still to
   * come) that `predicate` accepts; rejects when the backend exits first or after `timeoutMs`.
   */
  waitForLog(predicate: (line: BackendLogLine) => boolean, timeoutMs?: number, fromIndex?: number): Promise<BackendLogLine>;
  signal(name: NodeJS.Signals): void;
  /** SIGKILL: no shutdown code runs, as when a Cloud Run instance is killed outright. */
  kill9(): Promise<ChildExit>;
  /** SIGTERM and wait; SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<ChildExit>;
  exited: Promise<ChildExit>;
}

const quietEnoughLevels = new Set(['trace', 'debug', 'info']);

/**
 * The backend as production runs it (`node dist/backend/server.js`, built from the
 * current sources, see backend-bundle.ts) in its own process, configured only through its environment.
 * Resolves once it logged 'backend listening'. Its output is collected, never inherited, and the process is
 * killed if the test process ends first.
 */
export async function startBackendChild(options: BackendChildOptions): Promise<BackendChild> {
  const environment: Record<string, string> = {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(options.port ?? 0),
    AUTH_MODE: 'development',
    LOG_LEVEL: 'info',
    FIRESTORE_EMULATOR_HOST: options.firestoreHost,
    ...(options.openAIBaseUrl ? { OPENAI_API_KEY: 'sk-test-resilience', OPENAI_BASE_URL: options.openAIBaseUrl } : {}),
    ...options.environment,
  };
  // 'backend listening' is an info line: above info the kit could not tell that the backend started.
  if (!quietEnoughLevels.has(environment.LOG_LEVEL ?? ''))
    throw new Error(`LOG_LEVEL must be info or more verbose, not ${environment.LOG_LEVEL}`);

  const bundle = await backendBundlePath();
  const preload = path.join(__dirname, 'exit-with-parent.cjs');
  const collected = spawnCollected(['--require', preload, bundle], childEnvironment(environment));
  const logs = parsedLogs(collected);

  const waitForLog: BackendChild['waitForLog'] = (predicate, timeoutMs = 10_000, fromIndex = 0) =>
    new Promise((resolve, reject) => {
      let settled = false;
      const settle = (outcome: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        stopListening();
        outcome();
      };
      const timer = setTimeout(
        () => settle(() => reject(new Error(`no matching backend log line within ${timeoutMs} ms${describeOutput(collected)}`))),
        timeoutMs,
      );
      let next = fromIndex;
      const check = (): void => {
        const lines = logs.lines;
        for (; next < lines.length; next += 1) {
          const line = lines[next] as BackendLogLine;
          if (predicate(line)) return settle(() => resolve(line));
        }
      };
      const stopListening = collected.onLine(check);
      check();
      void collected.exited.then(({ code, signal }) => {
        check();
        settle(() =>
          reject(new Error(`the backend exited (code ${code}, signal ${signal}) before a matching log line${describeOutput(collected)}`)),
        );
      });
    });

  let listening: BackendLogLine;
  try {
    listening = await waitForLog((line) => line.msg === 'backend listening', options.startTimeoutMs ?? 60_000);
  } catch (error) {
    collected.child.kill('SIGKILL');
    throw error;
  }

  return {
    url: String(listening.url),
    pid: collected.pid,
    logs: () => [...logs.lines],
    output: () => ({ stdout: [...collected.stdoutLines], stderr: collected.stderr() }),
    waitForLog,
    signal: (name) => {
      collected.child.kill(name);
    },
    kill9() {
      collected.child.kill('SIGKILL');
      return keepAliveUntil(collected.exited);
    },
    async stop(graceMs = 10_000) {
      await stopChild(collected.child, graceMs);
      return collected.exited;
    },
    exited: collected.exited,
  };
}

/** Parses each stdout line as it arrives; onLine listeners registered later see the parsed line already there. */
function parsedLogs(collected: CollectedChild): { lines: BackendLogLine[] } {
  const state = { lines: [] as BackendLogLine[] };
  const parse = (line: string): void => {
    try {
      const value: unknown = JSON.parse(line);
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) state.lines.push(value as BackendLogLine);
    } catch {
      // Not a log line (a crash before the logger existed, say): kept in output().stdout only.
    }
  };
  collected.stdoutLines.forEach(parse);
  collected.onLine(parse);
  return state;
}

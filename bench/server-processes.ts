import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';

const root = path.resolve(__dirname, '..');

/** A server measured from outside: its own process, whose CPU time the benchmark reads from /proc. */
export interface ServerProcess {
  url: string;
  pid: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** The node flags and script of `npm run start:production`, so the benchmark starts exactly what production starts. */
export function productionCommand(): string[] {
  const scripts = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const [program, ...rest] = (scripts['start:production'] ?? '').split(/\s+/).filter(Boolean);
  if (program !== 'node' || rest.length === 0) throw new Error('start:production is expected to be "node [flags] <script>"');
  return rest;
}

/**
 * The built backend (`node dist/backend/server.js`, with the flags of start:production) configured only through
 * its environment, logging at info as in production (its output is read until it listens, then discarded).
 */
export async function startBuiltBackend(environment: Record<string, string>, extraNodeFlags: string[] = []): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [...extraNodeFlags, ...productionCommand()], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'info', ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  await new Promise<void>((resolve, reject) => {
    const exited = (code: number | null) => reject(new Error(`the backend exited (${code}) before listening: ${stderr}`));
    child.once('exit', exited);
    lines.on('line', (line) => {
      if (!line.includes('"backend listening"')) return;
      child.off('exit', exited);
      lines.removeAllListeners('line');
      lines.close();
      // From here on its log lines cost the backend what they cost in production, and nothing here.
      child.stdout?.resume();
      resolve();
    });
  });
  return serverProcess(`http://127.0.0.1:${port}`, child);
}

/** The open-source Portkey AI gateway (@portkey-ai/gateway), started as its package's bin starts it. */
export async function startPortkeyGateway(): Promise<ServerProcess> {
  const port = await freePort();
  const script = path.join(root, 'node_modules', '@portkey-ai', 'gateway', 'build', 'start-server.js');
  const child = spawn(process.execPath, [script, `--port=${port}`, '--headless'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let tries = 0; ; tries += 1) {
    if (child.exitCode !== null) throw new Error(`the Portkey gateway exited (${child.exitCode})`);
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      if (tries > 200) throw new Error('the Portkey gateway did not start');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return serverProcess(url, child);
}

function serverProcess(url: string, child: ChildProcess): ServerProcess {
  return {
    url,
    pid: child.pid as number,
    child,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ): 100 on Linux. */
const ticksPerSecond = 100;

/** CPU time (user + system, every thread) a process has used so far, in milliseconds, from /proc/<pid>/stat. */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces), from field 3 (state) on: utime is 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

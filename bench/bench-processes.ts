import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';

export interface Metric {
  name: string;
  value: number;
  unit: string;
}

/** Starts a helper script in its own process and returns the first line it prints (its address). */
export async function startProcess(
  script: string,
  environment: Record<string, string> = {},
): Promise<{ address: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, script)], {
    env: { ...process.env, ...environment },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const [address] = (await once(lines, 'line')) as [string];
  return { address, child };
}

export async function timed(call: () => Promise<unknown>): Promise<number> {
  const startedAt = performance.now();
  await call();
  return performance.now() - startedAt;
}

/** `concurrency` callers, each calling again as soon as its call returns, for `durationMs`: every latency. */
export async function closedLoop(concurrency: number, durationMs: number, call: () => Promise<unknown>, staggerMs = 0): Promise<number[]> {
  const latencies: number[] = [];
  const endAt = performance.now() + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, caller) => {
      if (staggerMs > 0) await new Promise((resolve) => setTimeout(resolve, (caller * staggerMs) / concurrency));
      while (performance.now() < endAt) latencies.push(await timed(call));
    }),
  );
  return latencies;
}

import path from 'node:path';
import type { ChildExit } from './child-registry';
import { childEnvironment, firstLine, repositoryRoot, spawnCollected, stdinControlled } from './spawn-collected';

export interface FirestoreEmulatorChild {
  /** `127.0.0.1:PORT` of the emulator itself; put a TCP fault proxy in front of it to simulate outages. */
  host: string;
  pid: number;
  exited: Promise<ChildExit>;
  /** Closes its stdin, which the script takes as the signal to stop; SIGKILL if it has not exited after 5 s. */
  stop(): Promise<ChildExit>;
  /** Ends it at once, losing every document (the emulator keeps data in memory only). */
  kill9(): Promise<ChildExit>;
}

/**
 * The embedded Firestore emulator in its own process, started through the benchmark's entry script (it prints
 * host:port, stops when stdin closes), so the emulator's work and its fate are separate from the backend's
 * and the test's. Its stdin is a pipe from the test process: if that process dies, the emulator stops too.
 */
export async function startFirestoreEmulatorChild(options: { startTimeoutMs?: number } = {}): Promise<FirestoreEmulatorChild> {
  const script = path.join(repositoryRoot, 'bench', 'firestore-emulator-process.ts');
  const collected = spawnCollected(['--import', 'tsx', script], childEnvironment({}));
  const host = await firstLine(
    collected,
    (line) => (/^[\w.-]+:\d+$/.test(line.trim()) ? line.trim() : undefined),
    options.startTimeoutMs ?? 60_000,
    'Firestore emulator child',
  ).catch((error: unknown) => {
    collected.child.kill('SIGKILL');
    throw error;
  });
  return {
    host,
    pid: collected.pid,
    exited: collected.exited,
    ...stdinControlled(collected),
  };
}

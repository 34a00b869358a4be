import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Where `npm start` tells other local tools how to reach it: its embedded Firestore emulator listens on a port
 * chosen at start, so the admin CLI run beside it (export or import a configuration, grant a role) reads the
 * address here instead of starting an empty emulator of its own.
 */
export const runningStackFile = path.join('.local-data', 'running-stack.json');

export interface RunningStack {
  /** host:port of the embedded Firestore emulator. */
  firestoreHost: string;
  backendUrl: string;
  /** The local mailbox `npm start` sends e-mail to, when no SMTP_URL was given (send-cost-report uses it). */
  smtpUrl?: string | undefined;
  /** The `npm start` process; a file left by one that died is ignored. */
  pid: number;
}

export function writeRunningStack(stack: RunningStack, file = runningStackFile): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(stack, null, 2)}\n`);
}

export function removeRunningStack(file = runningStackFile): void {
  rmSync(file, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The stack `npm start` runs now, or undefined when none runs (no file, or one its process left behind). */
export function readRunningStack(file = runningStackFile): RunningStack | undefined {
  let stack: Partial<RunningStack>;
  try {
    stack = JSON.parse(readFileSync(file, 'utf8')) as Partial<RunningStack>;
  } catch {
    return undefined;
  }
  if (typeof stack.firestoreHost !== 'string' || typeof stack.backendUrl !== 'string' || typeof stack.pid !== 'number') return undefined;
  return isAlive(stack.pid) ? (stack as RunningStack) : undefined;
}

import type { ChildProcess } from 'node:child_process';
import { runInThisContext } from 'node:vm';

/**
 * Every child process the kit starts, so none outlives the test process: `stopAll()` for an afterAll, and a
 * synchronous SIGKILL of whatever is left when the jest process (or worker) exits. A test process killed
 * outright runs no handler: then the children end themselves when the pipe on their stdin closes.
 *
 * Inside jest, `process` is a per-test-file copy whose 'exit' event never fires, and this module is loaded
 * again for every test file; the script below runs in the main context of this Node process, where `process`
 * is the real one. The set lives on it, so one worker has one set and one exit handler however many test
 * files it runs (outside jest it is the same object).
 */
const realProcess = runInThisContext('process') as NodeJS.Process;
const holder = realProcess as unknown as Record<symbol, Set<ChildProcess> | undefined>;
const key = Symbol.for('ai-template-fill.test-kit.children');
const children: Set<ChildProcess> =
  holder[key] ??
  (() => {
    const created = new Set<ChildProcess>();
    holder[key] = created;
    realProcess.on('exit', () => {
      for (const child of created) child.kill('SIGKILL');
    });
    return created;
  })();

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Resolves once the child has exited and its output streams are drained, so no log line arrives after it. */
export function track(child: ChildProcess): Promise<ChildExit> {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return new Promise((resolve) => {
    child.once('close', (code: number | null, signal: NodeJS.Signals | null) => resolve({ code, signal }));
  });
}

/** Asks every live child to stop (SIGTERM), then SIGKILLs those still running after `graceMs`. */
export async function stopAll(graceMs = 5000): Promise<void> {
  const live = [...children].filter((child) => child.exitCode === null && child.signalCode === null);
  await Promise.all(live.map((child) => stopChild(child, graceMs)));
}

/** SIGTERM (or the given signal), then SIGKILL after `graceMs`; resolves once the child has exited. */
export async function stopChild(child: ChildProcess, graceMs = 5000, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export function liveChildCount(): number {
  return children.size;
}

import type { BulkRunProgress, WorkOnRunsOutcome } from '../../shared/bulk-run-contract';
import { runNeedsWork } from './bulk-form-state';

/**
 * While the Bulk panel is open and its run has work left, the panel itself works on it: one `workOnRuns` at a
 * time (each is one Apps Script execution, ending before the 6-minute limit), its progress polled meanwhile,
 * then the run's progress read again. It stops when the run is paused, cancelled or done, when a call fails,
 * or when `stop()` is called (the panel closed, or the user paused). Free of the DOM so it is tested in node.
 */
export interface WorkLoopOptions {
  work(): Promise<WorkOnRunsOutcome>;
  progress(): Promise<BulkRunProgress>;
  onProgress(progress: BulkRunProgress): void;
  onError(error: Error): void;
  /** Waits between progress polls while a `work` call runs; the last interval repeats. */
  pollIntervalsMs?: readonly number[];
  /** Waits before working again when nothing could be claimed (another worker holds the remaining jobs). */
  idleWaitMs?: number;
  wait?: (ms: number) => Promise<void>;
}

export interface WorkLoop {
  stop(): void;
  readonly running: boolean;
  /** Stopped, though a `work` call may still be in flight until `finished` settles. */
  readonly stopped: boolean;
  /** Settles when the loop has stopped. */
  readonly finished: Promise<void>;
}

const realWait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function startWorkLoop(options: WorkLoopOptions): WorkLoop {
  const wait = options.wait ?? realWait;
  const pollIntervals = options.pollIntervalsMs ?? [2000, 3000];
  let stopped = false;
  let running = true;

  const show = (progress: BulkRunProgress) => {
    if (!stopped) options.onProgress(progress);
  };

  async function pollWhile(isWorking: () => boolean): Promise<void> {
    for (let attempt = 0; isWorking() && !stopped; attempt += 1) {
      await wait(pollIntervals[Math.min(attempt, pollIntervals.length - 1)] ?? 3000);
      if (!isWorking() || stopped) return;
      try {
        show(await options.progress());
      } catch {
        // A failed look is not a failed run: the next one may answer.
      }
    }
  }

  async function loop(): Promise<void> {
    let progress = await options.progress();
    show(progress);
    while (!stopped && runNeedsWork(progress)) {
      let working = true;
      const polling = pollWhile(() => working);
      let outcome: WorkOnRunsOutcome;
      try {
        outcome = await options.work();
      } finally {
        working = false;
      }
      await polling;
      if (stopped) return;
      progress = await options.progress();
      show(progress);
      if (outcome.stoppedBecause === 'empty' && runNeedsWork(progress)) {
        await wait(options.idleWaitMs ?? 5000);
        if (stopped) return;
        progress = await options.progress();
        show(progress);
      }
    }
  }

  const finished = loop()
    .catch((error: unknown) => {
      if (!stopped) options.onError(error instanceof Error ? error : new Error(String(error)));
    })
    .finally(() => {
      running = false;
    });

  return {
    stop() {
      stopped = true;
    },
    get running() {
      return running;
    },
    get stopped() {
      return stopped;
    },
    finished,
  };
}

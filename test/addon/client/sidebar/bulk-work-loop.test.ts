import type { BulkRunProgress, WorkOnRunsOutcome } from '../../../../addon/shared/bulk-run-contract';
import { startWorkLoop } from '../../../../addon/client/sidebar/bulk-work-loop';

function progress(change: Partial<BulkRunProgress>): BulkRunProgress {
  return {
    runId: 'run-1',
    name: 'Proposals',
    status: 'active',
    finished: false,
    total: 3,
    done: 0,
    failed: 0,
    remaining: 3,
    costNanoDollars: 0,
    records: [],
    backgroundWorker: false,
    ...change,
  };
}

/** Every wait is one turn of the event loop: polls while a call is in flight happen, but quickly. */
const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('the open Bulk panel working on its run', () => {
  it('calls workOnRuns one at a time until the run is done, reading the progress after each', async () => {
    let done = 0;
    let inFlight = 0;
    let mostInFlight = 0;
    const calls: string[] = [];
    const shown: number[] = [];
    const loop = startWorkLoop({
      async work(): Promise<WorkOnRunsOutcome> {
        calls.push('work');
        inFlight += 1;
        mostInFlight = Math.max(mostInFlight, inFlight);
        await Promise.resolve();
        done += 1;
        inFlight -= 1;
        return { documentsMade: 1, failures: 0, stoppedBecause: 'time' };
      },
      async progress() {
        calls.push('progress');
        return progress({ done, remaining: 3 - done, finished: done === 3 });
      },
      onProgress: (view) => shown.push(view.done),
      onError: (error) => {
        throw error;
      },
      wait: tick,
      pollIntervalsMs: [1_000_000],
    });
    await loop.finished;
    expect(calls.filter((name) => name === 'work')).toHaveLength(3);
    expect(mostInFlight).toBe(1);
    expect(shown.at(-1)).toBe(3);
    expect(loop.running).toBe(false);
  });

  it('stops at once when stopped (the panel closed or the user paused) and shows nothing after', async () => {
    let release!: () => void;
    const works: number[] = [];
    const shown: BulkRunProgress[] = [];
    const loop = startWorkLoop({
      work: () => {
        works.push(1);
        return new Promise<WorkOnRunsOutcome>((resolve) => {
          release = () => resolve({ documentsMade: 1, failures: 0, stoppedBecause: 'time' });
        });
      },
      progress: async () => progress({ done: works.length }),
      onProgress: (view) => shown.push(view),
      onError: () => undefined,
      wait: tick,
      pollIntervalsMs: [1_000_000],
    });
    for (let turn = 0; turn < 5; turn += 1) await tick();
    expect(works).toHaveLength(1);
    const shownBefore = shown.length;
    loop.stop();
    release();
    await loop.finished;
    for (let turn = 0; turn < 5; turn += 1) await tick();
    expect(works).toHaveLength(1);
    expect(shown).toHaveLength(shownBefore);
  });

  it('stops when the run is paused elsewhere, and waits before trying again when another worker holds the jobs', async () => {
    const answers = [progress({}), progress({ done: 1, remaining: 2 }), progress({ done: 1, remaining: 2, status: 'paused' })];
    const waits: number[] = [];
    let works = 0;
    const loop = startWorkLoop({
      work: async () => {
        works += 1;
        return { documentsMade: 0, failures: 0, stoppedBecause: 'empty' };
      },
      progress: async () => answers.shift() ?? progress({ status: 'paused' }),
      onProgress: () => undefined,
      onError: () => undefined,
      wait: (ms) => {
        waits.push(ms);
        return tick();
      },
      idleWaitMs: 4000,
      pollIntervalsMs: [1_000_000],
    });
    await loop.finished;
    expect(works).toBe(1);
    expect(waits).toContain(4000);
  });

  it('reports a failed call and stops', async () => {
    const errors: string[] = [];
    const loop = startWorkLoop({
      work: async () => {
        throw new Error('Exceeded maximum execution time');
      },
      progress: async () => progress({}),
      onProgress: () => undefined,
      onError: (error) => errors.push(error.message),
      wait: tick,
      pollIntervalsMs: [1_000_000],
    });
    await loop.finished;
    expect(errors).toEqual(['Exceeded maximum execution time']);
  });
});

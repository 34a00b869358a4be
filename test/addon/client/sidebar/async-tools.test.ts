import { createDebouncedSaver, createLimiter, newFillId, pollUntilDone, type Timers } from '../../../../addon/client/sidebar/async-tools';

function manualTimers(): Timers & { fire(): void; pending: number } {
  let queue: Array<{ id: number; callback: () => void }> = [];
  let next = 0;
  return {
    setTimeout(callback) {
      next += 1;
      queue.push({ id: next, callback });
      return next;
    },
    clearTimeout(handle) {
      queue = queue.filter((entry) => entry.id !== handle);
    },
    fire() {
      const due = queue;
      queue = [];
      for (const entry of due) entry.callback();
    },
    get pending() {
      return queue.length;
    },
  };
}

function deferred<T = void>(): { promise: Promise<T>; resolve(value: T): void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('async tools of the sidebar', () => {
  it('the limiter never runs more than its limit at once', async () => {
    const limiter = createLimiter(2);
    const gates = [deferred(), deferred(), deferred()];
    let running = 0;
    let most = 0;
    const runs = gates.map((gate) =>
      limiter.run(async () => {
        running += 1;
        most = Math.max(most, running);
        await gate.promise;
        running -= 1;
      }),
    );
    await flush();
    expect(limiter.active).toBe(2);
    gates.forEach((gate) => gate.resolve());
    await Promise.all(runs);
    expect(most).toBe(2);
    expect(limiter.active).toBe(0);
  });

  it('the debounced saver sends only the latest value, never two at once', async () => {
    const timers = manualTimers();
    const sent: string[] = [];
    const gate = deferred();
    let calls = 0;
    const saver = createDebouncedSaver<string>(
      async (value) => {
        calls += 1;
        sent.push(value);
        if (calls === 1) await gate.promise;
      },
      1500,
      timers,
    );
    saver.schedule('a');
    saver.schedule('ab');
    expect(timers.pending).toBe(1);
    timers.fire();
    expect(sent).toEqual(['ab']);
    saver.schedule('abc');
    saver.schedule('abcd');
    timers.fire();
    await flush();
    expect(sent).toEqual(['ab']); // the first save is still in flight
    gate.resolve();
    await flush();
    await flush();
    expect(sent).toEqual(['ab', 'abcd']);
    saver.schedule('final');
    await saver.flush();
    expect(sent).toEqual(['ab', 'abcd', 'final']);
    expect(saver.hasPending).toBe(false);
  });

  it('polls with at most one poll in flight and stops when done', async () => {
    let done = false;
    let inFlight = 0;
    let most = 0;
    const views: number[] = [];
    let count = 0;
    await pollUntilDone<number>({
      intervalsMs: [1000],
      wait: async () => undefined,
      isDone: () => done,
      poll: async () => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await flush();
        inFlight -= 1;
        count += 1;
        if (count === 2) throw new Error('a failed poll');
        if (count === 4) done = true;
        return count;
      },
      onView: (view) => views.push(view),
    });
    expect(most).toBe(1);
    expect(views).toEqual([1, 3]);
  });

  it('waits the given intervals in turn before each poll, then keeps the last', async () => {
    const waits: number[] = [];
    let polls = 0;
    await pollUntilDone<number>({
      intervalsMs: [1500, 3000, 5000],
      wait: async (ms) => {
        waits.push(ms);
      },
      isDone: () => polls === 5,
      poll: async () => (polls += 1),
      onView: () => undefined,
    });
    expect(waits).toEqual([1500, 3000, 5000, 5000, 5000]);
  });

  it('makes distinct fill ids', () => {
    expect(newFillId()).not.toBe(newFillId());
  });
});

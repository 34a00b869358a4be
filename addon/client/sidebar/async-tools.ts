/** Timing helpers free of the DOM: a bounded call queue, a latest-value saver and a progress poller. */

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Runs at most `limit` tasks at once (google.script.run allows 10 per user; the page keeps well below). */
export function createLimiter(limit: number): { run<T>(task: () => Promise<T>): Promise<T>; readonly active: number } {
  let active = 0;
  const waiting: Array<() => void> = [];
  const next = (): void => {
    if (active >= limit) return;
    const start = waiting.shift();
    if (start) start();
  };
  return {
    get active() {
      return active;
    },
    run<T>(task: () => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        waiting.push(() => {
          active += 1;
          let started: Promise<T>;
          try {
            started = task();
          } catch (error) {
            started = Promise.reject(error);
          }
          started.then(resolve, reject).finally(() => {
            active -= 1;
            next();
          });
        });
        next();
      });
    },
  };
}

/**
 * Sends the latest value `delayMs` after the last change; never two sends at once, and a change made while
 * one is in flight is sent after it.
 */
export function createDebouncedSaver<Value>(send: (value: Value) => Promise<unknown>, delayMs: number, timers: Timers = realTimers) {
  let pending: { value: Value } | undefined;
  let timer: unknown;
  let inFlight: Promise<void> | undefined;

  const start = (): Promise<void> => {
    if (inFlight || !pending) return inFlight ?? Promise.resolve();
    const { value } = pending;
    pending = undefined;
    inFlight = send(value)
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        inFlight = undefined;
        if (pending && timer === undefined) return start();
        return undefined;
      });
    return inFlight;
  };

  return {
    schedule(value: Value): void {
      pending = { value };
      if (timer !== undefined) timers.clearTimeout(timer);
      timer = timers.setTimeout(() => {
        timer = undefined;
        void start();
      }, delayMs);
    },
    /** Sends a scheduled value now. */
    async flush(): Promise<void> {
      if (timer !== undefined) {
        timers.clearTimeout(timer);
        timer = undefined;
      }
      if (inFlight) await inFlight;
      await start();
    },
    get hasPending(): boolean {
      return pending !== undefined || inFlight !== undefined;
    },
  };
}

/**
 * Polls until `isDone()`, waiting `intervalsMs` in turn before each poll (the last one repeats, so waits can
 * back off), with never more than one poll in flight: the next wait starts when the previous answer (or
 * failure) arrived. Resolves when done.
 */
export async function pollUntilDone<View>(options: {
  poll: () => Promise<View>;
  onView: (view: View) => void;
  isDone: () => boolean;
  intervalsMs: readonly number[];
  wait?: (ms: number) => Promise<void>;
}): Promise<void> {
  const wait = options.wait ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 0; !options.isDone(); attempt += 1) {
    await wait(options.intervalsMs[Math.min(attempt, options.intervalsMs.length - 1)] ?? 1000);
    if (options.isDone()) return;
    try {
      const view = await options.poll();
      if (!options.isDone()) options.onView(view);
    } catch {
      // A failed poll is not a failed fill: the next one may answer.
    }
  }
}

export function newFillId(): string {
  const cryptoObject = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (cryptoObject?.randomUUID) return cryptoObject.randomUUID();
  return `fill-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

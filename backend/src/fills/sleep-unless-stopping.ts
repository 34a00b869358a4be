/**
 * Waits `ms`, or less when `signal` aborts (shutdown). The listener goes with the wait: a promise raced against
 * one that never settles would keep a reaction per poll for the life of the process.
 */
export function sleepUnlessStopping(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    timer.unref();
    signal?.addEventListener('abort', done, { once: true });
  });
}

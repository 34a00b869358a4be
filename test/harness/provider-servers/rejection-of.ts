/** Awaits a promise that must fail and hands back what it failed with, so tests can inspect it freely. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('Expected the promise to reject, but it resolved');
}

/** Milliseconds a promise took to settle, whichever way it went. */
export async function settleTime(promise: Promise<unknown>): Promise<number> {
  const started = Date.now();
  await promise.catch(() => undefined);
  return Date.now() - started;
}

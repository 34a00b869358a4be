import { FirestoreUnavailableError } from '../../platform/firestore/firestore-availability';

/**
 * The answer is returned only once its cost is in Firestore, so a crash right after cannot lose it. When
 * Firestore does not take the record within `timeoutMs` the record stays queued (written once Firestore
 * answers, exactly once) and the caller is told to try again: the answer waits in the cache.
 */
export async function untilUsageRecorded(durable: Promise<void>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
  try {
    const inTime = await Promise.race([durable.then(() => true), late]);
    if (!inTime) {
      throw new FirestoreUnavailableError(
        'The answer was generated, but our database is not answering, so its cost could not be recorded yet; it will be once the database is back. Try again in a minute.',
        30,
      );
    }
  } finally {
    clearTimeout(timer);
  }
}

import type { Firestore } from 'firebase-admin/firestore';
import type { FirestoreAvailability } from '../platform/firestore/firestore-availability';
import type { ReadinessCheck } from './health-routes';

/**
 * A cheap read that fails when Firestore cannot be reached. Not ready at once while Firestore is known to be
 * down (the guard's probe tells when it is back), so /readyz answers within its deadline in an outage too.
 */
export function createFirestoreReadinessCheck(
  firestore: Firestore,
  availability?: Pick<FirestoreAvailability, 'ensureAvailable'>,
  timeoutMs = 3000,
): ReadinessCheck {
  return {
    name: 'firestore',
    async check() {
      availability?.ensureAvailable();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('Firestore did not answer in time')), timeoutMs);
      });
      try {
        await Promise.race([firestore.collection('system').doc('readiness').get(), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

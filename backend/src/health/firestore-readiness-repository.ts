import type { Firestore } from 'firebase-admin/firestore';
import type { ReadinessCheck } from './health-routes';

/** A cheap read that fails when Firestore cannot be reached. */
export function createFirestoreReadinessCheck(firestore: Firestore, timeoutMs = 3000): ReadinessCheck {
  return {
    name: 'firestore',
    async check() {
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

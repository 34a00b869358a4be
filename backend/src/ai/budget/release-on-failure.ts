import type { BudgetReservation } from '../steps/enforce-budget';

/**
 * Runs what follows a budget reservation and gives the hold back if it ends without settling it (a refused
 * selection, storage down, a bug): logAICost settles it exactly once on the way, and release does nothing after that.
 */
export async function releasingOnFailure<T>(reservation: Pick<BudgetReservation, 'release'>, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } finally {
    reservation.release();
  }
}

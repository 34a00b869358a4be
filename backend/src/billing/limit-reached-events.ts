import type { Firestore } from 'firebase-admin/firestore';
import type { BudgetAlertSink } from '../ai/budget/budget-alerts';
import { billingEventsPath, limitReachedEvent } from '../ai/ledger/billing-events';
import { firstToCreate } from '../platform/firestore/create-once';

/**
 * Passes budget alerts on, and records an exhausted budget as a `limit_reached` money event: created under an id
 * named after its scope and period, so racing instances and repeated alerts record it once.
 */
export function withLimitReachedEvents(sink: BudgetAlertSink, firestore: Firestore, now: () => Date = () => new Date()): BudgetAlertSink {
  return {
    async raise(alert) {
      if (alert.level === 'exhausted') {
        const event = limitReachedEvent({ scope: alert.scope, period: alert.period }, alert.usedNanoDollars, now());
        await firstToCreate(() => firestore.collection(billingEventsPath(alert.organisationId)).doc(event.id).create(event));
      }
      await sink.raise(alert);
    },
  };
}

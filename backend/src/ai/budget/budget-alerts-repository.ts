import { createHash } from 'node:crypto';
import { FieldValue, type Firestore } from 'firebase-admin/firestore';
import { isAlreadyExists } from '../../platform/firestore/firestore-errors';
import type { BudgetAlertSink } from './budget-alerts';

/** orgs/{orgId}/budgetAlerts/{id}: one document per scope, period and level, created once. */
export function createBudgetAlertsRepository(firestore: Firestore): BudgetAlertSink {
  const raised = new Set<string>();
  return {
    async raise(alert) {
      const id = createHash('sha256').update(`${alert.organisationId}|${alert.scope}|${alert.period}|${alert.level}`).digest('base64url').slice(0, 24);
      if (raised.has(id)) return;
      try {
        await firestore.doc(`orgs/${alert.organisationId}/budgetAlerts/${id}`).create({ ...alert, raisedAt: FieldValue.serverTimestamp(), delivered: false });
      } catch (error) {
        if (!isAlreadyExists(error)) throw error;
      }
      raised.add(id);
    },
  };
}

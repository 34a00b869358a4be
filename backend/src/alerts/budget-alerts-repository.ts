import { createHash } from 'node:crypto';
import type { Firestore } from 'firebase-admin/firestore';
import { createAlertsRepository, type AlertReference } from './alerts-repository';
import type { BudgetAlert, BudgetAlertSink } from '../ai/budget/budget-alerts';

/** One id per organisation, scope, period and level: the idempotency key of a threshold crossing. */
function budgetAlertId(alert: BudgetAlert): string {
  return createHash('sha256')
    .update(`${alert.organisationId}|${alert.scope}|${alert.period}|${alert.level}`)
    .digest('base64url')
    .slice(0, 24);
}

/** How long the in-process delivery has before the periodic sweep treats the alert as its own. */
const sweepAfterMs = 120_000;

export interface BudgetAlertsRepositoryOptions {
  /** Called once, by the instance whose create made the alert: it starts delivery (alert-deliverer.ts). */
  onRaised?: (reference: AlertReference) => void;
}

/** orgs/{orgId}/budgetAlerts/{id}: one document per scope, period and level, created once. */
export function createBudgetAlertsRepository(firestore: Firestore, options: BudgetAlertsRepositoryOptions = {}): BudgetAlertSink {
  const alerts = createAlertsRepository(firestore);
  const raised = new Set<string>();
  return {
    async raise(alert) {
      const id = budgetAlertId(alert);
      if (raised.has(id)) return;
      const reference: AlertReference = { organisationId: alert.organisationId, collection: 'budgetAlerts', id };
      const created = await alerts.raise(reference, { kind: 'budget', ...alert }, new Date(Date.now() + sweepAfterMs));
      raised.add(id);
      if (created) options.onRaised?.(reference);
    },
  };
}

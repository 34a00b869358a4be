import type { BudgetAlertSink } from '../ai/budget/budget-alerts';
import { limitReachedEvent } from '../ai/ledger/billing-events';
import type { BillingEventsRepository } from './billing-events-repository';

/**
 * Passes budget alerts on, and records an exhausted budget as a `limit_reached` money event: created under an id
 * named after its scope and period, so racing instances and repeated alerts record it once.
 */
export function withLimitReachedEvents(
  sink: BudgetAlertSink,
  events: Pick<BillingEventsRepository, 'append'>,
  now: () => Date = () => new Date(),
): BudgetAlertSink {
  return {
    async raise(alert) {
      if (alert.level === 'exhausted') {
        const event = limitReachedEvent({ scope: alert.scope, period: alert.period }, alert.usedNanoDollars, now());
        await events.append(alert.organisationId, event);
      }
      await sink.raise(alert);
    },
  };
}

import type { BudgetLevel } from './budget-level';

export interface BudgetAlert {
  organisationId: string;
  /** "org" or "user:<userId>" */
  scope: string;
  period: string;
  level: Exclude<BudgetLevel, 'normal'>;
  usedNanoDollars: number;
  limitNanoDollars: number;
}

/** Where crossing a threshold is reported; admin notifications (Chat, e-mail) read from there. */
export interface BudgetAlertSink {
  raise(alert: BudgetAlert): Promise<void>;
}

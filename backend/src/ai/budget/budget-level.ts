/** SPEC.md section 6: normal below the alert threshold, alert, critical, exhausted at 100 %. */
export type BudgetLevel = 'normal' | 'alert' | 'critical' | 'exhausted';

const order: readonly BudgetLevel[] = ['normal', 'alert', 'critical', 'exhausted'];

export interface Thresholds {
  alertThreshold: number;
  criticalThreshold: number;
}

export function levelOf(usedNanoDollars: number, limitNanoDollars: number, thresholds: Thresholds): BudgetLevel {
  if (usedNanoDollars > limitNanoDollars) return 'exhausted';
  const share = usedNanoDollars / limitNanoDollars;
  if (share >= thresholds.criticalThreshold) return 'critical';
  if (share >= thresholds.alertThreshold) return 'alert';
  return 'normal';
}

export function worstLevel(levels: readonly BudgetLevel[]): BudgetLevel {
  return levels.reduce<BudgetLevel>((worst, level) => (order.indexOf(level) > order.indexOf(worst) ? level : worst), 'normal');
}

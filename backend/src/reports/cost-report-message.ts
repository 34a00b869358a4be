import type { CostReport, CostReportLine } from './build-cost-report';

/** Dollars to the micro-dollar, from whole nano-dollars (integers until the last step). */
export function dollars(nanoDollars: number): string {
  const micro = Math.round(nanoDollars / 1000);
  const sign = micro < 0 ? '-' : '';
  const absolute = Math.abs(micro);
  return `${sign}$${Math.floor(absolute / 1_000_000)}.${String(absolute % 1_000_000).padStart(6, '0')}`;
}

/** "+$0.120000 (+25%)", "-$0.010000 (-10%)", or "+$0.500000 (new)" when the period before cost nothing. */
export function change(current: number, previous: number): string {
  const difference = current - previous;
  const signed = difference >= 0 ? `+${dollars(difference)}` : dollars(difference);
  if (previous === 0) return current === 0 ? `${signed} (no change)` : `${signed} (new)`;
  const percent = Math.round((difference / previous) * 100);
  return `${signed} (${percent >= 0 ? '+' : ''}${percent}%)`;
}

function table(title: string, lines: readonly CostReportLine[]): string[] {
  if (lines.length === 0) return [`${title}: no usage`];
  return [
    `${title}:`,
    ...lines.map(
      (line) =>
        `  ${line.key}: ${dollars(line.costNanoDollars)} in ${line.requests} request${line.requests === 1 ? '' : 's'}, ${change(line.costNanoDollars, line.previousCostNanoDollars)}`,
    ),
  ];
}

const span = (period: { from: string; to: string }) => (period.from === period.to ? period.from : `${period.from} to ${period.to}`);

/** The e-mail: one plain-text message, figures first, then where they come from. */
export function costReportMessage(report: CostReport): { subject: string; text: string } {
  const kind = report.kind === 'daily' ? 'Daily' : 'Weekly';
  const { totals } = report;
  const lines = [
    `${kind} AI cost report for ${report.organisationId}, ${span(report.current)} (UTC).`,
    '',
    `Total: ${dollars(totals.costNanoDollars)} in ${totals.requests} request${totals.requests === 1 ? '' : 's'} (${totals.failedRequests} failed)`,
    `Change against ${span(report.previous)}: ${change(totals.costNanoDollars, totals.previousCostNanoDollars)}, was ${dollars(totals.previousCostNanoDollars)}`,
    '',
    ...table('By model', report.byModel),
    '',
    ...table('By provider', report.byProvider),
    '',
    ...table('By template', report.byTemplate),
    '',
    ...(report.budgets.length === 0
      ? ['Budgets: none set']
      : [
          'Budgets used:',
          ...report.budgets.map(
            (budget) =>
              `  ${budget.period === 'day' ? 'Day' : 'Month'} ${budget.periodKey}: $${budget.spentUsd.toFixed(6)} of $${budget.limitUsd.toFixed(2)} (${Math.round(budget.usedShare * 100)}%, ${budget.level})`,
          ),
        ]),
    '',
    ...(report.topFailures.length === 0
      ? ['Failures: none']
      : [
          'Top failures:',
          ...report.topFailures.map(
            (failure) =>
              `  ${failure.provider} ${failure.model}: ${failure.errorCode}, ${failure.attempts} attempt${failure.attempts === 1 ? '' : 's'}`,
          ),
        ]),
  ];
  return { subject: `${kind} AI cost report: ${dollars(totals.costNanoDollars)}, ${span(report.current)}`, text: lines.join('\n') };
}

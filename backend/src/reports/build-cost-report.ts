import type { CostReportKind } from '../../../contracts/reports';
import type { BudgetStatusEntry } from '../ai/budget/budget-status';
import type { UsageRecord } from '../ai/ledger/ledger-types';
import { summariseUsage, type UsageBreakdownRow } from '../usage/usage-summary';
import type { ReportPeriod } from './report-periods';

export interface CostReportLine {
  key: string;
  requests: number;
  costNanoDollars: number;
  previousCostNanoDollars: number;
}

export interface CostReportFailure {
  provider: string;
  model: string;
  errorCode: string;
  attempts: number;
}

/** One organisation's spend over one period against the period before. Money in whole nano-dollars. */
export interface CostReport {
  organisationId: string;
  kind: CostReportKind;
  current: ReportPeriod;
  previous: ReportPeriod;
  totals: { requests: number; failedRequests: number; costNanoDollars: number; previousCostNanoDollars: number };
  byModel: CostReportLine[];
  byProvider: CostReportLine[];
  byTemplate: CostReportLine[];
  /** The organisation's budgets as they stand when the report is made. */
  budgets: BudgetStatusEntry[];
  /** Failed attempts by provider, model and error, most frequent first (at most five). */
  topFailures: CostReportFailure[];
}

export interface CostReportInput {
  organisationId: string;
  kind: CostReportKind;
  current: ReportPeriod;
  previous: ReportPeriod;
  currentRecords: readonly UsageRecord[];
  previousRecords: readonly UsageRecord[];
  budgets: readonly BudgetStatusEntry[];
  /** Template (document) names by id, where known. */
  templateNames?: ReadonlyMap<string, string>;
}

/** Lines of this period, each with what the same key cost in the period before (keys only seen before are listed too). */
function compared(
  current: UsageBreakdownRow[],
  previous: UsageBreakdownRow[],
  name: (key: string) => string = (key) => key,
): CostReportLine[] {
  const before = new Map(previous.map((row) => [row.key, row.costNanoDollars]));
  const lines = current.map((row) => ({
    key: name(row.key),
    requests: row.requests,
    costNanoDollars: row.costNanoDollars,
    previousCostNanoDollars: before.get(row.key) ?? 0,
  }));
  const seen = new Set(current.map((row) => row.key));
  for (const row of previous)
    if (!seen.has(row.key))
      lines.push({ key: name(row.key), requests: 0, costNanoDollars: 0, previousCostNanoDollars: row.costNanoDollars });
  return lines;
}

/** The report's figures, all from the usage records of the two periods (the same summary the dashboard shows). */
export function buildCostReport(input: CostReportInput): CostReport {
  const now = summariseUsage(input.currentRecords, input.current);
  const before = summariseUsage(input.previousRecords, input.previous);
  const failures = new Map<string, CostReportFailure>();
  for (const record of input.currentRecords) {
    if (record.status !== 'error' || record.day < input.current.from || record.day > input.current.to) continue;
    const errorCode = record.errorCode ?? 'unknown';
    const key = `${record.provider}|${record.servedModel}|${errorCode}`;
    const failure = failures.get(key) ?? { provider: record.provider, model: record.servedModel, errorCode, attempts: 0 };
    failure.attempts += 1;
    failures.set(key, failure);
  }
  const templateName = (key: string) => {
    const name = input.templateNames?.get(key);
    return name ? `${name} (${key})` : key;
  };
  return {
    organisationId: input.organisationId,
    kind: input.kind,
    current: input.current,
    previous: input.previous,
    totals: {
      requests: now.totals.requests,
      failedRequests: now.totals.failedRequests,
      costNanoDollars: now.totals.costNanoDollars,
      previousCostNanoDollars: before.totals.costNanoDollars,
    },
    byModel: compared(now.byModel, before.byModel),
    byProvider: compared(now.byProvider, before.byProvider),
    byTemplate: compared(now.byTemplate, before.byTemplate, templateName),
    budgets: input.budgets.filter((budget) => budget.scope === 'organisation'),
    topFailures: [...failures.values()]
      .sort((left, right) => right.attempts - left.attempts || (left.model < right.model ? -1 : 1))
      .slice(0, 5),
  };
}

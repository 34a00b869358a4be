import { z } from 'zod';
import { fillTotals } from '../../../contracts/fills';
import type { RunMetrics } from '../../../contracts/runs';

/** Reads a fill's execution record (`orgs/{orgId}/executions/{fillId}`), as the fills module stores it. */
export type ExecutionReader = (organisationId: string, executionId: string) => Promise<Record<string, unknown> | undefined>;

const recordedExecution = z.object({
  status: z.enum(['running', 'completed', 'aborted']),
  documentId: z.string().optional(),
  totals: fillTotals.optional(),
});

export type ReportedExecution =
  | { kind: 'missing' }
  | { kind: 'running' }
  | { kind: 'recorded'; status: 'completed' | 'aborted'; documentId: string | undefined; metrics: RunMetrics };

const nanoDollarsPerDollar = 1_000_000_000;

/** A fill's totals as a run adds them up: counts as they are, its cost in whole nano-dollars. */
export function metricsOfTotals(totals: z.infer<typeof fillTotals>): RunMetrics {
  return {
    tags: totals.tags,
    succeeded: totals.generated,
    failed: totals.failed,
    fellBack: totals.fallback,
    cached: totals.cached,
    inputTokens: totals.inputTokens,
    outputTokens: totals.outputTokens,
    // The execution keeps dollars (a sum of nano-dollar amounts); rounding recovers the whole nano-dollars.
    costNanoDollars: Math.round(totals.cost * nanoDollarsPerDollar),
    durationMs: Math.round(totals.durationMs),
  };
}

/** What a reported fill's execution record says: gone, still running, or recorded with its metrics. */
export async function readReportedExecution(
  read: ExecutionReader,
  organisationId: string,
  executionId: string,
): Promise<ReportedExecution> {
  const stored = await read(organisationId, executionId);
  if (!stored) return { kind: 'missing' };
  const parsed = recordedExecution.safeParse(stored);
  if (!parsed.success) throw new Error(`The execution ${executionId} is not shaped as a recorded fill: ${parsed.error.message}`);
  const execution = parsed.data;
  if (execution.status === 'running' || !execution.totals) return { kind: 'running' };
  return { kind: 'recorded', status: execution.status, documentId: execution.documentId, metrics: metricsOfTotals(execution.totals) };
}

import type { RunView } from '../../../contracts/runs';

const lineEnding = '\r\n';
// Spreadsheets run a cell starting with one of these as a formula (OWASP "CSV injection"); run names are typed by people.
const formulaTriggers = new Set(['=', '+', '-', '@', '\t', '\r']);
const needsQuoting = /[",\r\n]/;
const nanoDollarsPerDollar = 1_000_000_000;

function textCell(text: string): string {
  const defused = formulaTriggers.has(text.charAt(0)) ? `'${text}` : text;
  return needsQuoting.test(defused) ? `"${defused.replace(/"/g, '""')}"` : defused;
}

/** Exact decimal dollars from integer nano-dollars. */
function dollarsCell(nanoDollars: number): string {
  const fraction = String(nanoDollars % nanoDollarsPerDollar)
    .padStart(9, '0')
    .replace(/0+$/, '');
  const whole = String(Math.floor(nanoDollars / nanoDollarsPerDollar));
  return fraction === '' ? whole : `${whole}.${fraction}`;
}

// Each column with how its cell is written, in column order.
const cells: Record<string, (run: RunView) => string> = {
  runId: (run) => run.runId,
  name: (run) => textCell(run.name),
  status: (run) => run.status,
  finished: (run) => String(run.finished),
  createdBy: (run) => textCell(run.createdBy),
  createdAt: (run) => run.createdAt,
  templateDocumentId: (run) => run.templateDocumentId,
  source: (run) => run.source.kind,
  records: (run) => String(run.progress.total),
  done: (run) => String(run.progress.done),
  failed: (run) => String(run.progress.failed),
  cancelled: (run) => String(run.progress.cancelled),
  remaining: (run) => String(run.progress.remaining),
  tags: (run) => String(run.metrics.tags),
  tagsSucceeded: (run) => String(run.metrics.succeeded),
  tagsFailed: (run) => String(run.metrics.failed),
  tagsFellBack: (run) => String(run.metrics.fellBack),
  tagsCached: (run) => String(run.metrics.cached),
  inputTokens: (run) => String(run.metrics.inputTokens),
  outputTokens: (run) => String(run.metrics.outputTokens),
  costUsd: (run) => dollarsCell(run.metrics.costNanoDollars),
  durationMs: (run) => String(run.metrics.durationMs),
};

/** One line per run with its progress and rolled-up metrics, RFC 4180 with CRLF line endings. */
export function runsToCsv(runs: readonly RunView[]): string {
  const columns = Object.keys(cells);
  const lines = runs.map((run) => columns.map((column) => (cells[column] as (run: RunView) => string)(run)).join(','));
  return [columns.join(','), ...lines].map((line) => line + lineEnding).join('');
}

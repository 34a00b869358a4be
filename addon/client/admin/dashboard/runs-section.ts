import type { RunJobView, RunView } from '../../../../contracts/runs';
import type { RunsScope } from '../../../shared/runs-dashboard-api';
import { callServer } from '../../common/call-server';
import { element } from '../../common/dom';
import { formatCount, formatDuration, formatTokens, formatUsd } from './format';

/**
 * The dashboard's runs (issue 20): many documents from one template, newest first, with their progress and the
 * metrics rolled up from each document's fill; a run's name opens its records (links and errors). Not limited
 * to the dashboard's period: a run is listed by when it was made. Its `data-state` is loading, ready or error.
 */
export interface RunsSection {
  element: HTMLElement;
  load(scope: RunsScope): Promise<void>;
}

const nanoDollarsPerDollar = 1_000_000_000;

export function runStatusText(run: RunView): string {
  if (run.status === 'cancelled') return 'Cancelled';
  if (run.status === 'paused') return 'Paused';
  if (run.finished) return 'Finished';
  return run.progress.total === 0 ? 'Starting' : 'Running';
}

export function runProgressText(run: RunView): string {
  const { done, failed, remaining, total, cancelled } = run.progress;
  const parts = [`${formatCount(done)} of ${formatCount(total)} done`];
  if (failed > 0) parts.push(`${formatCount(failed)} failed`);
  if (cancelled > 0) parts.push(`${formatCount(cancelled)} cancelled`);
  if (remaining > 0) parts.push(`${formatCount(remaining)} remaining`);
  return parts.join(', ');
}

function createdText(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

const columns: { heading: string; title?: string; cell(run: RunView): string }[] = [
  { heading: 'Status', cell: runStatusText },
  { heading: 'Progress', cell: runProgressText },
  { heading: 'Cost', cell: (run) => formatUsd(run.metrics.costNanoDollars / nanoDollarsPerDollar) },
  { heading: 'Tokens', cell: (run) => formatTokens(run.metrics.inputTokens + run.metrics.outputTokens).replace(/ tokens?$/, '') },
  { heading: 'Fell back', title: 'AI tags that got their fallback text', cell: (run) => formatCount(run.metrics.fellBack) },
  { heading: 'Cached', title: 'AI tags answered from the cache', cell: (run) => formatCount(run.metrics.cached) },
  { heading: 'Failed tags', title: 'AI tags that failed', cell: (run) => formatCount(run.metrics.failed) },
  { heading: 'Time', title: "The documents' fills, added up", cell: (run) => formatDuration(run.metrics.durationMs) },
  { heading: 'Created by', cell: (run) => run.createdBy },
  { heading: 'Created', cell: (run) => createdText(run.createdAt) },
];

function recordLine(job: RunJobView): HTMLElement {
  const where = job.sourceReference ? `Row ${job.sourceReference}` : job.recordKey;
  const states = { pending: 'waiting', leased: 'in progress', done: 'done', failed: 'failed', cancelled: 'cancelled' };
  return element(
    'li',
    { 'data-record': job.recordKey, 'data-state': job.state },
    element('span', {}, `${where}: ${states[job.state]}`),
    job.documentUrl
      ? element('span', {}, ' · ', element('a', { href: job.documentUrl, target: '_blank', rel: 'noopener noreferrer' }, 'Open document'))
      : null,
    job.error ? element('span', { class: 'ud-run-error' }, ` · ${job.error}`) : null,
  );
}

export function runsSection(): RunsSection {
  let scope: RunsScope = 'mine';
  let generation = 0;
  const message = element('p', { class: 'ud-message', role: 'status', 'aria-live': 'polite' });
  const exportButton = element('button', { type: 'button', class: 'ud-export', id: 'ud-runs-export' }, 'Export runs CSV');
  const body = element('div', { class: 'ud-runs-body' });
  const more = element('button', { type: 'button', class: 'ud-export', id: 'ud-runs-more', hidden: true }, 'Load more runs');
  const section = element(
    'section',
    { class: 'ud-runs', 'data-section': 'runs', 'data-state': 'loading', 'aria-labelledby': 'ud-runs-heading' },
    element('div', { class: 'ud-runs-head' }, element('h2', { id: 'ud-runs-heading' }, 'Runs'), exportButton),
    element('p', { class: 'ud-muted' }, 'Documents made in bulk from a sheet or HubSpot, newest first (whatever the period).'),
    message,
    body,
    more,
  );
  let next: string | undefined;
  let rows: HTMLTableSectionElement | undefined;

  const setMessage = (text: string, error = false) => {
    message.textContent = text;
    message.classList.toggle('error', error);
  };

  async function toggleRecords(run: RunView, row: HTMLTableRowElement, toggle: HTMLButtonElement): Promise<void> {
    const shown = row.nextElementSibling as HTMLElement | null;
    if (shown?.dataset.recordsOf === run.runId) {
      shown.remove();
      toggle.setAttribute('aria-expanded', 'false');
      return;
    }
    toggle.setAttribute('aria-expanded', 'true');
    const list = element(
      'ul',
      { class: 'ud-run-records', id: `ud-records-${run.runId}`, 'aria-live': 'polite' },
      element('li', {}, 'Loading records…'),
    );
    const detail = element('tr', { 'data-records-of': run.runId }, element('td', { colspan: String(columns.length + 1) }, list));
    row.after(detail);
    try {
      const jobs: RunJobView[] = [];
      let after: string | undefined;
      do {
        const page = await callServer('getDashboardRunRecords', after ? { runId: run.runId, after } : { runId: run.runId });
        jobs.push(...page.jobs);
        after = page.next;
      } while (after && jobs.length < 500);
      list.replaceChildren(...(jobs.length > 0 ? jobs.map(recordLine) : [element('li', {}, 'No records yet.')]));
    } catch (error) {
      list.replaceChildren(element('li', { class: 'ud-run-error', role: 'alert' }, `The records could not be loaded: ${errorText(error)}`));
    }
  }

  function runRow(run: RunView): HTMLTableRowElement {
    const toggle = element(
      'button',
      { type: 'button', class: 'ud-run-toggle', 'aria-expanded': 'false', 'aria-controls': `ud-records-${run.runId}` },
      run.name,
    );
    const row = element(
      'tr',
      { 'data-run': run.runId, 'data-status': run.status },
      element('td', {}, toggle),
      ...columns.map((column) => element('td', {}, column.cell(run))),
    );
    toggle.addEventListener('click', () => void toggleRecords(run, row, toggle));
    return row;
  }

  async function loadPage(reset: boolean): Promise<void> {
    const mine = reset ? ++generation : generation;
    if (reset) {
      section.dataset.state = 'loading';
      setMessage('Loading runs…');
    }
    try {
      const page = await callServer('getDashboardRuns', !reset && next ? { scope, after: next } : { scope });
      if (mine !== generation) return;
      next = page.next;
      more.hidden = next === undefined;
      if (reset) {
        rows = element('tbody', {});
        body.replaceChildren(
          page.runs.length === 0
            ? element('p', { class: 'ud-muted', id: 'ud-runs-empty' }, 'No runs yet. Start one from the sidebar\'s "Bulk" panel.')
            : element(
                'div',
                { class: 'ud-table-scroll' },
                element(
                  'table',
                  { id: 'ud-runs-table', 'aria-label': 'Runs' },
                  element(
                    'thead',
                    {},
                    element(
                      'tr',
                      {},
                      element('th', {}, 'Run'),
                      ...columns.map((column) => element('th', column.title ? { title: column.title } : {}, column.heading)),
                    ),
                  ),
                  rows,
                ),
              ),
        );
      }
      rows?.append(...page.runs.map(runRow));
      exportButton.disabled = page.runs.length === 0 && reset;
      section.dataset.state = 'ready';
      setMessage('');
    } catch (error) {
      if (mine !== generation) return;
      section.dataset.state = 'error';
      setMessage(`The runs could not be loaded: ${errorText(error)}`, true);
    }
  }

  async function exportCsv(): Promise<void> {
    exportButton.disabled = true;
    setMessage('Preparing the runs CSV…');
    try {
      const exported = await callServer('exportRunsCsv', { scope });
      const url = URL.createObjectURL(new Blob([exported.csv], { type: 'text/csv;charset=utf-8' }));
      const link = element('a', { href: url, download: exported.filename, target: '_self', hidden: true });
      section.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      section.dataset.exportRows = String(exported.rows);
      setMessage(`Exported ${formatCount(exported.rows)} runs to ${exported.filename}.`);
    } catch (error) {
      setMessage(`The export failed: ${errorText(error)}`, true);
    } finally {
      exportButton.disabled = false;
    }
  }

  exportButton.addEventListener('click', () => void exportCsv());
  more.addEventListener('click', () => void loadPage(false));

  return {
    element: section,
    load(chosen) {
      scope = chosen;
      return loadPage(true);
    },
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

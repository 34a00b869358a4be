import type { UsageDashboardData, UsagePeriodInput, UsageScope } from '../../../shared/usage-dashboard-api';
import { callServer } from '../../common/call-server';
import { groupTable } from './group-table';
import { element } from '../../common/dom';
import { describeBudget } from '../logic/budget-form';
import { breakdownLabels, emptyStateOf, kpis, topWithOthers, type BreakdownItem } from './aggregate';
import { drawBreakdownChart, drawTimeChart, type Chart } from './charts';
import { formatCount, formatPeriod, formatTokens, formatUsd, formatPercent } from './format';
import { customPeriod, periodPresets, presetPeriod, utcDay, type Period, type PeriodPreset } from './period';
import { runsSection } from './runs-section';
import { satisfactionSection } from './satisfaction-section';
import { alertsSection } from './alerts-section';
import { ensureDashboardStyles } from './styles';

/** The usage dashboard screen of the admin dialog (SPEC.md section 8); the dialog shell mounts it. */
export interface DashboardOptions {
  /** Admins see the organisation (and may switch to their own usage); members their own usage. */
  scope: 'organisation' | 'mine';
  /** Rows per breakdown before the rest is folded into "Others". */
  topN?: number;
}

export interface MountedDashboard {
  /** Loads the current period and scope again. */
  refresh(): Promise<void>;
  /** Destroys the charts and empties the container. */
  destroy(): void;
}

type BreakdownId = 'user' | 'model' | 'provider' | 'template' | 'tag';

const breakdowns: {
  id: BreakdownId;
  title: string;
  rows: keyof Pick<UsageDashboardData['summary'], 'byUser' | 'byModel' | 'byProvider' | 'byTemplate' | 'byTag'>;
}[] = [
  { id: 'model', title: 'By model', rows: 'byModel' },
  { id: 'tag', title: 'By tag', rows: 'byTag' },
  { id: 'template', title: 'Top templates', rows: 'byTemplate' },
  { id: 'user', title: 'By user', rows: 'byUser' },
  { id: 'provider', title: 'By provider', rows: 'byProvider' },
];

/** How long a chart may wait for its first paint before the dashboard calls itself ready anyway (hidden tab). */
const drawWaitMs = 1500;

/**
 * Renders the dashboard into `container` and loads the last 30 days. The promise settles once the first view
 * is on screen (charts drawn, or an empty state or error shown); it never rejects: errors are shown in the page.
 * The container's `data-state` is loading, ready, empty or error; `data-charts-drawn` turns "true" when every
 * chart of the current view has painted, and `data-load-ms` holds how long that view took from the request.
 */
export async function mountDashboard(container: HTMLElement, options: DashboardOptions): Promise<MountedDashboard> {
  const openedAt = performance.now();
  performance.mark?.('usage-dashboard:open');
  ensureDashboardStyles(container.ownerDocument);
  const topN = options.topN ?? 6;
  const admin = options.scope === 'organisation';
  let scope: UsageScope = options.scope;
  let preset: PeriodPreset = 'last30';
  let period: Period = presetPeriod('last30', utcDay(new Date()));
  let charts: Chart[] = [];
  let generation = 0;
  let first = true;

  const root = element('div', { class: 'usage-dashboard', 'data-state': 'loading', 'data-scope': scope });
  const periodSelect = element(
    'select',
    { id: 'ud-period', 'aria-label': 'Period' },
    ...periodPresets.map((choice) => element('option', { value: choice.id, selected: choice.id === preset }, choice.label)),
  );
  const fromInput = element('input', { type: 'date', id: 'ud-from', 'aria-label': 'First day', value: period.from });
  const toInput = element('input', { type: 'date', id: 'ud-to', 'aria-label': 'Last day', value: period.to });
  const applyButton = element('button', { type: 'button', class: 'ud-export', id: 'ud-apply' }, 'Show');
  const custom = element('span', { class: 'ud-custom', hidden: true }, fromInput, '–', toInput, applyButton);
  const scopeButtons = (['organisation', 'mine'] as const).map((value) =>
    element(
      'button',
      { type: 'button', 'data-scope': value, 'aria-pressed': String(value === scope) },
      value === 'organisation' ? 'Organisation' : 'Only me',
    ),
  );
  const scopeSwitch = admin ? element('span', { class: 'ud-scope', role: 'group', 'aria-label': 'Whose usage' }, ...scopeButtons) : null;
  const exportButton = element('button', { type: 'button', class: 'ud-export', id: 'ud-export' }, 'Export CSV');
  const periodLabel = element('p', { class: 'ud-period-label' });
  const message = element('p', { class: 'ud-message', role: 'status', 'aria-live': 'polite' });
  const body = element('div', { class: 'ud-body' }, element('p', { class: 'ud-loading' }, 'Loading usage…'));
  // Runs are listed by when they were made, not by the period: loaded again only when the scope changes.
  const runs = runsSection();
  let runsScope: UsageScope | undefined;
  const loadRuns = () => {
    if (runsScope === scope) return;
    runsScope = scope;
    void runs.load(scope);
  };
  root.append(
    element(
      'div',
      { class: 'ud-toolbar' },
      element('label', {}, 'Period', periodSelect),
      custom,
      scopeSwitch,
      element('span', { class: 'ud-spacer' }),
      exportButton,
    ),
    periodLabel,
    message,
    body,
    runs.element,
  );
  container.replaceChildren(root);

  const setMessage = (text: string, error = false) => {
    message.textContent = text;
    message.classList.toggle('error', error);
  };

  const destroyCharts = () => {
    for (const chart of charts) chart.destroy();
    charts = [];
  };

  const request = (): UsagePeriodInput => ({ from: period.from, to: period.to, scope });

  async function load(): Promise<void> {
    generation += 1;
    const mine = generation;
    const startedAt = first ? openedAt : performance.now();
    root.dataset.state = 'loading';
    root.dataset.chartsDrawn = 'false';
    root.setAttribute('aria-busy', 'true');
    periodLabel.textContent = `${formatPeriod(period.from, period.to)} (UTC) · ${scope === 'organisation' ? 'whole organisation' : 'your usage'}`;
    setMessage('Loading usage…');
    let data: UsageDashboardData;
    try {
      data = await callServer('getUsageDashboard', request());
    } catch (error) {
      if (mine !== generation) return;
      loadRuns();
      destroyCharts();
      root.dataset.state = 'error';
      root.removeAttribute('aria-busy');
      setMessage('');
      body.replaceChildren(
        element(
          'div',
          { class: 'ud-empty', role: 'alert' },
          element('h2', {}, 'The usage could not be loaded'),
          element('p', {}, error instanceof Error ? error.message : String(error)),
        ),
      );
      return;
    }
    if (mine !== generation) return;
    const drawn = render(data);
    loadRuns();
    setMessage('');
    root.removeAttribute('aria-busy');
    await drawn;
    if (mine !== generation) return;
    const elapsed = Math.round(performance.now() - startedAt);
    root.dataset.loadMs = String(elapsed);
    root.dataset.serverMs = String(data.serverMs);
    if (first) {
      performance.mark?.('usage-dashboard:drawn');
      first = false;
    }
  }

  /** Replaces the body with the view of `data`; resolves when its charts have painted. */
  function render(data: UsageDashboardData): Promise<void> {
    destroyCharts();
    scope = data.summary.scope;
    root.dataset.scope = scope;
    for (const button of scopeButtons) button.setAttribute('aria-pressed', String(button.dataset.scope === scope));
    const empty = emptyStateOf(data);
    if (empty) {
      root.dataset.state = 'empty';
      root.dataset.empty = empty.kind;
      root.dataset.chartsDrawn = 'true';
      exportButton.disabled = true;
      body.replaceChildren(
        ...retiringSection(data),
        element('div', { class: 'ud-empty', 'data-empty': empty.kind }, element('h2', {}, empty.title), element('p', {}, empty.action)),
        budgetSection(data),
      );
      return Promise.resolve();
    }
    delete root.dataset.empty;
    exportButton.disabled = false;
    const labels = breakdownLabels(data);
    const pending: ((onDrawn: () => void) => Chart)[] = [];
    const timeCanvas = element('canvas', { id: 'ud-chart-time', role: 'img', 'aria-label': 'Cost and tokens by day' });
    pending.push((onDrawn) => drawTimeChart(timeCanvas, data.summary.byDay, onDrawn));

    const cards = breakdowns
      // A member's own usage has one user: the user breakdown would say nothing.
      .filter((breakdown) => breakdown.id !== 'user' || scope === 'organisation')
      .map((breakdown) => {
        const items = topWithOthers(data.summary[breakdown.rows], topN, labels[breakdown.id]);
        const canvas = element('canvas', { role: 'img', 'aria-label': `Cost ${breakdown.title.toLowerCase()}` });
        if (items.length > 0) pending.push((onDrawn) => drawBreakdownChart(canvas, items, onDrawn));
        return element(
          'section',
          { class: 'ud-breakdown', 'data-breakdown': breakdown.id },
          element('h3', {}, breakdown.title),
          items.length > 0
            ? element('div', { class: 'ud-chart', style: `height: ${Math.max(90, items.length * 26 + 30)}px` }, canvas)
            : element('p', { class: 'ud-muted' }, 'Nothing in this period.'),
          breakdownTable(items),
        );
      });

    const satisfaction = satisfactionSection(data, labels, topN);
    if (satisfaction.chart) pending.push(satisfaction.chart);

    const totals = data.summary.totals;
    root.dataset.state = 'ready';
    body.replaceChildren(
      ...retiringSection(data),
      element(
        'div',
        { class: 'ud-kpis' },
        ...kpis(totals).map((kpi) =>
          element(
            'div',
            { class: 'ud-kpi', 'data-kpi': kpi.id },
            element('div', { class: 'ud-kpi-label' }, kpi.label),
            element('div', { class: 'ud-kpi-value' }, kpi.value),
            kpi.detail ? element('div', { class: 'ud-kpi-detail' }, kpi.detail) : null,
          ),
        ),
      ),
      element('h2', {}, 'Cost and tokens by day'),
      element('div', { class: 'ud-chart', 'data-chart': 'time' }, timeCanvas),
      budgetSection(data),
      element('h2', {}, 'Breakdowns'),
      element('div', { class: 'ud-grid' }, ...cards),
      satisfaction.section,
      ...alertsSection(data),
      element(
        'p',
        { class: 'ud-footer' },
        `${formatCount(data.summary.records)} usage records · ${formatUsd(totals.costUsd)} · ${formatTokens(totals.inputTokens + totals.outputTokens)} · server ${data.serverMs} ms`,
      ),
    );

    return new Promise<void>((resolve) => {
      let waiting = pending.length;
      let settled = false;
      const finish = () => {
        if (settled) return;
        settled = true;
        root.dataset.chartsDrawn = waiting === 0 ? 'true' : 'false';
        resolve();
      };
      const onDrawn = () => {
        waiting -= 1;
        if (waiting === 0) {
          root.dataset.chartsDrawn = 'true';
          finish();
        }
      };
      // Charts are created once the canvases are in the document, so they measure their real size.
      charts = pending.map((create) => create(onDrawn));
      if (waiting > 0) setTimeout(finish, drawWaitMs);
      else finish();
    });
  }

  /** Models the organisation can reach that their provider shuts down within 60 days: what to move to, and by when. */
  function retiringSection(data: UsageDashboardData): HTMLElement[] {
    if (data.retiringModels.length === 0) return [];
    return [
      element(
        'section',
        { class: 'ud-retiring', 'data-section': 'retiring-models', role: 'note' },
        element('h2', {}, 'Models shutting down soon'),
        element(
          'ul',
          {},
          ...data.retiringModels.map((model) =>
            element(
              'li',
              { 'data-model': model.key },
              element('strong', {}, model.displayName),
              model.daysLeft <= 0
                ? ` (${model.key}) was shut down on ${model.shutsDownOn}: it can no longer be called.`
                : ` (${model.key}) shuts down on ${model.shutsDownOn}, in ${model.daysLeft === 1 ? '1 day' : `${model.daysLeft} days`}.`,
              model.replacement ? ` Move to ${model.replacement}.` : '',
              model.usedAs.length > 0 ? element('span', { class: 'ud-retiring-use' }, ` Used as ${model.usedAs.join(' and ')}.`) : null,
            ),
          ),
        ),
      ),
    ];
  }

  function budgetSection(data: UsageDashboardData): HTMLElement {
    const section = element('section', { class: 'ud-budget-section', 'data-section': 'budgets' }, element('h2', {}, 'Budgets'));
    if (data.budget.budgets.length === 0) {
      section.append(
        element(
          'p',
          { class: 'ud-muted' },
          data.viewer.role === 'member' ? 'No budget applies to you.' : 'No budgets are set. Set daily or monthly limits in Budgets.',
        ),
      );
      return section;
    }
    section.append(
      element(
        'div',
        { class: 'ud-budgets' },
        ...data.budget.budgets.map((entry) => {
          const described = describeBudget(entry);
          return element(
            'div',
            { class: `ud-budget level-${entry.level}`, 'data-budget': `${entry.scope}-${entry.period}`, 'data-level': entry.level },
            element(
              'div',
              { class: 'ud-budget-head' },
              element('span', {}, described.name),
              element('span', { class: 'ud-budget-level' }, described.level),
            ),
            element(
              'div',
              {
                class: 'ud-meter',
                role: 'meter',
                'aria-valuemin': '0',
                'aria-valuemax': '100',
                'aria-valuenow': String(Math.round(Math.min(1, entry.usedShare) * 100)),
              },
              element('span', { style: `width: ${Math.min(100, entry.usedShare * 100).toFixed(1)}%` }),
            ),
            element('div', { class: 'ud-muted' }, described.consumption),
          );
        }),
      ),
    );
    return section;
  }

  async function exportCsv(): Promise<void> {
    exportButton.disabled = true;
    setMessage('Preparing the CSV…');
    try {
      const exported = await callServer('exportUsageCsv', request());
      const url = URL.createObjectURL(new Blob([exported.csv], { type: 'text/csv;charset=utf-8' }));
      const link = element('a', { href: url, download: exported.filename, target: '_self', hidden: true });
      root.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      root.dataset.exportRows = String(exported.rows);
      setMessage(`Exported ${formatCount(exported.rows)} usage records to ${exported.filename}.`);
    } catch (error) {
      setMessage(`The export failed: ${error instanceof Error ? error.message : String(error)}`, true);
    } finally {
      exportButton.disabled = root.dataset.state !== 'ready';
    }
  }

  periodSelect.addEventListener('change', () => {
    preset = periodSelect.value as PeriodPreset;
    custom.hidden = preset !== 'custom';
    if (preset === 'custom') {
      fromInput.value = period.from;
      toInput.value = period.to;
      return;
    }
    period = presetPeriod(preset, utcDay(new Date()));
    void load();
  });
  applyButton.addEventListener('click', () => {
    const chosen = customPeriod(fromInput.value, toInput.value);
    if ('problem' in chosen) {
      setMessage(chosen.problem, true);
      return;
    }
    period = chosen;
    void load();
  });
  for (const button of scopeButtons) {
    button.addEventListener('click', () => {
      const chosen = button.dataset.scope as UsageScope;
      if (chosen === scope) return;
      scope = chosen;
      void load();
    });
  }
  exportButton.addEventListener('click', () => void exportCsv());

  await load();
  return {
    refresh: load,
    destroy() {
      generation += 1;
      destroyCharts();
      container.replaceChildren();
    },
  };
}

function breakdownTable(items: readonly BreakdownItem[]): HTMLElement | null {
  if (items.length === 0) return null;
  return groupTable(items, [
    { heading: 'Cost', cell: (item) => formatUsd(item.costUsd) },
    { heading: 'Share', cell: (item) => formatPercent(item.share) },
    { heading: 'Requests', cell: (item) => formatCount(item.requests) },
    { heading: 'Tokens', cell: (item) => formatTokens(item.inputTokens + item.outputTokens).replace(/ tokens?$/, '') },
  ]);
}

import type { UsageDashboardData } from '../../../shared/usage-dashboard-api';
import { element } from '../../common/dom';
import { groupTable } from './group-table';
import type { breakdownLabels } from './aggregate';
import { drawSatisfactionChart, type Chart } from './charts';
import { formatCount } from './format';
import { describeRatings, formatSatisfaction, topRated, type SatisfactionItem } from './satisfaction';

type Labels = ReturnType<typeof breakdownLabels>;

const groups: { id: 'model' | 'provider' | 'template' | 'tag'; title: string; rows: 'byModel' | 'byProvider' | 'byTemplate' | 'byTag' }[] =
  [
    { id: 'model', title: 'By model', rows: 'byModel' },
    { id: 'provider', title: 'By provider', rows: 'byProvider' },
    { id: 'template', title: 'By template', rows: 'byTemplate' },
    { id: 'tag', title: 'By tag', rows: 'byTag' },
  ];

/**
 * "Satisfaction": the 👍/👎 people gave generated tags in the sidebar, for the fills of the period: the share of
 * 👍 overall, per day (a small stacked chart), and by model, provider, template and tag. `chart` creates the
 * per-day chart once the section is in the document; absent when nothing was rated.
 */
export function satisfactionSection(
  data: UsageDashboardData,
  labels: Labels,
  topN: number,
): { section: HTMLElement; chart?: (onDrawn: () => void) => Chart } {
  const satisfaction = data.summary.satisfaction;
  const section = element('section', { class: 'ud-satisfaction', 'data-section': 'satisfaction' }, element('h2', {}, 'Satisfaction'));
  if (satisfaction.totals.ratings === 0) {
    section.append(
      element(
        'p',
        { class: 'ud-muted', 'data-satisfaction': 'none' },
        'No generated tag of this period was rated yet. People rate each generated tag with 👍 or 👎 in the sidebar, after a fill or in its preview.',
      ),
    );
    return { section };
  }
  const canvas = element('canvas', { id: 'ud-chart-satisfaction', role: 'img', 'aria-label': 'Ratings by day' });
  section.append(
    element(
      'p',
      { class: 'ud-satisfaction-totals', 'data-satisfaction': 'totals' },
      element('strong', {}, formatSatisfaction(satisfaction.totals.satisfaction)),
      ' rated good (👍)',
      ` · ${describeRatings(satisfaction.totals)}`,
    ),
    element('div', { class: 'ud-chart ud-chart-small', 'data-chart': 'satisfaction' }, canvas),
    element(
      'div',
      { class: 'ud-grid' },
      ...groups.map((group) =>
        element(
          'section',
          { class: 'ud-breakdown', 'data-satisfaction-breakdown': group.id },
          element('h3', {}, group.title),
          satisfactionTable(topRated(satisfaction[group.rows], topN, labels[group.id])),
        ),
      ),
    ),
  );
  return { section, chart: (onDrawn) => drawSatisfactionChart(canvas, satisfaction.byDay, onDrawn) };
}

function satisfactionTable(items: readonly SatisfactionItem[]): HTMLElement {
  if (items.length === 0) return element('p', { class: 'ud-muted' }, 'Nothing rated.');
  return groupTable(items, [
    { heading: 'Satisfaction', title: 'Share of 👍', cell: (item) => formatSatisfaction(item.satisfaction) },
    { heading: 'Good', title: 'Rated 👍', cell: (item) => formatCount(item.up) },
    { heading: 'Poor', title: 'Rated 👎', cell: (item) => formatCount(item.down) },
  ]);
}

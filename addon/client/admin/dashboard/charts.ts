import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
  type Plugin,
} from 'chart.js';
import type { SatisfactionBreakdownRowView, UsageBreakdownRowView } from '../../../shared/usage-dashboard-api';
import type { BreakdownItem } from './aggregate';
import { compact, formatDay, formatTokens, formatUsd } from './format';

// Only what the dashboard draws, so the page stays small: bars, one line, two linear axes, tooltips, legend.
Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend);

const costColour = '#1a73e8';
const tokensColour = '#e37400';
const othersColour = '#9aa0a6';
const upColour = '#1e8e3e';
const downColour = '#d93025';
const fontFamily = 'Roboto, Arial, sans-serif';

Chart.defaults.font.family = fontFamily;
Chart.defaults.font.size = 11;
Chart.defaults.color = '#5f6368';

/** Calls `onDrawn` after a chart's first frame has been painted onto its canvas. */
function drawnPlugin(onDrawn: () => void): Plugin {
  let reported = false;
  return {
    id: 'dashboardDrawn',
    afterRender() {
      if (reported) return;
      reported = true;
      onDrawn();
    },
  };
}

function create(canvas: HTMLCanvasElement, configuration: ChartConfiguration, onDrawn: () => void): Chart {
  configuration.plugins = [...(configuration.plugins ?? []), drawnPlugin(onDrawn)];
  return new Chart(canvas, configuration);
}

/** Cost as bars and tokens (in + out) as a line, per day, on two axes. */
export function drawTimeChart(canvas: HTMLCanvasElement, byDay: readonly UsageBreakdownRowView[], onDrawn: () => void): Chart {
  const long = byDay.length > 62;
  return create(
    canvas,
    {
      type: 'bar',
      data: {
        labels: byDay.map((row) => formatDay(row.key)),
        datasets: [
          {
            type: 'bar',
            label: 'Cost',
            data: byDay.map((row) => row.costUsd),
            backgroundColor: costColour,
            yAxisID: 'cost',
            order: 2,
            maxBarThickness: 24,
          },
          {
            type: 'line',
            label: 'Tokens',
            data: byDay.map((row) => row.inputTokens + row.outputTokens),
            borderColor: tokensColour,
            backgroundColor: tokensColour,
            yAxisID: 'tokens',
            order: 1,
            borderWidth: 2,
            pointRadius: long ? 0 : 2,
            tension: 0.25,
          },
        ],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: { grid: { display: false }, ticks: { maxRotation: 0, autoSkip: true, autoSkipPadding: 12 } },
          cost: {
            type: 'linear',
            position: 'left',
            beginAtZero: true,
            ticks: { callback: (value) => formatUsd(Number(value)), maxTicksLimit: 5 },
            title: { display: true, text: 'Cost' },
          },
          tokens: {
            type: 'linear',
            position: 'right',
            beginAtZero: true,
            grid: { drawOnChartArea: false },
            ticks: { callback: (value) => compact(Number(value)), maxTicksLimit: 5 },
            title: { display: true, text: 'Tokens' },
          },
        },
        plugins: {
          legend: { position: 'bottom', labels: { boxWidth: 12 } },
          tooltip: {
            callbacks: {
              label: (context) =>
                context.dataset.yAxisID === 'cost'
                  ? `Cost: ${formatUsd(Number(context.parsed.y))}`
                  : `Tokens: ${formatTokens(Number(context.parsed.y))}`,
            },
          },
        },
      },
    },
    onDrawn,
  );
}

/** One horizontal bar per item, by cost; "Others" in grey. */
export function drawBreakdownChart(canvas: HTMLCanvasElement, items: readonly BreakdownItem[], onDrawn: () => void): Chart {
  const byRequests = items.every((item) => item.costUsd === 0);
  return create(
    canvas,
    {
      type: 'bar',
      data: {
        labels: items.map((item) => truncate(item.label, 28)),
        datasets: [
          {
            label: byRequests ? 'Requests' : 'Cost',
            data: items.map((item) => (byRequests ? item.requests : item.costUsd)),
            backgroundColor: items.map((item) => (item.others ? othersColour : costColour)),
            maxBarThickness: 18,
          },
        ],
      },
      options: {
        indexAxis: 'y',
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: {
            beginAtZero: true,
            ticks: { maxTicksLimit: 4, callback: (value) => (byRequests ? compact(Number(value)) : formatUsd(Number(value))) },
          },
          y: { grid: { display: false } },
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              title: (contexts) => items[contexts[0]?.dataIndex ?? 0]?.label ?? '',
              label: (context) => (byRequests ? `${compact(Number(context.parsed.x))} requests` : formatUsd(Number(context.parsed.x))),
            },
          },
        },
      },
    },
    onDrawn,
  );
}

/** 👍 and 👎 per day, stacked: how many ratings, and how they split, over the period. */
export function drawSatisfactionChart(
  canvas: HTMLCanvasElement,
  byDay: readonly SatisfactionBreakdownRowView[],
  onDrawn: () => void,
): Chart {
  return create(
    canvas,
    {
      type: 'bar',
      data: {
        labels: byDay.map((row) => formatDay(row.key)),
        datasets: [
          { label: 'Good', data: byDay.map((row) => row.up), backgroundColor: upColour, maxBarThickness: 24 },
          { label: 'Poor', data: byDay.map((row) => row.down), backgroundColor: downColour, maxBarThickness: 24 },
        ],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: { stacked: true, grid: { display: false }, ticks: { maxRotation: 0, autoSkip: true, autoSkipPadding: 12 } },
          y: { stacked: true, beginAtZero: true, ticks: { precision: 0, maxTicksLimit: 4 }, title: { display: true, text: 'Ratings' } },
        },
        plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
      },
    },
    onDrawn,
  );
}

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

export type { Chart };

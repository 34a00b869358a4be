/**
 * The dashboard's stylesheet, added once by mountDashboard: the dialog shell inlines only its own CSS, and
 * the dashboard must look the same in whatever container the shell gives it. Every rule is under .usage-dashboard.
 */
export const dashboardCss = `
.usage-dashboard { font-family: Roboto, Arial, sans-serif; font-size: 13px; color: #202124; }
.usage-dashboard h2 { font-size: 14px; font-weight: 500; margin: 20px 0 8px; color: #202124; text-transform: none; letter-spacing: 0; }
.usage-dashboard h3 { font-size: 12px; font-weight: 500; margin: 0 0 6px; color: #5f6368; text-transform: uppercase; letter-spacing: .03em; }
.usage-dashboard .ud-toolbar { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; padding-bottom: 10px; border-bottom: 1px solid #e8eaed; }
.usage-dashboard .ud-toolbar select, .usage-dashboard .ud-toolbar input[type="date"] { font: inherit; border: 1px solid #dadce0; border-radius: 4px; padding: 4px 6px; background: #fff; color: #202124; width: auto; }
.usage-dashboard .ud-toolbar label { display: inline-flex; align-items: center; gap: 4px; font-weight: normal; margin: 0; }
.usage-dashboard .ud-custom[hidden] { display: none; }
.usage-dashboard .ud-custom { display: inline-flex; align-items: center; gap: 6px; }
.usage-dashboard .ud-scope { display: inline-flex; border: 1px solid #dadce0; border-radius: 4px; overflow: hidden; }
.usage-dashboard .ud-scope button { border: 0; border-radius: 0; padding: 5px 10px; background: #fff; color: #3c4043; font: inherit; cursor: pointer; }
.usage-dashboard .ud-scope button[aria-pressed="true"] { background: #e8f0fe; color: #1967d2; font-weight: 500; }
.usage-dashboard .ud-spacer { flex: 1; }
.usage-dashboard button.ud-export { font: inherit; border: 1px solid #dadce0; border-radius: 4px; background: #fff; color: #1a73e8; padding: 5px 12px; cursor: pointer; }
.usage-dashboard button:disabled { opacity: .5; cursor: default; }
.usage-dashboard .ud-period-label { color: #5f6368; font-size: 12px; margin: 8px 0 0; }
.usage-dashboard .ud-message { margin: 8px 0 0; font-size: 12px; color: #5f6368; min-height: 16px; }
.usage-dashboard .ud-message.error { color: #d93025; }
.usage-dashboard .ud-kpis { display: grid; grid-template-columns: repeat(auto-fill, minmax(140px, 1fr)); gap: 8px; margin-top: 12px; }
.usage-dashboard .ud-kpi { border: 1px solid #e8eaed; border-radius: 8px; padding: 10px 12px; background: #fff; }
.usage-dashboard .ud-kpi .ud-kpi-label { color: #5f6368; font-size: 12px; }
.usage-dashboard .ud-kpi .ud-kpi-value { font-size: 20px; margin-top: 2px; color: #202124; white-space: nowrap; }
.usage-dashboard .ud-kpi .ud-kpi-detail { color: #5f6368; font-size: 11px; margin-top: 2px; }
.usage-dashboard .ud-chart { position: relative; height: 220px; }
.usage-dashboard .ud-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 16px; }
.usage-dashboard .ud-breakdown { border: 1px solid #e8eaed; border-radius: 8px; padding: 10px 12px; background: #fff; min-width: 0; }
.usage-dashboard .ud-breakdown .ud-chart { height: 160px; }
.usage-dashboard table { width: 100%; border-collapse: collapse; margin-top: 8px; font-size: 12px; }
.usage-dashboard th, .usage-dashboard td { text-align: right; padding: 3px 4px; border-bottom: 1px solid #f1f3f4; white-space: nowrap; }
.usage-dashboard th:first-child, .usage-dashboard td:first-child { text-align: left; white-space: normal; word-break: break-all; }
.usage-dashboard th { color: #5f6368; font-weight: 500; }
.usage-dashboard tr.ud-others td { color: #5f6368; font-style: italic; }
.usage-dashboard .ud-budgets { display: grid; gap: 10px; }
.usage-dashboard .ud-budget-head { display: flex; justify-content: space-between; gap: 8px; flex-wrap: wrap; }
.usage-dashboard .ud-budget-level { font-size: 12px; font-weight: 500; }
.usage-dashboard .ud-meter { height: 8px; border-radius: 4px; background: #f1f3f4; overflow: hidden; margin-top: 4px; }
.usage-dashboard .ud-meter > span { display: block; height: 100%; border-radius: 4px; }
.usage-dashboard .level-normal .ud-meter > span { background: #1e8e3e; }
.usage-dashboard .level-normal .ud-budget-level { color: #137333; }
.usage-dashboard .level-alert .ud-meter > span { background: #f9ab00; }
.usage-dashboard .level-alert .ud-budget-level { color: #b06000; }
.usage-dashboard .level-critical .ud-meter > span { background: #e8710a; }
.usage-dashboard .level-critical .ud-budget-level { color: #c5221f; }
.usage-dashboard .level-exhausted .ud-meter > span { background: #d93025; }
.usage-dashboard .level-exhausted .ud-budget-level { color: #a50e0e; }
.usage-dashboard .ud-muted { color: #5f6368; }
.usage-dashboard .ud-satisfaction-totals { margin: 0 0 8px; }
.usage-dashboard .ud-satisfaction-totals strong { font-size: 18px; font-weight: 500; }
.usage-dashboard .ud-chart.ud-chart-small { height: 140px; margin-bottom: 12px; }
.usage-dashboard .ud-retiring { margin-top: 12px; border: 1px solid #f9ab00; border-radius: 8px; padding: 8px 14px; background: #fef7e0; color: #5f3b00; }
.usage-dashboard .ud-retiring h2 { margin: 4px 0; font-size: 14px; }
.usage-dashboard .ud-retiring ul { margin: 4px 0; padding-left: 18px; line-height: 1.5; }
.usage-dashboard .ud-empty { margin-top: 16px; border: 1px dashed #dadce0; border-radius: 8px; padding: 24px; text-align: center; background: #f8f9fa; }
.usage-dashboard .ud-empty h2 { margin-top: 0; }
.usage-dashboard .ud-empty p { margin: 6px auto 0; max-width: 460px; line-height: 1.5; }
.usage-dashboard .ud-loading { color: #5f6368; padding: 24px 0; }
.usage-dashboard .ud-runs { margin-top: 24px; border-top: 1px solid #e8eaed; }
.usage-dashboard .ud-runs-head { display: flex; align-items: center; justify-content: space-between; gap: 8px; flex-wrap: wrap; }
.usage-dashboard .ud-table-scroll { overflow-x: auto; }
.usage-dashboard #ud-runs-table td:first-child { white-space: normal; word-break: normal; }
.usage-dashboard button.ud-run-toggle { font: inherit; border: 0; background: none; color: #1a73e8; padding: 0; cursor: pointer; text-align: left; text-decoration: underline; }
.usage-dashboard .ud-run-records { margin: 4px 0 8px; padding-left: 18px; text-align: left; white-space: normal; line-height: 1.6; }
.usage-dashboard .ud-run-records a { color: #1a73e8; }
.usage-dashboard .ud-run-error { color: #d93025; }
.usage-dashboard .ud-alerts table { width: 100%; }
.usage-dashboard .ud-alerts td { vertical-align: top; }
.usage-dashboard .ud-alert-text { white-space: pre-line; }
.usage-dashboard .ud-footer { color: #80868b; font-size: 11px; margin-top: 16px; }
`;

const styleId = 'usage-dashboard-styles';

export function ensureDashboardStyles(document: Document): void {
  if (document.getElementById(styleId)) return;
  const style = document.createElement('style');
  style.id = styleId;
  style.textContent = dashboardCss;
  document.head.append(style);
}

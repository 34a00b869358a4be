import type { BulkRunProgress, RunAction, SheetOverview, StartSheetRunOutcome } from '../../shared/bulk-run-contract';
import { byId, element } from '../common/dom';
import { formatUsd } from '../admin/dashboard/format';
import {
  backgroundText,
  defaultLinkColumn,
  defaultNamePattern,
  initialMapping,
  namePatternHint,
  problemTarget,
  progressSummary,
  recordPlace,
  recordStateText,
  runNeedsWork,
  runStatusText,
  startInputOf,
  startedText,
  unknownPatternFields,
  unknownPatternFieldsProblem,
  type BulkFormValues,
} from './bulk-form-state';
import { startWorkLoop, type WorkLoop } from './bulk-work-loop';
import { mountHubSpotSource } from './hubspot-source-form';
import { call } from './server';

/**
 * The "Bulk" panel: one document per row of a Google Sheet. The form (sheet, field mapping, rows, link column,
 * output folder, name pattern) starts a run; the run's view shows its progress, cost and records, and while the
 * panel is open and work is left it works on the run itself (bulk-work-loop.ts).
 */
export interface BulkPanelContext {
  /** The open document's template fields (its fields and those its prompts use), in the sidebar's order. */
  fields(): string[];
  documentName(): string;
  /** Whether tag configurations are edited but not saved (a run uses the saved ones). */
  hasUnsavedTags(): boolean;
}

const nanoDollarsPerDollar = 1_000_000_000;
const problemInputs = ['spreadsheet', 'sheetName', 'rows', 'linkColumn', 'outputFolder', 'namePattern', 'name'] as const;

let context: BulkPanelContext | undefined;
let open = false;
let overview: Extract<SheetOverview, { status: 'found' }> | undefined;
let mapping: Record<string, string> = {};
/** Whether the user typed the name pattern or run name (then a new sheet does not replace them). */
let patternTyped = false;
let runNameTyped = false;
let shownRun: BulkRunProgress | undefined;
let loop: WorkLoop | undefined;
let runsListed = false;
let overviewRequest = 0;
/** Refreshes the HubSpot form's mapped fields (the document's fields may change in the other panel). */
let refreshHubSpotFields: (() => void) | undefined;

function input(id: string): HTMLInputElement {
  return byId<HTMLInputElement>(id);
}

function select(id: string): HTMLSelectElement {
  return byId<HTMLSelectElement>(id);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function formatNanoDollars(nanoDollars: number): string {
  return formatUsd(nanoDollars / nanoDollarsPerDollar);
}

// ——— the form ———

function mappedFields(): string[] {
  return Object.entries(mapping)
    .filter(([, header]) => header !== '')
    .map(([field]) => field);
}

function setProblem(id: string, control: HTMLElement | null, message: string | undefined): void {
  const box = byId(id);
  box.textContent = message ?? '';
  box.hidden = !message;
  if (!control) return;
  if (message) control.setAttribute('aria-invalid', 'true');
  else control.removeAttribute('aria-invalid');
}

function clearProblems(): void {
  for (const name of problemInputs) setProblem(`bulk-${name}-problem`, controlOf(name), undefined);
  for (const field of Object.keys(mapping)) {
    const problem = document.getElementById(`bulk-map-${field}-problem`);
    if (problem) setProblem(problem.id, document.getElementById(`bulk-map-${field}`), undefined);
  }
  byId('bulk-problems').hidden = true;
}

function controlOf(name: (typeof problemInputs)[number]): HTMLElement | null {
  return name === 'rows' ? null : byId(`bulk-${name}`);
}

function showProblems(problems: Array<{ field?: string; message: string }>): void {
  clearProblems();
  const general: string[] = [];
  const messages = new Map<string, string[]>();
  const add = (id: string, message: string) => messages.set(id, [...(messages.get(id) ?? []), message]);
  for (const problem of problems) {
    const target = problemTarget(problem.field, Object.keys(mapping));
    if (target.kind === 'input') add(target.input, problem.message);
    else if (target.kind === 'mapping') add(`map-${target.field}`, problem.message);
    else general.push(problem.message);
  }
  // Before the sheet is loaded only the spreadsheet input is on screen: everything else is said above Start.
  for (const [id, texts] of messages) {
    const box = document.getElementById(`bulk-${id}-problem`);
    if (!box || (id !== 'spreadsheet' && byId('bulk-details').hidden)) {
      general.push(...texts);
      continue;
    }
    const control = id.startsWith('map-') ? document.getElementById(`bulk-${id}`) : controlOf(id as (typeof problemInputs)[number]);
    setProblem(box.id, control, texts.join(' '));
  }
  const box = byId('bulk-problems');
  box.replaceChildren(
    element('p', {}, `The run was not started: ${problems.length === 1 ? 'fix the problem' : 'fix the problems'} shown.`),
    ...(general.length > 0 ? [element('ul', {}, ...general.map((message) => element('li', {}, message)))] : []),
  );
  box.hidden = false;
  const first = problems.map((problem) => problemTarget(problem.field, Object.keys(mapping)))[0];
  const focusId =
    first?.kind === 'input'
      ? first.input === 'rows'
        ? 'bulk-rows-all'
        : `bulk-${first.input}`
      : first?.kind === 'mapping'
        ? `bulk-map-${first.field}`
        : undefined;
  const focusTarget = focusId ? document.getElementById(focusId) : null;
  if (focusTarget && !focusTarget.closest('[hidden]')) focusTarget.focus();
}

function headerOptions(headers: readonly string[], chosen: string | undefined, none?: string): HTMLOptionElement[] {
  const options = headers.map((header) => element('option', { value: header, selected: header === chosen }, header));
  return none === undefined ? options : [element('option', { value: '', selected: !chosen }, none), ...options];
}

function renderMapping(): void {
  const fields = context?.fields() ?? [];
  const headers = overview?.headers ?? [];
  const list = byId('bulk-mapping-list');
  if (fields.length === 0) {
    list.replaceChildren(
      element('p', { class: 'hint' }, 'This document has no fields (<<name>>) and no prompt uses one: every row gets the same text.'),
    );
    return;
  }
  list.replaceChildren(
    ...fields.map((field) => {
      const id = `bulk-map-${field}`;
      const chooser = element(
        'select',
        { id, 'data-field': field, 'aria-describedby': `${id}-hint ${id}-problem` },
        ...headerOptions(headers, mapping[field], '— not mapped —'),
      );
      const hint = element('p', { class: 'hint', id: `${id}-hint` });
      const updateHint = () => {
        hint.textContent = chooser.value === '' ? 'Not mapped: empty in every document.' : '';
        hint.hidden = chooser.value !== '';
      };
      chooser.addEventListener('change', () => {
        mapping[field] = chooser.value;
        updateHint();
        renderNamePattern();
      });
      updateHint();
      return element(
        'div',
        { class: 'field' },
        element('label', { for: id }, field),
        chooser,
        hint,
        element('p', { class: 'hint problem', id: `${id}-problem`, hidden: true }),
      );
    }),
  );
}

function renderNamePattern(): void {
  const fields = mappedFields();
  const pattern = input('bulk-namePattern');
  if (!patternTyped) pattern.value = defaultNamePattern(context?.documentName() ?? 'Document', fields);
  byId('bulk-namePattern-hint').textContent = namePatternHint(fields);
  byId('bulk-namePattern-fields').replaceChildren(
    ...fields.map((field) => {
      const chip = element(
        'button',
        { type: 'button', class: 'field-chip', 'aria-label': `Insert {{${field}}} into the name` },
        `{{${field}}}`,
      );
      chip.addEventListener('click', () => {
        const at = pattern.selectionStart ?? pattern.value.length;
        const end = pattern.selectionEnd ?? at;
        pattern.value = `${pattern.value.slice(0, at)}{{${field}}}${pattern.value.slice(end)}`;
        patternTyped = true;
        pattern.focus();
        const caret = at + field.length + 4;
        pattern.setSelectionRange(caret, caret);
      });
      return chip;
    }),
  );
}

function renderSheet(found: Extract<SheetOverview, { status: 'found' }>): void {
  overview = found;
  mapping = initialMapping(context?.fields() ?? [], found.headers, mapping);
  const summary = byId('bulk-sheet-summary');
  summary.textContent = `${found.spreadsheetName}: ${found.rowCount} ${found.rowCount === 1 ? 'row' : 'rows'} under ${found.headers.length} ${found.headers.length === 1 ? 'column' : 'columns'}.`;
  summary.hidden = false;
  const sheet = select('bulk-sheetName');
  sheet.replaceChildren(...found.sheetNames.map((name) => element('option', { value: name, selected: name === found.sheetName }, name)));
  const filterColumn = select('bulk-filter-column');
  const previousFilter = filterColumn.value;
  filterColumn.replaceChildren(...headerOptions(found.headers, found.headers.includes(previousFilter) ? previousFilter : found.headers[0]));
  renderMapping();
  renderNamePattern();
  if (!runNameTyped) input('bulk-name').value = `${context?.documentName() ?? 'Documents'} from ${found.spreadsheetName}`;
  byId('bulk-unsaved').hidden = !context?.hasUnsavedTags();
  byId('bulk-details').hidden = false;
}

async function loadSheet(sheetName?: string): Promise<void> {
  const spreadsheet = input('bulk-spreadsheet').value.trim();
  clearProblems();
  if (spreadsheet === '') {
    setProblem('bulk-spreadsheet-problem', input('bulk-spreadsheet'), 'Paste the URL of a Google Sheet.');
    return;
  }
  const request = ++overviewRequest;
  const summary = byId('bulk-sheet-summary');
  summary.textContent = 'Reading the sheet…';
  summary.hidden = false;
  byId<HTMLButtonElement>('bulk-load').disabled = true;
  try {
    const answer = await call('getSheetOverview', sheetName ? { spreadsheet, sheetName } : { spreadsheet });
    if (request !== overviewRequest) return;
    if (answer.status === 'problem') {
      summary.hidden = true;
      byId('bulk-details').hidden = true;
      overview = undefined;
      setProblem('bulk-spreadsheet-problem', input('bulk-spreadsheet'), answer.message);
      return;
    }
    renderSheet(answer);
  } catch (error) {
    if (request !== overviewRequest) return;
    summary.hidden = true;
    setProblem('bulk-spreadsheet-problem', input('bulk-spreadsheet'), `The sheet could not be read. ${errorText(error)}`);
  } finally {
    if (request === overviewRequest) byId<HTMLButtonElement>('bulk-load').disabled = false;
  }
}

function formValues(): BulkFormValues {
  const choice = document.querySelector<HTMLInputElement>('input[name="bulk-row-choice"]:checked')?.value;
  return {
    name: input('bulk-name').value,
    spreadsheet: input('bulk-spreadsheet').value,
    sheetName: select('bulk-sheetName').value,
    fieldMapping: mapping,
    rowChoice: choice === 'filter' || choice === 'withoutLink' ? choice : 'all',
    filterColumn: select('bulk-filter-column').value,
    filterValue: input('bulk-filter-value').value,
    linkColumn: input('bulk-linkColumn').value || defaultLinkColumn,
    outputFolder: input('bulk-outputFolder').value,
    namePattern: input('bulk-namePattern').value,
  };
}

async function start(): Promise<void> {
  const button = byId<HTMLButtonElement>('bulk-start');
  if (button.disabled) return;
  clearProblems();
  // Said next to the name at once, rather than as the backend's refusal without a place.
  const unknown = unknownPatternFields(input('bulk-namePattern').value, mappedFields());
  if (unknown.length > 0) {
    showProblems([{ field: 'namePattern', message: unknownPatternFieldsProblem(unknown) }]);
    return;
  }
  button.disabled = true;
  button.textContent = 'Starting…';
  let outcome: StartSheetRunOutcome;
  try {
    outcome = await call('startSheetRun', startInputOf(formValues()));
  } catch (error) {
    showProblems([{ message: `The run could not start. ${errorText(error)}` }]);
    return;
  } finally {
    button.disabled = false;
    button.textContent = 'Start';
  }
  if (outcome.status === 'problems') {
    showProblems(outcome.problems);
    return;
  }
  showRun(outcome.run, startedText(outcome.enqueued, outcome.alreadyEnqueued));
  void listRuns();
}

// ——— a run's progress ———

function recordItem(record: BulkRunProgress['records'][number]): HTMLElement {
  const item = element('li', { class: record.state, 'data-record': record.recordKey, 'data-state': record.state });
  item.append(`${recordPlace(record)}: `);
  // Twenty links named alike say nothing in a screen reader's list of links: each names its row.
  if (record.documentUrl)
    item.append(
      element(
        'a',
        {
          href: record.documentUrl,
          target: '_blank',
          rel: 'noopener noreferrer',
          'aria-label': `Open the document of ${recordPlace(record)}`,
        },
        'Open document',
      ),
    );
  else item.append(recordStateText(record));
  if (record.error) item.append(element('span', { class: 'bulk-record-error' }, ` — ${record.error}`));
  return item;
}

function renderProgress(progress: BulkRunProgress): void {
  shownRun = progress;
  byId('bulk-run').dataset.runId = progress.runId;
  byId('bulk-run').dataset.status = progress.finished ? 'finished' : progress.status;
  byId('bulk-run-name').textContent = progress.name;
  byId('bulk-run-status').textContent = runStatusText(progress);
  const bar = byId<HTMLProgressElement>('bulk-progress-bar');
  bar.max = Math.max(progress.total, 1);
  bar.value = Math.min(progress.done + progress.failed, bar.max);
  byId('bulk-progress-text').textContent = progressSummary(progress);
  byId('bulk-cost').textContent = `Cost so far: ${formatNanoDollars(progress.costNanoDollars)}`;
  const background = backgroundText(progress);
  byId('bulk-background').textContent = background;
  byId('bulk-background').hidden = background === '';
  const ended = progress.status === 'cancelled' || progress.finished;
  byId('bulk-pause').hidden = ended || progress.status !== 'active';
  byId('bulk-resume').hidden = ended || progress.status !== 'paused';
  byId('bulk-cancel').hidden = ended;
  byId('bulk-records').replaceChildren(
    ...(progress.records.length > 0 ? progress.records.map(recordItem) : [element('li', { class: 'secondary' }, 'No records yet.')]),
  );
}

function setRunMessage(text: string, error = false): void {
  const box = byId('bulk-run-message');
  box.textContent = text;
  box.classList.toggle('problem', error);
}

/** Stops the panel's work; a workOnRuns call in flight still ends its current document (the loop waits for it). */
function stopLoop(): void {
  loop?.stop();
}

/** Works on the shown run while the panel is open and work is left: one loop, so one workOnRuns call, at a time. */
function workWhileOpen(): void {
  const run = shownRun;
  if (!open || !run || !runNeedsWork(run)) return;
  if (loop?.running) {
    // A stopped loop whose last call is still in flight: go on once it has ended, never beside it.
    if (loop.stopped) void loop.finished.then(workWhileOpen);
    return;
  }
  const runId = run.runId;
  const started = startWorkLoop({
    work: () => call('workOnRuns'),
    progress: () => call('getRunProgress', runId),
    onProgress: (progress) => {
      if (shownRun?.runId === runId) renderProgress(progress);
    },
    onError: (error) => setRunMessage(`Work on the run stopped: ${errorText(error)} Open the run again to go on.`, true),
  });
  loop = started;
  byId('bulk-run').dataset.working = 'true';
  void started.finished.then(async () => {
    // Stopped mid-call (paused, cancelled, panel closed): the call's last document shows once it has ended.
    if (started.stopped && open && shownRun?.runId === runId && loop === started) {
      try {
        renderProgress(await call('getRunProgress', runId));
      } catch {
        // The next look (opening the run, or the list) shows it.
      }
    }
    if (loop !== started) return;
    loop = undefined;
    byId('bulk-run').dataset.working = 'false';
    if (shownRun?.runId === runId && !runNeedsWork(shownRun)) void listRuns();
  });
}

function showRun(progress: BulkRunProgress, message = ''): void {
  if (shownRun && shownRun.runId !== progress.runId) stopLoop();
  byId('bulk-setup').hidden = true;
  byId('bulk-run').hidden = false;
  renderProgress(progress);
  setRunMessage(message);
  byId('bulk-run-heading').focus();
  workWhileOpen();
}

async function changeStatus(action: RunAction): Promise<void> {
  const run = shownRun;
  if (!run) return;
  // Pausing or cancelling stops the panel's own work at once; the call in flight ends its current document.
  if (action !== 'resume') stopLoop();
  const buttons = ['bulk-pause', 'bulk-resume', 'bulk-cancel'].map((id) => byId<HTMLButtonElement>(id));
  for (const button of buttons) button.disabled = true;
  try {
    const progress = await call('changeRunStatus', run.runId, action);
    renderProgress(progress);
    setRunMessage(
      action === 'pause'
        ? 'Paused: no new documents are started until you resume.'
        : action === 'cancel'
          ? 'Cancelled: the documents already made stay; no others are made.'
          : 'Resumed.',
    );
    if (action === 'resume') workWhileOpen();
    void listRuns();
  } catch (error) {
    setRunMessage(`The run could not be changed: ${errorText(error)}`, true);
  } finally {
    for (const button of buttons) button.disabled = false;
  }
}

async function openRun(runId: string): Promise<void> {
  setRunMessage('');
  try {
    showRun(await call('getRunProgress', runId));
  } catch (error) {
    byId('bulk-run-list').prepend(
      element('li', { class: 'hint problem', role: 'alert' }, `The run could not be opened: ${errorText(error)}`),
    );
  }
}

function newRun(): void {
  stopLoop();
  shownRun = undefined;
  byId('bulk-run').hidden = true;
  byId('bulk-setup').hidden = false;
  byId('bulk-unsaved').hidden = !context?.hasUnsavedTags();
  if (overview) renderMapping();
  input('bulk-spreadsheet').focus();
}

// ——— the user's runs ———

async function listRuns(): Promise<void> {
  const list = byId('bulk-run-list');
  let runs: BulkRunProgress[];
  try {
    runs = await call('listMyRuns');
  } catch (error) {
    list.replaceChildren(element('li', { class: 'hint problem' }, `Your runs could not be listed: ${errorText(error)}`));
    return;
  }
  runsListed = true;
  list.replaceChildren(
    ...(runs.length === 0
      ? [element('li', { class: 'secondary' }, 'No runs yet.')]
      : runs.map((run) => {
          const opener = element('button', { type: 'button', class: 'link', 'data-run-id': run.runId }, run.name);
          opener.addEventListener('click', () => void openRun(run.runId));
          return element(
            'li',
            { 'data-run-id': run.runId },
            opener,
            element(
              'div',
              { class: 'hint' },
              `${runStatusText(run)} · ${run.done} of ${run.total} done${run.failed > 0 ? ` · ${run.failed} failed` : ''}`,
            ),
          );
        })),
  );
}

// ——— the panel ———

/** The panel became visible or hidden: work and polling happen only while it is open. */
export function setBulkPanelOpen(isOpen: boolean): void {
  open = isOpen;
  if (!open) {
    stopLoop();
    return;
  }
  byId('bulk-unsaved').hidden = !context?.hasUnsavedTags();
  refreshHubSpotFields?.();
  // The document's fields may have changed in the other panel (a rescan, a prompt using a new field).
  if (overview && !byId('bulk-setup').hidden) {
    mapping = initialMapping(context?.fields() ?? [], overview.headers, mapping);
    renderMapping();
    renderNamePattern();
  }
  if (!runsListed) void listRuns();
  const run = shownRun;
  if (run) void openRun(run.runId);
}

export function mountBulkPanel(panelContext: BulkPanelContext): void {
  context = panelContext;
  byId('bulk-load').addEventListener('click', () => void loadSheet());
  input('bulk-spreadsheet').addEventListener('change', () => void loadSheet());
  select('bulk-sheetName').addEventListener('change', () => void loadSheet(select('bulk-sheetName').value));
  input('bulk-namePattern').addEventListener('input', () => {
    patternTyped = true;
  });
  input('bulk-name').addEventListener('input', () => {
    runNameTyped = true;
  });
  for (const radio of document.querySelectorAll<HTMLInputElement>('input[name="bulk-row-choice"]'))
    radio.addEventListener('change', () => {
      byId('bulk-filter').hidden = !input('bulk-rows-filter').checked;
    });
  byId('bulk-form').addEventListener('submit', (event) => {
    event.preventDefault();
    // Enter in the spreadsheet input reads the sheet; the run starts only from a form that shows it.
    if (byId('bulk-details').hidden) void loadSheet();
    else void start();
  });
  refreshHubSpotFields = mountHubSpotSource(byId('bulk-hubspot'), {
    fields: () => context?.fields() ?? [],
    started: (progress, message) => {
      showRun(progress, message);
      void listRuns();
    },
  });
  for (const radio of document.querySelectorAll<HTMLInputElement>('input[name="bulk-source"]'))
    radio.addEventListener('change', () => {
      const hubspot = input('bulk-source-hubspot').checked;
      byId('bulk-form').hidden = hubspot;
      byId('bulk-hubspot').hidden = !hubspot;
      byId('bulk-setup-heading').textContent = hubspot ? 'Documents from HubSpot' : 'Documents from a sheet';
      byId('bulk-source-hint').textContent = hubspot
        ? 'One copy of this document per HubSpot deal, contact or company, filled with its properties and its AI tags; HubSpot must be connected in Admin settings.'
        : "One copy of this document per row of a Google Sheet, filled with the row's values and its AI tags.";
    });
  byId('bulk-pause').addEventListener('click', () => void changeStatus('pause'));
  byId('bulk-resume').addEventListener('click', () => void changeStatus('resume'));
  byId('bulk-cancel').addEventListener('click', () => void changeStatus('cancel'));
  byId('bulk-new').addEventListener('click', newRun);
  byId('bulk-refresh-runs').addEventListener('click', () => void listRuns());
  // Closing the sidebar ends the panel's own work; a background trigger, when installed, goes on.
  window.addEventListener('pagehide', () => setBulkPanelOpen(false));
}

import type { SidebarState, TagConfiguration, WriteInput } from '../../shared/sidebar-contract';
import { byId } from '../common/dom';
import { createDebouncedSaver } from './async-tools';
import { mountBulkPanel, setBulkPanelOpen } from './bulk-panel';
import { renderFieldForm } from './field-form';
import { fillWithProgress, type RunOptions } from './fill-with-progress';
import { renderHeader, renderProblems, showMessage } from './notices';
import { describeOutcome, describeWrite } from './outcome-text';
import { closePreview, currentPreview, openPreview, previewResults, replacePreviewTag, setPreviewButtonsDisabled } from './preview';
import { clearResult, showResult, showResultText } from './result-view';
import { call } from './server';
import { mountSidebarTabs } from './sidebar-tabs';
import {
  applyScan,
  createPageState,
  draftsOf,
  documentTagNames,
  fieldNamesToShow,
  fillFieldValues,
  unsavedCount,
  isUnsaved,
  workingConfiguration,
  type PageState,
} from './state';
import { renderTagList, setTagButtonsDisabled, updateTagStatuses } from './tag-editor';
import { saveAll, updateSaveButton } from './template-save';

/** The sidebar: tag configurations, field values, fill / preview / copy, with per-tag progress. */

let sidebar: SidebarState | undefined;
let state: PageState | undefined;
let busy = false;

const drafts = createDebouncedSaver<Record<string, TagConfiguration>>((value) => call('saveDrafts', value), 1500);
const fieldValues = createDebouncedSaver<Record<string, string>>((value) => call('saveFieldValues', value), 1500);

function main(): HTMLElement {
  return document.querySelector('main') as HTMLElement;
}

function renderEditors(): void {
  if (!state || !sidebar) return;
  const session = sidebar.backend.reachable ? sidebar.backend.session : undefined;
  renderTagList({
    state,
    models: sidebar.models,
    connections: sidebar.connections,
    defaultModel: session?.defaultModel,
    tokenPolicy: sidebar.tokenPolicy,
    handlers: { onEdit: afterEdit, onTemplateEdit: afterEdit, onFillTag: (tag) => void fill({ mode: 'write', tags: [tag] }) },
  });
  renderFieldForm(state, afterFieldChange, true);
  refresh();
}

/** Chips, Save button and action buttons after any change of the state. */
function refresh(): void {
  if (!state) return;
  updateTagStatuses();
  updateSaveButton(state);
  const hasSomething = state.scan.aiTags.length + state.scan.fields.length > 0;
  for (const id of ['fill-all', 'fill-copy']) byId<HTMLButtonElement>(id).disabled = busy || !hasSomething;
  byId<HTMLButtonElement>('preview').disabled = busy || state.scan.aiTags.length === 0;
  byId<HTMLButtonElement>('rescan').disabled = busy;
  setTagButtonsDisabled(busy);
  setPreviewButtonsDisabled(busy);
}

function afterEdit(): void {
  if (!state) return;
  renderFieldForm(state, afterFieldChange);
  refresh();
  drafts.schedule(draftsOf(state));
}

function afterFieldChange(): void {
  if (!state) return;
  fieldValues.schedule(fillFieldValues(state));
}

function setBusy(value: boolean): void {
  busy = value;
  main().setAttribute('aria-busy', String(value));
  refresh();
}

async function fill(options: RunOptions): Promise<void> {
  if (!state || busy) return;
  const current = state;
  setBusy(true);
  if (options.mode !== 'preview' || !options.regenerate) closePreview();
  try {
    const { fillId, outcome } = await fillWithProgress(current, options, refresh);
    if (!outcome) return;
    if (outcome.status === 'generated' && options.regenerate && currentPreview()) {
      for (const tag of outcome.tags) replacePreviewTag(tag, fillId);
      showResultText(
        `Regenerated ${outcome.tags.map((tag) => `ai:${tag.tag}`).join(', ')}. Nothing is written until you accept.`,
        'success',
      );
      return;
    }
    showResult(describeOutcome(outcome));
    if (outcome.status === 'generated') openPreview(fillId, outcome.tags, { onRegenerate: regenerate, onRefine: refine });
  } finally {
    setBusy(false);
  }
}

function regenerate(tag: string): void {
  const preview = currentPreview();
  if (!preview) return;
  void fill({ mode: 'preview', tags: [tag], regenerate: true, regenerateOf: preview.fillId });
}

/** A refinement uses the values and the configuration the fill used: the tag's unsaved edit, else the saved one. */
function refine(request: { fillId: string; tag: string; previousText: string; instruction: string }) {
  const current = state;
  if (!current) return Promise.resolve({ status: 'not-refined' as const, message: 'The sidebar is still loading.' });
  return call('refineTag', {
    ...request,
    fieldValues: fillFieldValues(current),
    ...(isUnsaved(current, request.tag) ? { configuration: workingConfiguration(current, request.tag) } : {}),
  });
}

async function accept(target: WriteInput['target']): Promise<void> {
  const preview = currentPreview();
  if (!state || !preview || busy) return;
  setBusy(true);
  showResultText(target === 'copy' ? 'Writing the preview into a copy…' : 'Writing the preview into the document…', 'busy');
  try {
    const outcome = await call('writeFill', {
      fillId: preview.fillId,
      results: previewResults(),
      fieldValues: fillFieldValues(state),
      target,
    });
    showResult(describeWrite(outcome));
    if (outcome.status === 'written') closePreview();
  } catch (error) {
    showResultText(`Nothing was written. ${(error as Error).message}`, 'error');
  } finally {
    setBusy(false);
  }
}

function discard(): void {
  closePreview();
  if (state) for (const tag of documentTagNames(state)) delete state.runs[tag];
  showResultText('Preview discarded. Nothing was written.', 'success');
  refresh();
}

async function rescan(): Promise<void> {
  if (!state || busy) return;
  setBusy(true);
  try {
    applyScan(state, await call('rescanDocument'));
    renderProblems(state.scan.problems);
    renderEditors();
    showResultText(`Rescanned: ${state.scan.aiTags.length} AI tags, ${state.scan.fields.length} fields.`, 'success');
  } catch (error) {
    showResultText(`Could not rescan the document. ${(error as Error).message}`, 'error');
  } finally {
    setBusy(false);
  }
}

async function load(): Promise<void> {
  main().setAttribute('aria-busy', 'true');
  try {
    sidebar = await call('getSidebarState');
  } catch (error) {
    byId('ai-tag-list').textContent = '';
    showMessage(`The sidebar could not load: ${(error as Error).message}`, 'error');
    main().setAttribute('aria-busy', 'false');
    return;
  }
  const created = createPageState(sidebar);
  state = created.state;
  renderHeader(sidebar);
  renderProblems(state.scan.problems);
  renderEditors();
  clearResult();
  if (created.restored.length > 0)
    showMessage(`Unsaved edits from your last session were restored (${created.restored.map((tag) => `ai:${tag}`).join(', ')}).`, 'info');
  main().setAttribute('aria-busy', 'false');
}

byId('fill-all').addEventListener('click', () => void fill({ mode: 'write' }));
byId('preview').addEventListener('click', () => void fill({ mode: 'preview' }));
byId('fill-copy').addEventListener('click', () => void fill({ mode: 'copy' }));
byId('rescan').addEventListener('click', () => void rescan());
byId('accept').addEventListener('click', () => void accept('document'));
byId('accept-copy').addEventListener('click', () => void accept('copy'));
byId('discard').addEventListener('click', discard);
byId('save').addEventListener('click', () => {
  if (!state) return;
  void saveAll(state, {
    onSaved: () => {
      refresh();
      if (state) drafts.schedule(draftsOf(state));
    },
    onReloaded: () => {
      renderEditors();
      if (state) drafts.schedule(draftsOf(state));
    },
  });
});
mountBulkPanel({
  fields: () => (state ? fieldNamesToShow(state) : []),
  documentName: () => sidebar?.documentName ?? 'Document',
  hasUnsavedTags: () => (state ? unsavedCount(state) > 0 : false),
});
mountSidebarTabs((tab) => setBulkPanelOpen(tab === 'bulk'));
// Closing the sidebar must not lose edits: send what is scheduled now.
window.addEventListener('pagehide', () => {
  void drafts.flush();
  void fieldValues.flush();
});
void load();

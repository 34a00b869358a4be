import type { SaveTemplateInput, TemplateView } from '../../shared/sidebar-contract';
import { byId, element } from '../common/dom';
import { call } from './server';
import { applySavedTemplate, buildSaveInput, describeVersion, type PageState, resolveConflict, unsavedCount } from './state';

/** Save (every tag) and the conflict choice when someone else saved in between. */

export interface SaveHandlers {
  /** Statuses changed (saved). */
  onSaved(): void;
  /** The editors must be rebuilt (their version loaded). */
  onReloaded(): void;
}

let saving = false;

export function updateSaveButton(state: PageState): void {
  const button = byId<HTMLButtonElement>('save');
  const count = unsavedCount(state);
  button.textContent = count > 0 ? `Save (${count})` : 'Save';
  button.disabled = saving || count === 0;
}

function status(text: string, kind: 'info' | 'success' | 'error' | 'warning', ...extra: Node[]): void {
  const box = byId('save-status');
  box.className = `save-status ${kind}`;
  box.replaceChildren(element('p', {}, text), ...extra);
  box.hidden = false;
}

export async function saveAll(state: PageState, handlers: SaveHandlers, input: SaveTemplateInput = buildSaveInput(state)): Promise<void> {
  saving = true;
  updateSaveButton(state);
  status('Saving…', 'info');
  try {
    const outcome = await call('saveTemplate', input);
    if (outcome.status === 'saved') {
      applySavedTemplate(state, outcome.template);
      status(`Saved (${describeVersion(outcome.template)}).`, 'success');
      handlers.onSaved();
    } else if (outcome.status === 'conflict') {
      showConflict(state, handlers, outcome.message, outcome.template);
    } else {
      status(`Not saved: ${outcome.message}`, 'error');
    }
  } catch (error) {
    status(`Not saved: ${(error as Error).message}`, 'error');
  } finally {
    saving = false;
    updateSaveButton(state);
  }
}

function showConflict(state: PageState, handlers: SaveHandlers, message: string, theirs: TemplateView): void {
  const keepMine = element('button', { type: 'button', id: 'keep-mine', class: 'action' }, 'Keep mine');
  const loadTheirs = element('button', { type: 'button', id: 'load-theirs', class: 'secondary-button' }, 'Load theirs');
  keepMine.addEventListener('click', () => {
    const input = resolveConflict(state, theirs, 'keep-mine');
    // Their changes to the tags we did not edit show in the editors.
    handlers.onReloaded();
    if (input) void saveAll(state, handlers, input);
  });
  loadTheirs.addEventListener('click', () => {
    resolveConflict(state, theirs, 'load-theirs');
    status(`Loaded ${describeVersion(theirs)}.`, 'info');
    handlers.onReloaded();
  });
  status(
    theirs.updatedBy || theirs.updatedAt
      ? `Not saved: someone else saved this template in the meantime (${describeVersion(theirs)}).`
      : `Not saved: ${message}`,
    'warning',
    element('div', { class: 'button-row' }, keepMine, loadTheirs),
  );
  keepMine.focus();
}

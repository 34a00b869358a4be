import { fieldsReferencedBy } from '../../shared/tag-names';
import type { FillInput, FillOutcome, SidebarState } from '../../shared/sidebar-contract';
import { callServer } from '../common/call-server';
import { byId, element } from '../common/dom';

/** The sidebar: prompts per AI tag, field values, and one Fill button. */

let state: SidebarState | undefined;
let saveTimer: ReturnType<typeof setTimeout> | undefined;

function promptInput(tag: string): HTMLTextAreaElement | null {
  return document.getElementById(`prompt-${tag}`) as HTMLTextAreaElement | null;
}

function currentInput(): FillInput {
  const prompts: Record<string, string> = {};
  for (const tag of state?.scan.aiTags ?? []) prompts[tag.name] = promptInput(tag.name)?.value ?? '';
  const fieldValues: Record<string, string> = {};
  for (const input of Array.from(document.querySelectorAll<HTMLInputElement>('input[data-field]'))) {
    fieldValues[input.dataset.field as string] = input.value;
  }
  return { prompts, fieldValues };
}

function places(count: number): string {
  return count === 1 ? '1 place' : `${count} places`;
}

function showNotice(message: string, kind: 'warning' | 'error'): void {
  const notice = byId('notice');
  notice.textContent = message;
  notice.className = kind;
  notice.hidden = false;
}

function renderAiTags(current: SidebarState): void {
  const list = byId('ai-tag-list');
  list.replaceChildren();
  if (current.scan.aiTags.length === 0) {
    list.append(element('p', { class: 'secondary' }, 'No AI tags yet. Type ', element('code', {}, '<<ai:intro>>'), ' in the document where generated text should go, then press Rescan.'));
    return;
  }
  for (const tag of current.scan.aiTags) {
    const id = `prompt-${tag.name}`;
    const textarea = element('textarea', { id, 'data-tag': tag.name, placeholder: 'Write a two-paragraph introduction for {{client_name}}…', 'aria-describedby': `hint-${tag.name}` });
    textarea.value = current.prompts[tag.name] ?? '';
    textarea.addEventListener('input', () => {
      renderFields();
      scheduleSave();
    });
    list.append(
      element(
        'div',
        { class: 'tag', 'data-tag': tag.name },
        element('label', { for: id }, `ai:${tag.name} `, element('span', { class: 'count' }, `(${places(tag.count)})`)),
        textarea,
        element('p', { class: 'hint', id: `hint-${tag.name}` }, 'Use {{field}} to insert a field value.'),
        element('div', { class: 'tag-status', id: `status-${tag.name}`, 'aria-live': 'polite' }),
      ),
    );
  }
}

/** Fields of the document plus every field a prompt refers to, so each value has a box as soon as it is used. */
function renderFields(): void {
  if (!state) return;
  const previous = currentInput().fieldValues;
  const names: string[] = state.scan.fields.map((field) => field.name);
  for (const tag of state.scan.aiTags) {
    for (const name of fieldsReferencedBy(promptInput(tag.name)?.value ?? '')) if (!names.includes(name)) names.push(name);
  }
  const list = byId('field-list');
  list.replaceChildren();
  if (names.length === 0) {
    list.append(element('p', { class: 'secondary' }, 'No fields. Use ', element('code', {}, '<<client_name>>'), ' in the document or {{client_name}} in a prompt.'));
    return;
  }
  for (const name of names) {
    const id = `field-${name}`;
    const input = element('input', { id, type: 'text', 'data-field': name, autocomplete: 'off' });
    input.value = previous[name] ?? state.fieldValues[name] ?? '';
    input.addEventListener('input', scheduleSave);
    const count = state.scan.fields.find((field) => field.name === name)?.count;
    list.append(element('label', { for: id }, name, count ? element('span', { class: 'count' }, ` (${places(count)})`) : null), input);
  }
}

function render(current: SidebarState): void {
  state = current;
  byId('document-name').textContent = current.documentName;
  const notice = byId('notice');
  notice.hidden = true;
  if (!current.backend.reachable) showNotice(current.backend.error ?? 'The backend cannot be reached.', 'error');
  else if (current.backend.error) showNotice(current.backend.error, 'error');
  else if (!current.backend.providerConfigured) showNotice(current.backend.setupHint ?? 'No AI provider is configured.', 'warning');

  const problems = byId('problems');
  const problemList = byId('problem-list');
  problemList.replaceChildren(...current.scan.problems.map((problem) => element('li', {}, `${problem.where}: `, element('code', {}, problem.text), ` — ${problem.message}`)));
  problems.hidden = current.scan.problems.length === 0;

  renderAiTags(current);
  renderFields();
  byId<HTMLButtonElement>('fill').disabled = current.scan.aiTags.length + current.scan.fields.length === 0;
  byId('result').textContent = '';
  document.querySelector('main')?.setAttribute('aria-busy', 'false');
}

function scheduleSave(): void {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => {
    callServer('saveDrafts', currentInput()).catch(() => undefined);
  }, 800);
}

function showOutcome(outcome: FillOutcome): void {
  const result = byId('result');
  if (outcome.status === 'not-ready') {
    result.className = 'error';
    result.replaceChildren(element('p', {}, 'Nothing was written. Fix these first:'), element('ul', {}, ...outcome.problems.map((problem) => element('li', {}, problem))));
    return;
  }
  for (const tag of outcome.tags) {
    const status = document.getElementById(`status-${tag.tag}`);
    if (!status) continue;
    status.className = `tag-status ${tag.status}`;
    const labels = { generated: 'Filled', fallback: 'Used the fallback text', failed: 'Could not generate', skipped: 'Not generated' };
    status.textContent = `${labels[tag.status]}${tag.model ? ` with ${tag.model}` : ''}${tag.message ? ` — ${tag.message}` : ''}`;
  }
  if (outcome.status === 'aborted') {
    result.className = 'error';
    result.textContent = `Nothing was written to the document. ${outcome.message}`;
    return;
  }
  const failed = outcome.tags.filter((tag) => tag.status === 'failed').length;
  result.className = failed > 0 ? 'error' : 'success';
  const seconds = (outcome.durationMs / 1000).toFixed(1);
  result.textContent =
    failed > 0
      ? `Filled with ${failed} problem${failed === 1 ? '' : 's'}: see the tags above.`
      : `Filled ${outcome.tags.length} AI tag${outcome.tags.length === 1 ? '' : 's'} and ${outcome.fieldsReplaced} field${outcome.fieldsReplaced === 1 ? '' : 's'} in ${seconds} s.`;
}

async function load(): Promise<void> {
  document.querySelector('main')?.setAttribute('aria-busy', 'true');
  try {
    render(await callServer('getSidebarState'));
  } catch (error) {
    showNotice(`The sidebar could not load: ${(error as Error).message}`, 'error');
  }
}

async function fill(): Promise<void> {
  const button = byId<HTMLButtonElement>('fill');
  const result = byId('result');
  button.disabled = true;
  result.className = '';
  result.textContent = 'Filling… generating every AI tag.';
  clearTimeout(saveTimer);
  try {
    showOutcome(await callServer('fillDocument', currentInput()));
  } catch (error) {
    result.className = 'error';
    result.textContent = `Nothing was written. ${(error as Error).message}`;
  } finally {
    button.disabled = false;
  }
}

byId('fill').addEventListener('click', () => void fill());
byId('rescan').addEventListener('click', () => void load());
void load();

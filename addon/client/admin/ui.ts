import { element } from '../common/dom';
import { FormProblem } from './logic/parse';

/** Small DOM helpers the admin screens share: messages, busy buttons, labelled inputs. */

/** What google.script.run's failure handler carries, without the "Exception:" Apps Script puts in front. */
export function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^(Exception|Error|ScriptError):\s*/, '') || 'Something went wrong; try again.';
}

export function showStatus(region: HTMLElement, message: string, kind: 'success' | 'error' | 'warning' | 'info' = 'info'): void {
  region.textContent = message;
  region.className = `status ${kind === 'info' ? '' : kind}`.trim();
}

/** A status region screen readers announce (errors assertively). */
export function statusRegion(id: string): HTMLElement {
  return element('div', { id, class: 'status', role: 'status', 'aria-live': 'polite' });
}

/** Runs an action with the button disabled; a {@link FormProblem} marks and focuses the box to fix. */
export async function busy<Result>(
  button: HTMLButtonElement | null,
  status: HTMLElement,
  run: () => Promise<Result>,
  form?: HTMLElement,
): Promise<Result | undefined> {
  if (button) button.disabled = true;
  for (const invalid of Array.from((form ?? document).querySelectorAll('[aria-invalid="true"]'))) invalid.removeAttribute('aria-invalid');
  try {
    return await run();
  } catch (error) {
    showStatus(status, errorMessage(error), 'error');
    if (error instanceof FormProblem && form) {
      const field = form.querySelector<HTMLElement>(`[data-field="${error.field}"]`);
      if (field) {
        field.setAttribute('aria-invalid', 'true');
        field.focus();
      }
    }
    return undefined;
  } finally {
    if (button) button.disabled = false;
  }
}

let uniqueId = 0;

/** A label and its control, tied by id; `hint` becomes the control's description. */
export function labelled(labelText: string, control: HTMLElement, hint?: string): HTMLElement {
  uniqueId += 1;
  if (!control.id) control.id = `control-${uniqueId}`;
  const children: Node[] = [element('label', { for: control.id }, labelText), control];
  if (hint) {
    const hintId = `${control.id}-hint`;
    control.setAttribute('aria-describedby', hintId);
    children.push(element('p', { class: 'hint', id: hintId }, hint));
  }
  return element('div', { class: 'field' }, ...children);
}

export function input(attributes: Record<string, string | boolean | undefined>, value = ''): HTMLInputElement {
  const created = element('input', { type: 'text', autocomplete: 'off', ...attributes });
  created.value = value;
  return created;
}

export function textarea(attributes: Record<string, string | boolean | undefined>, value = ''): HTMLTextAreaElement {
  const created = element('textarea', attributes);
  created.value = value;
  return created;
}

export function select(
  attributes: Record<string, string | boolean | undefined>,
  options: Array<{ value: string; label: string }>,
  value = '',
): HTMLSelectElement {
  const created = element('select', attributes, ...options.map((option) => element('option', { value: option.value }, option.label)));
  created.value = value;
  return created;
}

export function button(
  label: string,
  attributes: Record<string, string | boolean | undefined> = {},
  onClick?: (event: MouseEvent) => void,
): HTMLButtonElement {
  const created = element('button', { type: 'button', ...attributes }, label);
  if (onClick) created.addEventListener('click', onClick);
  return created;
}

/** "2026-05-04 13:02" in the viewer's time zone. */
export function localTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** An inline "Really? [Confirm] [Cancel]" in place of a button, so nothing is lost to a stray click. */
export function confirmInline(anchor: HTMLElement, question: string, confirmLabel: string, onConfirm: () => void): void {
  const holder = anchor.parentElement;
  if (!holder) return;
  const cancel = button('Cancel', { class: 'small' });
  const confirm = button(confirmLabel, { class: 'small danger', 'data-confirm': 'yes' });
  const box = element('span', { class: 'confirm', role: 'group', 'aria-label': question }, element('span', {}, question), confirm, cancel);
  anchor.hidden = true;
  holder.append(box);
  confirm.focus();
  const close = () => {
    box.remove();
    anchor.hidden = false;
    anchor.focus();
  };
  cancel.addEventListener('click', close);
  confirm.addEventListener('click', () => {
    box.remove();
    anchor.hidden = false;
    onConfirm();
  });
}

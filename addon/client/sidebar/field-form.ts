import { byId, element } from '../common/dom';
import { fieldNamesToShow, places, type PageState, referencedFields } from './state';

/** The field values form: every field of the document and every field a prompt references. */

let shownNames = '';

export function renderFieldForm(state: PageState, onChange: () => void, force = false): void {
  const names = fieldNamesToShow(state);
  const key = names.join('\n');
  if (!force && key === shownNames) {
    updateFieldFlags(state);
    return;
  }
  shownNames = key;
  const list = byId('field-list');
  list.replaceChildren();
  if (names.length === 0) {
    list.append(
      element(
        'p',
        { class: 'secondary' },
        'No fields. Use ',
        element('code', {}, '<<client_name>>'),
        ' in the document or {{client_name}} in a prompt.',
      ),
    );
    return;
  }
  for (const name of names) {
    const id = `field-${name}`;
    const input = element('input', { id, type: 'text', autocomplete: 'off', 'data-field': name, 'aria-describedby': `field-hint-${name}` });
    input.value = state.fieldValues[name] ?? '';
    input.addEventListener('input', () => {
      state.fieldValues[name] = input.value;
      updateFieldFlags(state);
      onChange();
    });
    const count = state.scan.fields.find((field) => field.name === name)?.count;
    list.append(
      element(
        'div',
        { class: 'field' },
        element('label', { for: id }, name, element('span', { class: 'count' }, count ? ` · ${places(count)}` : ' · prompts only')),
        input,
        element('p', { class: 'hint field-hint', id: `field-hint-${name}` }),
      ),
    );
  }
  updateFieldFlags(state);
}

/** A field a prompt references but with no value is flagged: the fill would be refused. */
export function updateFieldFlags(state: PageState): void {
  const referenced = referencedFields(state);
  for (const name of fieldNamesToShow(state)) {
    const input = document.getElementById(`field-${name}`) as HTMLInputElement | null;
    const hint = document.getElementById(`field-hint-${name}`);
    if (!input || !hint) continue;
    const users = referenced.get(name) ?? [];
    const missing = users.length > 0 && (state.fieldValues[name] ?? '').trim() === '';
    if (missing) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
    hint.classList.toggle('missing', missing);
    hint.textContent = missing
      ? `Needs a value: used by ${users.map((tag) => `ai:${tag}`).join(', ')}`
      : users.length > 0
        ? `Used by ${users.map((tag) => `ai:${tag}`).join(', ')}`
        : '';
    hint.hidden = hint.textContent === '';
  }
}

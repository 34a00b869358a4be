import type { BulkRunProgress, StartHubSpotRunInput, StartSheetRunOutcome } from '../../shared/bulk-run-contract';
import { element } from '../common/dom';
import { call } from './server';

/**
 * The Bulk panel's HubSpot source: one document per HubSpot deal, contact or company. The author maps each template
 * field to a HubSpot property (`dealname`) or an associated record's (`company.name`), picks records by id or by a
 * search, chooses where each link goes back (a note, a property, nowhere), and starts the run; the run's progress
 * is then the panel's, as for a sheet. The add-on never sees the HubSpot token: the backend reads the records.
 */

export interface HubSpotSourceContext {
  /** The open document's template fields, in the sidebar's order. */
  fields(): string[];
  /** Shows the started run (the panel's run view and work loop). */
  started(progress: BulkRunProgress, message: string): void;
}

type ObjectType = StartHubSpotRunInput['objectType'];

/** What a field most likely comes from on each object type: prefilled, so the sample template needs no typing. */
const likelyProperties: Record<ObjectType, Record<string, string>> = {
  deals: { client_name: 'company.name', company: 'company.name', project_name: 'dealname', deal: 'dealname', start_date: 'closedate' },
  companies: { client_name: 'name', company: 'name', website: 'domain' },
  contacts: { client_name: 'company.name', first_name: 'firstname', last_name: 'lastname', email: 'email' },
};

const problemKeys = ['records', 'outputFolder', 'namePattern', 'name', 'writeBack'] as const;

export interface HubSpotFormValues {
  name: string;
  objectType: ObjectType;
  mapping: Record<string, string>;
  recordChoice: 'ids' | 'search';
  ids: string;
  query: string;
  writeBack: 'note' | 'property' | 'none';
  writeBackProperty: string;
  outputFolder: string;
  namePattern: string;
}

/** The server function's input from the form: empty mappings are left out (those fields stay as written). */
export function hubSpotRunInputOf(values: HubSpotFormValues): StartHubSpotRunInput {
  const fieldMapping = Object.fromEntries(
    Object.entries(values.mapping)
      .map(([field, property]) => [field, property.trim()] as const)
      .filter(([, property]) => property !== ''),
  );
  return {
    name: values.name.trim() || `HubSpot ${values.objectType}`,
    objectType: values.objectType,
    fieldMapping,
    records: values.recordChoice === 'ids' ? { kind: 'ids', ids: values.ids } : { kind: 'search', query: values.query },
    writeBack:
      values.writeBack === 'note'
        ? { kind: 'note' }
        : values.writeBack === 'property'
          ? { kind: 'property', property: values.writeBackProperty.trim() }
          : null,
    outputFolder: values.outputFolder,
    namePattern: values.namePattern,
  };
}

/** Where a problem goes: a field's mapping box, one of the form's boxes, or the list above Start. */
export function hubSpotProblemPlace(field: string | undefined, fields: readonly string[]): string | undefined {
  if (!field) return undefined;
  const mapped = /^fieldMapping\.(.+)$/.exec(field)?.[1];
  if (mapped !== undefined && fields.includes(mapped)) return `hubspot-map-${mapped}`;
  if (field.startsWith('source.writeBack')) return 'hubspot-writeBack';
  const key = problemKeys.find((candidate) => field === candidate || field.startsWith(`${candidate}.`));
  return key ? `hubspot-${key}` : undefined;
}

function labelled(id: string, text: string, control: HTMLElement, hint?: string): HTMLElement[] {
  control.id = id;
  const described = [hint ? `${id}-hint` : '', `${id}-problem`].filter(Boolean).join(' ');
  control.setAttribute('aria-describedby', described);
  return [
    element('label', { for: id }, text),
    control,
    ...(hint ? [element('p', { id: `${id}-hint`, class: 'hint' }, hint)] : []),
    element('p', { id: `${id}-problem`, class: 'hint problem', hidden: true }),
  ];
}

const textInput = (placeholder = '') => element('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', placeholder });

/** Draws the HubSpot form into `container` and wires it; answers a function that refreshes the mapped fields. */
export function mountHubSpotSource(container: HTMLElement, context: HubSpotSourceContext): () => void {
  const objectType = element(
    'select',
    {},
    element('option', { value: 'deals' }, 'Deals'),
    element('option', { value: 'companies' }, 'Companies'),
    element('option', { value: 'contacts' }, 'Contacts'),
  );
  const mappingList = element('div', { id: 'hubspot-mapping-list' });
  const byIds = element('input', { type: 'radio', name: 'hubspot-record-choice', id: 'hubspot-records-ids', value: 'ids', checked: true });
  const bySearch = element('input', { type: 'radio', name: 'hubspot-record-choice', id: 'hubspot-records-search', value: 'search' });
  const ids = element('textarea', { rows: '2', spellcheck: 'false', placeholder: '51000000002, 51000000004' });
  const query = textInput('e.g. Acme');
  const writeBack = element(
    'select',
    {},
    element('option', { value: 'note' }, 'A note on the record'),
    element('option', { value: 'property' }, 'A property of the record'),
    element('option', { value: 'none' }, 'Nowhere'),
  );
  const writeBackProperty = textInput('e.g. proposal_link');
  const outputFolder = textInput('https://drive.google.com/drive/folders/…');
  const namePattern = textInput();
  const name = textInput();
  const problems = element('div', { id: 'hubspot-problems', class: 'notice error', role: 'alert', hidden: true });
  const startButton = element('button', { id: 'hubspot-start', class: 'action', type: 'submit' }, 'Start');
  const idsBlock = element(
    'div',
    { id: 'hubspot-ids-block' },
    ...labelled('hubspot-ids', 'Record ids', ids, 'The number at the end of a record’s HubSpot URL.'),
  );
  const searchBlock = element(
    'div',
    { id: 'hubspot-search-block', hidden: true },
    ...labelled('hubspot-query', 'Search', query, 'HubSpot’s own search over the records’ text; at most 500 records.'),
  );
  const propertyBlock = element('div', { hidden: true }, ...labelled('hubspot-writeBack-property', 'Property', writeBackProperty));

  const form = element(
    'form',
    { id: 'hubspot-form', novalidate: true },
    ...labelled('hubspot-objectType', 'Records', objectType),
    element(
      'fieldset',
      { class: 'bulk-group' },
      element('legend', {}, 'Fields from HubSpot properties'),
      element(
        'p',
        { class: 'hint' },
        'A property’s internal name (dealname), or an associated record’s (company.name). Leave a field empty to keep it as written.',
      ),
      mappingList,
    ),
    element(
      'fieldset',
      { class: 'bulk-group', 'aria-describedby': 'hubspot-records-problem' },
      element('legend', {}, 'Which records'),
      element('div', { class: 'checkbox' }, byIds, element('label', { for: 'hubspot-records-ids' }, 'By id')),
      element('div', { class: 'checkbox' }, bySearch, element('label', { for: 'hubspot-records-search' }, 'By search')),
      idsBlock,
      searchBlock,
      element('p', { id: 'hubspot-records-problem', class: 'hint problem', hidden: true }),
    ),
    ...labelled('hubspot-writeBack', 'Each document’s link goes to', writeBack),
    propertyBlock,
    ...labelled('hubspot-outputFolder', 'Output folder URL', outputFolder),
    ...labelled('hubspot-namePattern', 'Document names', namePattern, 'Use {{field}} for a mapped field, e.g. Proposal – {{client_name}}.'),
    ...labelled('hubspot-name', 'Run name', name),
    problems,
    element('div', { class: 'actions' }, startButton),
  );
  container.replaceChildren(form);

  let mapping: Record<string, string> = {};
  const renderMapping = () => {
    const fields = context.fields();
    const likely = likelyProperties[objectType.value as ObjectType] ?? {};
    mapping = Object.fromEntries(fields.map((field) => [field, mapping[field] ?? likely[field] ?? '']));
    mappingList.replaceChildren(
      ...fields.flatMap((field) => {
        const box = textInput('property');
        box.value = mapping[field] ?? '';
        box.addEventListener('input', () => (mapping[field] = box.value));
        return labelled(`hubspot-map-${field}`, field, box);
      }),
    );
    if (!namePattern.value) namePattern.value = fields.includes('client_name') ? 'Proposal – {{client_name}}' : '';
  };
  objectType.addEventListener('change', () => {
    // Another object type has other properties: suggestions start again.
    mapping = {};
    renderMapping();
  });
  for (const radio of [byIds, bySearch])
    radio.addEventListener('change', () => {
      idsBlock.hidden = !byIds.checked;
      searchBlock.hidden = byIds.checked;
    });
  writeBack.addEventListener('change', () => (propertyBlock.hidden = writeBack.value !== 'property'));

  const clearProblems = () => {
    problems.hidden = true;
    for (const box of Array.from(form.querySelectorAll<HTMLElement>('.problem'))) {
      box.hidden = true;
      box.textContent = '';
    }
    for (const invalid of Array.from(form.querySelectorAll('[aria-invalid="true"]'))) invalid.removeAttribute('aria-invalid');
  };
  const showProblems = (list: Array<{ field?: string; message: string }>) => {
    clearProblems();
    const general: string[] = [];
    for (const problem of list) {
      const place = hubSpotProblemPlace(problem.field, context.fields());
      const box = place ? form.querySelector<HTMLElement>(`#${CSS.escape(place)}-problem`) : null;
      if (!box || !place) {
        general.push(problem.message);
        continue;
      }
      box.textContent = [box.textContent, problem.message].filter(Boolean).join(' ');
      box.hidden = false;
      form.querySelector(`#${CSS.escape(place)}`)?.setAttribute('aria-invalid', 'true');
    }
    problems.replaceChildren(
      element('p', {}, 'The run was not started: fix what is shown.'),
      ...(general.length > 0 ? [element('ul', {}, ...general.map((message) => element('li', {}, message)))] : []),
    );
    problems.hidden = false;
    form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (startButton.disabled) return;
    clearProblems();
    const input = hubSpotRunInputOf({
      name: name.value,
      objectType: objectType.value as ObjectType,
      mapping,
      recordChoice: byIds.checked ? 'ids' : 'search',
      ids: ids.value,
      query: query.value,
      writeBack: writeBack.value as HubSpotFormValues['writeBack'],
      writeBackProperty: writeBackProperty.value,
      outputFolder: outputFolder.value,
      namePattern: namePattern.value,
    });
    startButton.disabled = true;
    startButton.textContent = 'Starting…';
    call('startHubSpotRun', input)
      .then((outcome: StartSheetRunOutcome) => {
        if (outcome.status === 'problems') showProblems(outcome.problems);
        else
          context.started(
            outcome.run,
            `${outcome.enqueued} ${outcome.enqueued === 1 ? 'record' : 'records'} from HubSpot to make` +
              (outcome.alreadyEnqueued > 0 ? `; ${outcome.alreadyEnqueued} already had a document.` : '.'),
          );
      })
      .catch((error: unknown) =>
        showProblems([{ message: `The run could not start. ${error instanceof Error ? error.message : String(error)}` }]),
      )
      .finally(() => {
        startButton.disabled = false;
        startButton.textContent = 'Start';
      });
  });
  renderMapping();
  return renderMapping;
}

import type { ConfigurationImportView } from '../../../shared/admin-contract';
import { callAdmin } from '../../common/call-server';
import { element } from '../../common/dom';
import type { ScreenDefinition } from '../screen';
import { busy, button, input, labelled, showStatus, statusRegion, textarea } from '../ui';

/** The outcome of a comparison or an import: each change with its values, then problems and notes. */
function outcomeView(outcome: ConfigurationImportView): HTMLElement {
  const view = element('div', { id: 'configuration-outcome' });
  if (outcome.problems.length > 0)
    view.append(
      element('h3', {}, 'Fix the file first'),
      element('ul', { class: 'problems' }, ...outcome.problems.map((problem) => element('li', { class: 'failed' }, problem))),
    );
  if (outcome.changes.length === 0 && outcome.problems.length === 0)
    view.append(element('p', { class: 'secondary' }, 'The organisation already matches this file.'));
  if (outcome.changes.length > 0)
    view.append(
      element(
        'table',
        { 'aria-label': 'Changes the file makes' },
        element(
          'thead',
          {},
          element(
            'tr',
            {},
            element('th', {}, 'Change'),
            element('th', {}, 'Where'),
            element('th', {}, 'Now'),
            element('th', {}, 'From the file'),
          ),
        ),
        element(
          'tbody',
          {},
          ...outcome.changes.map((change) =>
            element(
              'tr',
              {},
              element('td', {}, change.change),
              element('td', { class: 'mono' }, change.path),
              element('td', { class: 'mono' }, change.before ?? '—'),
              element('td', { class: 'mono' }, change.after ?? '—'),
            ),
          ),
        ),
      ),
    );
  if (outcome.notes.length > 0) view.append(element('ul', { class: 'hint' }, ...outcome.notes.map((note) => element('li', {}, note))));
  return view;
}

/**
 * Configuration as code: download the organisation's settings, connections (never keys) and templates' tag
 * configurations as YAML; load an edited file, see what it would change, then import it.
 */
export const configurationScreen: ScreenDefinition = {
  id: 'configuration',
  title: 'Configuration',
  adminOnly: true,
  mount({ panel, settings }) {
    const status = statusRegion('configuration-status');
    const download = button('Download configuration', { class: 'action', id: 'download-configuration' });
    const exported = textarea({ id: 'exported-configuration', readonly: true, rows: '8', 'aria-label': 'The exported file' });
    exported.hidden = true;
    download.addEventListener('click', () => {
      void busy(download, status, async () => {
        const file = await callAdmin('exportConfiguration');
        // The file is shown too: some browsers block downloads from the add-on's dialog.
        exported.value = file.yaml;
        exported.hidden = false;
        const link = element('a', {
          href: URL.createObjectURL(new Blob([file.yaml], { type: 'application/yaml' })),
          download: file.fileName,
        });
        link.click();
        showStatus(status, `Downloaded ${file.fileName}. Keys are not in it.`, 'success');
      });
    });

    const chooser = input({ type: 'file', id: 'configuration-file', accept: '.yaml,.yml,application/yaml,text/yaml' });
    const pasted = textarea({ id: 'configuration-text', rows: '10', 'data-field': 'yaml', placeholder: 'version: 1\nsettings: …' });
    chooser.addEventListener('change', () => {
      const file = chooser.files?.[0];
      if (file) void file.text().then((text) => (pasted.value = text));
    });
    const compare = button('Compare with the organisation', { class: 'action', id: 'compare-configuration' });
    const apply = button('Import these changes', { class: 'action', id: 'import-configuration' });
    apply.hidden = true;
    const outcome = element('div', { id: 'configuration-review' });
    let compared = '';

    compare.addEventListener('click', () => {
      void busy(compare, status, async () => {
        if (pasted.value.trim() === '') throw new Error('Choose a file or paste its text first.');
        compared = pasted.value;
        const result = await callAdmin('importConfiguration', { yaml: compared, dryRun: true });
        outcome.replaceChildren(outcomeView(result));
        apply.hidden = result.problems.length > 0 || result.changes.length === 0;
        showStatus(
          status,
          result.problems.length > 0
            ? 'The file cannot be imported as it is: see what to fix below.'
            : `Importing would make ${result.changes.length} change(s); nothing is written until you import.`,
          result.problems.length > 0 ? 'warning' : 'info',
        );
      });
    });
    apply.addEventListener('click', () => {
      void busy(apply, status, async () => {
        // Imports exactly what was reviewed, even if the text was edited since.
        const result = await callAdmin('importConfiguration', { yaml: compared, dryRun: false });
        outcome.replaceChildren(outcomeView(result));
        apply.hidden = true;
        await settings.reload();
        showStatus(status, `Imported ${result.changes.length} change(s).`, 'success');
      });
    });

    panel.append(
      element('h2', {}, 'Configuration'),
      element(
        'p',
        { class: 'secondary' },
        'Settings, connections (without their keys) and the tag configurations of templates as one YAML file: keep it in version control, copy it to another organisation, review a change before it applies.',
      ),
      status,
      element('div', { class: 'actions' }, download),
      exported,
      element('h3', {}, 'Import a file'),
      labelled('File', chooser),
      labelled('Or paste it', pasted, 'A section the file leaves out stays as it is; an import never deletes anything or sets keys.'),
      element('div', { class: 'actions' }, compare, apply),
      outcome,
    );
  },
};

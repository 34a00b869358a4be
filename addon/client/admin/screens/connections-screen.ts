import type { ConnectionView, ProviderView } from '../../../shared/admin-contract';
import { callAdmin } from '../../common/call-server';
import { element } from '../../common/dom';
import { connectionInputFromForm, maskedKey, rateLimitsFromForm, rateLimitsText } from '../logic/connection-form';
import { loadProviders, providerName } from '../providers';
import type { ScreenDefinition } from '../screen';
import { busy, button, confirmInline, input, labelled, localTime, select, showStatus, statusRegion } from '../ui';

/** Provider connections: list (keys only as fingerprint and last four), add, test, rotate, limit, delete. */

const limitHelp =
  'Counted across every server instance, per minute: a call over the limit waits a few seconds for the next minute or goes to a fallback model, before the provider would answer 429. Empty: no limit.';

/** The connection's requests and tokens per minute, changed in its row. */
function limitsForm(connection: ConnectionView, status: HTMLElement, done: () => void, cancel: () => void): HTMLElement {
  const requests = input(
    { inputmode: 'numeric', 'data-field': 'requestsPerMinute', id: `limit-requests-${connection.id}` },
    connection.requestsPerMinute === null ? '' : String(connection.requestsPerMinute),
  );
  const tokens = input(
    { inputmode: 'numeric', 'data-field': 'tokensPerMinute', id: `limit-tokens-${connection.id}` },
    connection.tokensPerMinute === null ? '' : String(connection.tokensPerMinute),
  );
  const save = button('Save limits', { class: 'small action', id: `save-limits-${connection.id}` });
  const form = element(
    'div',
    { class: 'rotate', role: 'group', 'aria-label': `Rate limits of ${connection.name}` },
    element('div', { class: 'grid' }, labelled('Requests per minute', requests), labelled('Tokens per minute', tokens)),
    element('p', { class: 'hint' }, limitHelp),
    element('div', { class: 'actions' }, save, button('Cancel', { class: 'small' }, cancel)),
  );
  save.addEventListener('click', () => {
    void busy(
      save,
      status,
      async () => {
        const change = rateLimitsFromForm({ requestsPerMinute: requests.value, tokensPerMinute: tokens.value });
        const updated = await callAdmin('updateConnection', { connectionId: connection.id, change });
        showStatus(status, `${updated.name}: ${rateLimitsText(updated).toLowerCase()}.`, 'success');
        done();
      },
      form,
    );
  });
  setTimeout(() => requests.focus(), 0);
  return form;
}

function testCell(connection: ConnectionView): HTMLElement {
  const cell = element('td', { id: `test-${connection.id}`, 'aria-live': 'polite' });
  if (!connection.lastTest) {
    cell.append(element('span', { class: 'muted' }, 'Not tested yet'));
    return cell;
  }
  cell.append(
    element('span', { class: connection.lastTest.ok ? 'ok' : 'failed' }, connection.lastTest.ok ? 'Works' : 'Failed'),
    element(
      'div',
      { class: 'hint' },
      `${connection.lastTest.message} (${localTime(connection.lastTest.at)}, ${connection.lastTest.latencyMs} ms)`,
    ),
  );
  return cell;
}

/** A row's button that opens its form in a row below; the form's cancel removes it and gives the button back. */
function opensBelow(opener: HTMLButtonElement, row: HTMLElement, makeForm: (cancel: () => void) => HTMLElement): void {
  opener.addEventListener('click', () => {
    opener.disabled = true;
    const form = makeForm(() => {
      form.remove();
      opener.disabled = false;
      opener.focus();
    });
    row.after(element('tr', {}, element('td', { colspan: '5' }, form)));
  });
}

function rotateForm(connection: ConnectionView, status: HTMLElement, done: () => void, cancel: () => void): HTMLElement {
  const key = input({ type: 'password', 'data-field': 'apiKey', id: `rotate-key-${connection.id}` });
  const save = button('Save new key', { class: 'small action' });
  const form = element(
    'div',
    { class: 'rotate', role: 'group', 'aria-label': `New key for ${connection.name}` },
    labelled(`New key for ${connection.name}`, key),
    element('div', { class: 'actions' }, save, button('Cancel', { class: 'small' }, cancel)),
  );
  save.addEventListener('click', () => {
    void busy(
      save,
      status,
      async () => {
        if (key.value.trim() === '') throw new Error('Paste the new key first.');
        const rotated = await callAdmin('rotateConnectionKey', { connectionId: connection.id, apiKey: key.value.trim() });
        key.value = '';
        showStatus(
          status,
          `The key of ${rotated.name} was replaced; it now ends in ${rotated.lastFour}. Test it to be sure it works.`,
          'success',
        );
        done();
      },
      form,
    );
  });
  setTimeout(() => key.focus(), 0);
  return form;
}

export const connectionsScreen: ScreenDefinition = {
  id: 'connections',
  title: 'Connections',
  adminOnly: true,
  async mount({ panel }) {
    const status = statusRegion('connections-status');
    const list = element('div', { id: 'connection-list' }, element('p', { class: 'secondary' }, 'Loading the connections…'));
    // The backend's providers, and what a connection to each needs, give the form its choices and rules.
    const providers: ProviderView[] = await loadProviders();

    const render = (connections: ConnectionView[]) => {
      list.replaceChildren();
      if (connections.length === 0) {
        list.append(
          element(
            'p',
            { class: 'secondary' },
            "No connections yet: fills use the server's own key, if it has one. Add your organisation's key below.",
          ),
        );
        return;
      }
      const rows = connections.map((connection) => {
        const actions = element('div', { class: 'actions' });
        const row = element(
          'tr',
          { 'data-connection': connection.id },
          element(
            'td',
            {},
            element('strong', {}, connection.name),
            connection.enabled ? null : element('div', { class: 'hint' }, 'Turned off'),
            connection.baseUrl ? element('div', { class: 'hint mono' }, connection.baseUrl) : null,
          ),
          element(
            'td',
            {},
            providerName(providers, connection.provider),
            connection.defaultModel ? element('div', { class: 'hint' }, `Default model: ${connection.defaultModel}`) : null,
            element('div', { class: 'hint', id: `limits-${connection.id}` }, rateLimitsText(connection)),
          ),
          element('td', { class: 'mono' }, maskedKey(connection)),
          testCell(connection),
          element('td', {}, actions),
        );
        const test = button('Test', { class: 'small', 'aria-label': `Test ${connection.name}` });
        test.addEventListener('click', () => {
          void busy(test, status, async () => {
            showStatus(status, `Testing ${connection.name} with a real, cheap call…`);
            const result = await callAdmin('testConnection', { connectionId: connection.id, model: null });
            showStatus(
              status,
              `${connection.name}: ${result.ok ? 'works' : 'failed'}. ${result.message} (${result.model}, ${result.latencyMs} ms)`,
              result.ok ? 'success' : 'error',
            );
            await refresh();
          });
        });
        const rotate = button('Rotate key', { class: 'small', 'aria-label': `Rotate the key of ${connection.name}` });
        opensBelow(rotate, row, (cancel) => rotateForm(connection, status, () => void refresh(), cancel));
        const limits = button('Limits', { class: 'small', 'aria-label': `Rate limits of ${connection.name}` });
        opensBelow(limits, row, (cancel) => limitsForm(connection, status, () => void refresh(), cancel));
        const remove = button('Delete', { class: 'small danger', 'aria-label': `Delete ${connection.name}` });
        remove.addEventListener('click', () => {
          confirmInline(remove, `Delete ${connection.name} and its key?`, 'Delete', () => {
            void busy(remove, status, async () => {
              await callAdmin('deleteConnection', { connectionId: connection.id });
              showStatus(status, `${connection.name} was deleted.`, 'success');
              await refresh();
            });
          });
        });
        // Turning a connection off keeps its key: fills stop using it until it is turned on again.
        const toggle = button(connection.enabled ? 'Turn off' : 'Turn on', {
          class: 'small',
          id: `toggle-connection-${connection.id}`,
          'aria-label': `${connection.enabled ? 'Turn off' : 'Turn on'} ${connection.name}`,
        });
        toggle.addEventListener('click', () => {
          void busy(toggle, status, async () => {
            const updated = await callAdmin('updateConnection', { connectionId: connection.id, change: { enabled: !connection.enabled } });
            showStatus(
              status,
              `${updated.name} is ${updated.enabled ? 'on: fills may use it' : 'off: fills no longer use it'}.`,
              'success',
            );
            await refresh();
          });
        });
        actions.append(test, rotate, limits, toggle, remove);
        return row;
      });
      list.append(
        element(
          'table',
          { 'aria-label': 'Provider connections' },
          element(
            'thead',
            {},
            element(
              'tr',
              {},
              element('th', {}, 'Name'),
              element('th', {}, 'Provider'),
              element('th', {}, 'Key'),
              element('th', {}, 'Last test'),
              element('th', {}, 'Actions'),
            ),
          ),
          element('tbody', {}, ...rows),
        ),
      );
    };

    const refresh = async () => render(await callAdmin('listConnections'));

    // The add form.
    const provider = select(
      { 'data-field': 'provider', id: 'new-provider' },
      providers.map((choice) => ({ value: choice.id, label: choice.displayName })),
      providers[0]?.id ?? '',
    );
    const name = input({ 'data-field': 'name', id: 'new-name', placeholder: 'Team OpenAI key' });
    const apiKey = input({ type: 'password', 'data-field': 'apiKey', id: 'new-key' });
    const baseUrl = input({ type: 'url', 'data-field': 'baseUrl', id: 'new-base-url', placeholder: 'https://…/v1' });
    const defaultModel = input({ 'data-field': 'defaultModel', id: 'new-default-model', placeholder: 'gpt-4o-mini' });
    const requestsPerMinute = input({
      inputmode: 'numeric',
      'data-field': 'requestsPerMinute',
      id: 'new-requests-per-minute',
      placeholder: 'no limit',
    });
    const tokensPerMinute = input({
      inputmode: 'numeric',
      'data-field': 'tokensPerMinute',
      id: 'new-tokens-per-minute',
      placeholder: 'no limit',
    });
    const baseUrlHint = element('p', { class: 'hint', id: 'new-base-url-note' });
    const keyHint = element('p', { class: 'hint', id: 'new-key-note' });
    const updateHints = () => {
      const chosen = providers.find((choice) => choice.id === provider.value);
      baseUrl.disabled = chosen?.acceptsBaseUrl === false;
      baseUrlHint.textContent = chosen?.requiresBaseUrl
        ? 'Required: the endpoint, e.g. http://127.0.0.1:11434/v1 for Ollama.'
        : chosen?.acceptsBaseUrl === false
          ? `${chosen.displayName} is only reached at its own address.`
          : "Optional: leave empty to use the provider's own address.";
      defaultModel.placeholder = chosen?.defaultModel === null ? 'llama3.1 (required)' : `optional (${chosen?.defaultModel ?? ''})`;
      keyHint.textContent = chosen?.keyHint ?? '';
    };
    provider.addEventListener('change', updateHints);
    updateHints();
    const add = button('Add connection', { class: 'action', id: 'add-connection' });
    const addStatus = statusRegion('add-connection-status');
    const form = element(
      'form',
      { id: 'add-connection-form', 'aria-labelledby': 'add-connection-heading' },
      element('h3', { id: 'add-connection-heading' }, 'Add a connection'),
      element('div', { class: 'grid' }, labelled('Provider', provider), labelled('Name', name)),
      labelled('Key', apiKey, 'Stored encrypted; only its fingerprint and last four characters are ever shown.'),
      keyHint,
      element(
        'div',
        { class: 'grid' },
        element('div', {}, labelled('Base URL', baseUrl), baseUrlHint),
        labelled('Default model', defaultModel, 'The model tests and fills use when none is chosen.'),
      ),
      element('div', { class: 'grid' }, labelled('Requests per minute', requestsPerMinute), labelled('Tokens per minute', tokensPerMinute)),
      element('p', { class: 'hint' }, limitHelp),
      element('div', { class: 'actions' }, add),
      addStatus,
    );
    form.addEventListener('submit', (event) => event.preventDefault());
    add.addEventListener('click', () => {
      void busy(
        add,
        addStatus,
        async () => {
          const connection = connectionInputFromForm(
            {
              provider: provider.value,
              name: name.value,
              apiKey: apiKey.value,
              baseUrl: baseUrl.value,
              defaultModel: defaultModel.value,
              requestsPerMinute: requestsPerMinute.value,
              tokensPerMinute: tokensPerMinute.value,
            },
            providers,
          );
          let created;
          try {
            created = await callAdmin('addConnection', connection);
          } finally {
            // The key never stays in the page, whether or not the backend took it.
            apiKey.value = '';
          }
          name.value = '';
          baseUrl.value = '';
          defaultModel.value = '';
          requestsPerMinute.value = '';
          tokensPerMinute.value = '';
          await refresh();
          showStatus(addStatus, `Added ${created.name} (key …${created.lastFour}). Press Test to check it.`, 'success');
        },
        form,
      );
    });

    panel.append(
      element('h2', {}, 'Provider connections'),
      element('p', { class: 'secondary' }, "Your organisation's own provider keys. Keys are encrypted at rest and never shown again."),
      status,
      list,
      form,
    );
    await refresh();
  },
};

import type { HubSpotConnectionSummary } from '../../../shared/admin-contract';
import { callAdmin } from '../../common/call-server';
import { element } from '../../common/dom';
import type { ScreenDefinition } from '../screen';
import { busy, button, confirmInline, input, labelled, localTime, showStatus, statusRegion } from '../ui';

/**
 * HubSpot: the private-app access token bulk runs read CRM records with (kept in the key vault like provider keys,
 * tested with a real HubSpot call before it is stored), and the client secret that lets HubSpot workflows ask for a
 * document through the signed webhook. Neither is ever shown again: only fingerprints and the last test.
 */

function describe(connection: NonNullable<HubSpotConnectionSummary>): HTMLElement {
  const test = connection.lastTest;
  return element(
    'dl',
    { id: 'hubspot-details', class: 'details' },
    element('dt', {}, 'Access token'),
    element('dd', { class: 'mono' }, `…${connection.lastFour} (fingerprint ${connection.fingerprint})`),
    element('dt', {}, 'Saved'),
    element('dd', {}, `${localTime(connection.updatedAt)} by ${connection.createdBy}`),
    element('dt', {}, 'Last test'),
    element(
      'dd',
      { id: 'hubspot-last-test' },
      test ? `${test.ok ? 'Worked' : 'Failed'} at ${localTime(test.at)}: ${test.message}` : 'Not tested yet',
    ),
    element('dt', {}, 'Workflow webhooks'),
    element(
      'dd',
      {},
      connection.clientSecretSet
        ? `Signed requests accepted at ${connection.webhookPath} (put a run's id in place of {runId}).`
        : 'Off: save the app\u2019s client secret to let HubSpot workflows ask for documents.',
    ),
  );
}

export const hubSpotScreen: ScreenDefinition = {
  id: 'hubspot',
  title: 'HubSpot',
  adminOnly: true,
  async mount({ panel }) {
    const status = statusRegion('hubspot-status');
    const summary = element('div', { id: 'hubspot-summary', 'aria-live': 'polite' });
    const token = input({ type: 'password', id: 'hubspot-token', autocomplete: 'off', spellcheck: false, 'data-field': 'accessToken' });
    const secret = input({ type: 'password', id: 'hubspot-secret', autocomplete: 'off', spellcheck: false, 'data-field': 'clientSecret' });
    const save = button('Test and save', { id: 'hubspot-save', class: 'action' });
    const test = button('Test again', { id: 'hubspot-test' });
    const remove = button('Disconnect', { id: 'hubspot-delete', class: 'danger' });
    const form = element(
      'form',
      { id: 'hubspot-form', 'aria-label': 'HubSpot connection' },
      labelled(
        'Private-app access token',
        token,
        "From the private app's Auth tab in HubSpot, e.g. pat-na1-…; it is tested before it is saved.",
      ),
      labelled(
        'Client secret (optional)',
        secret,
        'Needed only for HubSpot workflows that ask for a document; leave empty to keep the one saved.',
      ),
      element('div', { class: 'actions' }, save),
    );
    form.addEventListener('submit', (event) => event.preventDefault());

    const show = (connection: HubSpotConnectionSummary) => {
      summary.replaceChildren(
        connection
          ? describe(connection)
          : element(
              'p',
              { id: 'hubspot-not-connected', class: 'secondary' },
              'HubSpot is not connected. Paste a private-app access token to connect.',
            ),
      );
      test.hidden = connection === null;
      remove.hidden = connection === null;
    };

    save.addEventListener(
      'click',
      () =>
        void busy(
          save,
          status,
          async () => {
            const saved = await callAdmin('saveHubSpotConnection', { accessToken: token.value, clientSecret: secret.value || undefined });
            token.value = '';
            secret.value = '';
            show(saved);
            showStatus(status, 'HubSpot is connected: the token answered and is saved.', 'success');
          },
          form,
        ),
    );
    test.addEventListener(
      'click',
      () =>
        void busy(test, status, async () => {
          const result = await callAdmin('testHubSpotConnection');
          showStatus(
            status,
            result.ok ? `The token works (${result.latencyMs} ms).` : `The token failed: ${result.message}`,
            result.ok ? 'success' : 'error',
          );
          show(await callAdmin('getHubSpotConnection'));
        }),
    );
    remove.addEventListener('click', () =>
      confirmInline(remove, 'Disconnect HubSpot? Runs from HubSpot stop until a token is saved again.', 'Disconnect', () => {
        void busy(remove, status, async () => {
          await callAdmin('deleteHubSpotConnection');
          show(null);
          showStatus(status, 'HubSpot is disconnected; the token is deleted.', 'success');
        });
      }),
    );

    panel.append(
      element('h2', {}, 'HubSpot'),
      element(
        'p',
        { class: 'secondary' },
        'Bulk runs can make one document per HubSpot contact, company or deal. The token is kept sealed like provider keys.',
      ),
      summary,
      element('div', { class: 'actions' }, test, remove),
      form,
      status,
    );
    show(await callAdmin('getHubSpotConnection'));
  },
};

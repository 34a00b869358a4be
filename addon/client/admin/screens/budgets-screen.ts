import { budgetAlertLevels, type AlertsView, type SettingsView } from '../../../shared/admin-contract';
import { callServer } from '../../common/call-server';
import { element } from '../../common/dom';
import { applyBudgetForm, budgetFormFromSettings, describeBudget, levelNames, type BudgetForm } from '../logic/budget-form';
import type { ScreenDefinition } from '../screen';
import { busy, button, input, labelled, localTime, showStatus, statusRegion, textarea } from '../ui';
import { conflictNotice } from './conflict-notice';

/** Budgets & alerts: limits and thresholds, where each budget stands now, and who hears about crossings. */

const levelLabels: Record<string, string> = { alert: 'Alert threshold crossed', critical: 'Critical threshold crossed', exhausted: 'Budget used up' };

export const budgetsScreen: ScreenDefinition = {
  id: 'budgets',
  title: 'Budgets & alerts',
  adminOnly: true,
  async mount({ panel, settings }) {
    const consumption = element('div', { id: 'budget-consumption', 'aria-live': 'polite' }, element('p', { class: 'secondary' }, 'Loading…'));
    const formHolder = element('div', {});
    const channelHolder = element('div', { id: 'alert-channels' });
    const refreshButton = button('Refresh', { class: 'small', id: 'refresh-budget' });
    panel.append(
      element('h2', {}, 'Budgets & alerts'),
      element('h3', {}, 'Now ', refreshButton),
      consumption,
      formHolder,
      element('h3', {}, 'Google Chat'),
      channelHolder,
    );

    const showConsumption = async () => {
      const status = await callServer('getAdminBudgetStatus');
      consumption.replaceChildren();
      if (status.budgets.length === 0) {
        consumption.append(element('p', { class: 'secondary' }, 'No budget is set: spending is not limited.'));
        return;
      }
      consumption.append(
        element('p', {}, 'Overall: ', element('span', { class: `level level-${status.level}`, id: 'budget-level' }, levelNames[status.level])),
        element(
          'table',
          { 'aria-label': 'Budget consumption' },
          element('thead', {}, element('tr', {}, element('th', {}, 'Budget'), element('th', {}, 'Spent'), element('th', {}, 'Level'))),
          element(
            'tbody',
            {},
            ...status.budgets.map((entry) => {
              const described = describeBudget(entry);
              return element('tr', { 'data-budget': `${entry.scope}-${entry.period}` }, element('td', {}, described.name), element('td', {}, described.consumption), element('td', {}, element('span', { class: `level level-${entry.level}` }, described.level)));
            }),
          ),
        ),
      );
    };
    refreshButton.addEventListener('click', () => void showConsumption());

    const renderForm = (current: SettingsView) => {
      const form: BudgetForm = budgetFormFromSettings(current.settings);
      const field = (name: keyof BudgetForm, id: string, attributes: Record<string, string> = {}) => input({ type: 'number', id, 'data-field': name, min: '0', step: 'any', ...attributes }, String(form[name]));
      const orgDaily = field('organisationDaily', 'budget-org-daily');
      const orgMonthly = field('organisationMonthly', 'budget-org-monthly');
      const userDaily = field('perUserDaily', 'budget-user-daily');
      const userMonthly = field('perUserMonthly', 'budget-user-monthly');
      const alertPercent = field('alertPercent', 'alert-percent', { min: '1', max: '99' });
      const criticalPercent = field('criticalPercent', 'critical-percent', { min: '1', max: '99' });
      const ceiling = field('perRequestCeiling', 'per-request-ceiling');
      const emails = textarea({ id: 'alert-emails', 'data-field': 'alertEmails', rows: '2', placeholder: 'finance@example.com' }, form.alertEmails);
      const levelBoxes = budgetAlertLevels.map((level) => element('input', { type: 'checkbox', name: 'alert-level', value: level, checked: form.alertLevels.includes(level) }));
      const spike = element('input', { type: 'checkbox', id: 'error-spike-alerts', checked: form.errorSpikeAlerts });
      const overrides = Object.keys(current.settings.budgets.userOverrides).length;
      const save = button('Save budgets and alerts', { class: 'action', id: 'save-budgets' });
      const status = statusRegion('budgets-status');
      const formElement = element(
        'form',
        { id: 'budgets-form', 'aria-label': 'Budgets and alerts' },
        element(
          'fieldset',
          {},
          element('legend', {}, 'Budgets (US dollars; empty: no limit)'),
          element('div', { class: 'grid' }, labelled('Organisation, per day', orgDaily), labelled('Organisation, per month', orgMonthly), labelled('Each user, per day', userDaily), labelled('Each user, per month', userMonthly)),
          overrides > 0 ? element('p', { class: 'hint' }, `${overrides} user${overrides === 1 ? ' has' : 's have'} their own limits; they are kept as they are.`) : null,
          element('div', { class: 'grid' }, labelled('Alert at (% of a budget)', alertPercent), labelled('Critical at (% of a budget)', criticalPercent), labelled('Per-request ceiling ($)', ceiling, 'A single request estimated above this is refused.')),
        ),
        element(
          'fieldset',
          {},
          element('legend', {}, 'Alerts'),
          labelled('E-mail addresses', emails, 'One per line; they get an e-mail when a budget crosses a level below or errors spike.'),
          element('div', { class: 'checks', role: 'group', 'aria-label': 'Send an alert when' }, ...budgetAlertLevels.map((level, index) => element('label', {}, levelBoxes[index] as HTMLElement, levelLabels[level] ?? level))),
          element('label', { class: 'inline' }, spike, 'Errors spike'),
        ),
        element('div', { class: 'actions' }, save, element('span', { class: 'secondary' }, current.version === 0 ? 'Defaults (never saved)' : `Version ${current.version}, saved ${localTime(current.updatedAt)}`)),
        status,
      );
      formElement.addEventListener('submit', (event) => event.preventDefault());
      save.addEventListener('click', () => {
        void busy(save, status, async () => {
          const edited: BudgetForm = {
            organisationDaily: orgDaily.value,
            organisationMonthly: orgMonthly.value,
            perUserDaily: userDaily.value,
            perUserMonthly: userMonthly.value,
            alertPercent: alertPercent.value,
            criticalPercent: criticalPercent.value,
            perRequestCeiling: ceiling.value,
            alertEmails: emails.value,
            alertLevels: budgetAlertLevels.filter((_level, index) => (levelBoxes[index] as HTMLInputElement).checked),
            errorSpikeAlerts: spike.checked,
          };
          const next = applyBudgetForm(current.settings, edited);
          const outcome = await settings.save(() => next);
          if (outcome.status === 'conflict') {
            status.replaceChildren(conflictNotice(outcome.detail, settings));
            return;
          }
          await showConsumption();
          showStatus(byIdIn(formHolder, 'budgets-status') ?? status, `Saved (version ${outcome.view.version}).`, 'success');
        }, formElement);
      });
      formHolder.replaceChildren(formElement);
    };

    const renderChannels = (alerts: AlertsView) => {
      const chat = alerts.channels.googleChat;
      const status = statusRegion('alert-channel-status');
      const webhook = input({ type: 'password', id: 'chat-webhook', 'data-field': 'webhook', placeholder: 'https://chat.googleapis.com/v1/spaces/…/messages?key=…&token=…' });
      const saveWebhook = button(chat.configured ? 'Replace webhook' : 'Save webhook', { class: 'action', id: 'save-webhook' });
      const removeWebhook = button('Remove', { class: 'danger', id: 'remove-webhook' });
      removeWebhook.hidden = !chat.configured;
      const testAlert = button('Send test alert', { id: 'send-test-alert' });
      const summary = chat.configured
        ? element('p', { id: 'chat-state' }, element('span', { class: 'ok' }, 'Configured'), ` · ${chat.url ?? ''} · fingerprint ${chat.fingerprint ?? ''}${chat.configuredAt ? ` · set ${localTime(chat.configuredAt)} by ${chat.configuredBy ?? ''}` : ''}`)
        : element('p', { id: 'chat-state', class: 'secondary' }, 'Not configured.');
      const emailNote = alerts.channels.email.unavailable ? element('p', { class: 'notice' }, `E-mail: ${alerts.channels.email.unavailable}`) : null;
      const recent = alerts.alerts.slice(0, 5);
      const box = element(
        'div',
        {},
        summary,
        labelled(chat.configured ? 'New webhook URL' : 'Webhook URL', webhook, 'Write-only: the URL is encrypted and never shown again. Create it in the Chat space under Apps & integrations → Webhooks.'),
        element('div', { class: 'actions' }, saveWebhook, removeWebhook, testAlert),
        status,
        emailNote,
        recent.length > 0
          ? element('div', {}, element('h3', {}, 'Recent alerts'), element('ul', {}, ...recent.map((alert) => element('li', {}, `${localTime(alert.raisedAt)} · ${alert.text} · ${alert.status}`))))
          : null,
      );
      saveWebhook.addEventListener('click', () => {
        void busy(saveWebhook, status, async () => {
          if (webhook.value.trim() === '') throw new Error('Paste the Google Chat webhook URL first.');
          try {
            await callServer('setGoogleChatWebhook', webhook.value.trim());
          } finally {
            webhook.value = '';
          }
          renderChannels(await callServer('getAlerts'));
          showStatus(byIdIn(channelHolder, 'alert-channel-status') ?? status, 'The webhook was saved. Send a test alert to check it.', 'success');
        }, box);
      });
      removeWebhook.addEventListener('click', () => {
        void busy(removeWebhook, status, async () => {
          await callServer('removeGoogleChatWebhook');
          renderChannels(await callServer('getAlerts'));
        });
      });
      testAlert.addEventListener('click', () => {
        void busy(testAlert, status, async () => {
          const result = await callServer('sendTestAlert');
          const details = result.channels.map((channel) => `${channel.channel === 'google-chat' ? 'Google Chat' : 'E-mail'}: ${channel.status}${channel.detail ? ` (${channel.detail})` : ''}`);
          showStatus(status, [result.message, ...details].join(' '), result.ok ? 'success' : 'error');
        });
      });
      channelHolder.replaceChildren(box);
    };

    settings.onChange(renderForm);
    const [view] = await Promise.all([settings.load(), showConsumption()]);
    renderForm(view);
    try {
      renderChannels(await callServer('getAlerts'));
    } catch (error) {
      channelHolder.replaceChildren(element('p', { class: 'failed' }, error instanceof Error ? error.message : String(error)));
    }
  },
};

function byIdIn(container: HTMLElement, id: string): HTMLElement | null {
  return container.querySelector<HTMLElement>(`#${id}`);
}

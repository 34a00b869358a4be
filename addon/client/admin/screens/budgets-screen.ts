import {
  budgetAlertLevels,
  type AlertsView,
  type CostReportSubscriptionView,
  type MemberView,
  type SettingsView,
} from '../../../shared/admin-contract';
import { callAdmin } from '../../common/call-server';
import { element } from '../../common/dom';
import {
  applyBudgetForm,
  budgetFormFromSettings,
  describeBudget,
  levelNames,
  membersWithoutOverride,
  overrideField,
  overrideLabel,
  type BudgetForm,
  type UserOverrideForm,
} from '../logic/budget-form';
import type { ScreenDefinition } from '../screen';
import { busy, button, errorMessage, input, labelled, localTime, showStatus, statusRegion, textarea } from '../ui';
import { conflictNotice } from './conflict-notice';
import { bindSettingsForm } from './settings-form';

/** Budgets & alerts: limits and thresholds, where each budget stands now, and who hears about crossings. */

const levelLabels: Record<string, string> = {
  alert: 'Alert threshold crossed',
  critical: 'Critical threshold crossed',
  exhausted: 'Budget used up',
};

export const budgetsScreen: ScreenDefinition = {
  id: 'budgets',
  title: 'Budgets & alerts',
  adminOnly: true,
  async mount({ panel, settings }) {
    const consumption = element(
      'div',
      { id: 'budget-consumption', 'aria-live': 'polite' },
      element('p', { class: 'secondary' }, 'Loading…'),
    );
    const formHolder = element('div', {});
    const channelHolder = element('div', { id: 'alert-channels' });
    const reportsHolder = element('div', { id: 'cost-reports' });
    const refreshButton = button('Refresh', { class: 'small', id: 'refresh-budget' });
    panel.append(
      element('h2', {}, 'Budgets & alerts'),
      element('h3', {}, 'Now ', refreshButton),
      consumption,
      formHolder,
      element('h3', {}, 'Google Chat'),
      channelHolder,
      element('h3', {}, 'Cost reports by e-mail'),
      reportsHolder,
    );

    const showConsumption = async () => {
      const status = await callAdmin('getAdminBudgetStatus');
      consumption.replaceChildren();
      if (status.budgets.length === 0) {
        consumption.append(element('p', { class: 'secondary' }, 'No budget is set: spending is not limited.'));
        return;
      }
      consumption.append(
        element(
          'p',
          {},
          'Overall: ',
          element('span', { class: `level level-${status.level}`, id: 'budget-level' }, levelNames[status.level]),
        ),
        element(
          'table',
          { 'aria-label': 'Budget consumption' },
          element('thead', {}, element('tr', {}, element('th', {}, 'Budget'), element('th', {}, 'Spent'), element('th', {}, 'Level'))),
          element(
            'tbody',
            {},
            ...status.budgets.map((entry) => {
              const described = describeBudget(entry);
              return element(
                'tr',
                { 'data-budget': `${entry.scope}-${entry.period}` },
                element('td', {}, described.name),
                element('td', {}, described.consumption),
                element('td', {}, element('span', { class: `level level-${entry.level}` }, described.level)),
              );
            }),
          ),
        ),
      );
    };
    refreshButton.addEventListener('click', () => void showConsumption());

    /** Members name the overrides and fill the "Add an override" choice; without them, rows show user ids. */
    let members: MemberView[] = [];
    let membersProblem: string | null = null;
    const loadMembers = async () => {
      try {
        members = await callAdmin('listMembers');
        membersProblem = null;
      } catch (error) {
        members = [];
        membersProblem = `The members could not be listed (${errorMessage(error)}); overrides show user ids and none can be added.`;
      }
    };

    const versionText = (current: SettingsView) =>
      current.version === 0 ? 'Defaults (never saved)' : `Version ${current.version}, saved ${localTime(current.updatedAt)}`;
    const renderForm = (current: SettingsView) => {
      const shown: BudgetForm = budgetFormFromSettings(current.settings, members);
      const field = (
        name: Exclude<keyof BudgetForm, 'alertLevels' | 'errorSpikeAlerts' | 'slowModelAlerts' | 'providerDownAlerts' | 'userOverrides'>,
        id: string,
        attributes: Record<string, string> = {},
      ) => input({ type: 'number', id, 'data-field': name, min: '0', step: 'any', ...attributes }, String(shown[name]));
      const orgDaily = field('organisationDaily', 'budget-org-daily');
      const orgMonthly = field('organisationMonthly', 'budget-org-monthly');
      const userDaily = field('perUserDaily', 'budget-user-daily');
      const userMonthly = field('perUserMonthly', 'budget-user-monthly');
      const alertPercent = field('alertPercent', 'alert-percent', { min: '1', max: '99' });
      const criticalPercent = field('criticalPercent', 'critical-percent', { min: '1', max: '99' });
      const ceiling = field('perRequestCeiling', 'per-request-ceiling');
      const emails = textarea(
        { id: 'alert-emails', 'data-field': 'alertEmails', rows: '2', placeholder: 'finance@example.com' },
        shown.alertEmails,
      );
      const levelBoxes = budgetAlertLevels.map((level) =>
        element('input', { type: 'checkbox', name: 'alert-level', value: level, checked: shown.alertLevels.includes(level) }),
      );
      const spike = element('input', { type: 'checkbox', id: 'error-spike-alerts', checked: shown.errorSpikeAlerts });
      const spikeMinimum = field('errorSpikeMinimumRequests', 'error-spike-minimum', { min: '1', max: '100000', step: '1' });
      const spikeRate = field('errorSpikeRatePercent', 'error-spike-rate', { min: '0.01', max: '99.99' });
      const spikeWindow = field('errorSpikeWindowMinutes', 'error-spike-window', { min: '1', max: '1440', step: '1' });
      const slow = element('input', { type: 'checkbox', id: 'slow-model-alerts', checked: shown.slowModelAlerts });
      const slowSeconds = field('slowModelP95Seconds', 'slow-model-p95', { min: '1', max: '600' });
      const down = element('input', { type: 'checkbox', id: 'provider-down-alerts', checked: shown.providerDownAlerts });
      const downFailures = field('providerDownFailures', 'provider-down-failures', { min: '2', max: '1000', step: '1' });
      const overrides = overridesEditor(shown.userOverrides, members, membersProblem);
      const save = button('Save budgets and alerts', { class: 'action', id: 'save-budgets' });
      const version = element('span', { class: 'secondary' }, versionText(current));
      const status = statusRegion('budgets-status');
      const formElement = element(
        'form',
        { id: 'budgets-form', 'aria-label': 'Budgets and alerts' },
        element(
          'fieldset',
          {},
          element('legend', {}, 'Budgets (US dollars; empty: no limit)'),
          element(
            'div',
            { class: 'grid' },
            labelled('Organisation, per day', orgDaily),
            labelled('Organisation, per month', orgMonthly),
            labelled('Each user, per day', userDaily),
            labelled('Each user, per month', userMonthly),
          ),
          element(
            'div',
            { class: 'grid' },
            labelled('Alert at (% of a budget)', alertPercent),
            labelled('Critical at (% of a budget)', criticalPercent),
            labelled('Per-request ceiling ($)', ceiling, 'A single request estimated above this is refused.'),
          ),
        ),
        overrides.element,
        element(
          'fieldset',
          {},
          element('legend', {}, 'Alerts'),
          labelled('E-mail addresses', emails, 'One per line; they get an e-mail when a budget crosses a level below or errors spike.'),
          element(
            'div',
            { class: 'checks', role: 'group', 'aria-label': 'Send an alert when' },
            ...budgetAlertLevels.map((level, index) => element('label', {}, levelBoxes[index] as HTMLElement, levelLabels[level] ?? level)),
          ),
          element('label', { class: 'inline' }, spike, 'Errors spike'),
          element(
            'div',
            { class: 'grid', role: 'group', 'aria-label': 'Errors spike thresholds' },
            labelled('Minimum requests', spikeMinimum, 'Fewer AI calls than this in a window never count as a spike.'),
            labelled('Error rate (%)', spikeRate, 'A window with more failed calls than this share is a spike.'),
            labelled('Window (minutes)', spikeWindow, 'How far back the calls are counted; at most 1440 (a day).'),
          ),
          element(
            'div',
            { class: 'grid', role: 'group', 'aria-label': 'Provider health alerts' },
            element(
              'div',
              {},
              element('label', { class: 'inline' }, slow, 'A model is slow'),
              labelled('95th percentile above (seconds)', slowSeconds, 'Over at least 20 calls to the model in 15 minutes.'),
            ),
            element(
              'div',
              {},
              element('label', { class: 'inline' }, down, 'A provider is down'),
              labelled('Failed calls in a row', downFailures, 'Timeouts, server errors or no answer, with no success between them.'),
            ),
          ),
        ),
        element('div', { class: 'actions' }, save, version),
        status,
      );
      formElement.addEventListener('submit', (event) => event.preventDefault());
      const read = (): BudgetForm => ({
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
        errorSpikeMinimumRequests: spikeMinimum.value,
        errorSpikeRatePercent: spikeRate.value,
        errorSpikeWindowMinutes: spikeWindow.value,
        slowModelAlerts: slow.checked,
        slowModelP95Seconds: slowSeconds.value,
        providerDownAlerts: down.checked,
        providerDownFailures: downFailures.value,
        userOverrides: overrides.rows(),
      });
      save.addEventListener('click', () => {
        void busy(
          save,
          status,
          async () => {
            // On the latest settings: what the policy screen saved meanwhile stays.
            const outcome = await form.save(applyBudgetForm(form.base.settings, read()));
            if (outcome.status === 'conflict') {
              status.replaceChildren(conflictNotice(outcome.detail, settings, form.show));
              return;
            }
            await showConsumption();
            showStatus(byIdIn(formHolder, 'budgets-status') ?? status, `Saved (version ${outcome.view.version}).`, 'success');
          },
          formElement,
        );
      });
      formHolder.replaceChildren(formElement);
      return { read, version };
    };

    const renderChannels = (alerts: AlertsView) => {
      const chat = alerts.channels.googleChat;
      const status = statusRegion('alert-channel-status');
      const webhook = input({
        type: 'password',
        id: 'chat-webhook',
        'data-field': 'webhook',
        placeholder: 'https://chat.googleapis.com/v1/spaces/…/messages?key=…&token=…',
      });
      const saveWebhook = button(chat.configured ? 'Replace webhook' : 'Save webhook', { class: 'action', id: 'save-webhook' });
      const removeWebhook = button('Remove', { class: 'danger', id: 'remove-webhook' });
      removeWebhook.hidden = !chat.configured;
      const testAlert = button('Send test alert', { id: 'send-test-alert' });
      const summary = chat.configured
        ? element(
            'p',
            { id: 'chat-state' },
            element('span', { class: 'ok' }, 'Configured'),
            ` · ${chat.url ?? ''} · fingerprint ${chat.fingerprint ?? ''}${chat.configuredAt ? ` · set ${localTime(chat.configuredAt)} by ${chat.configuredBy ?? ''}` : ''}`,
          )
        : element('p', { id: 'chat-state', class: 'secondary' }, 'Not configured.');
      const emailNote = alerts.channels.email.unavailable
        ? element('p', { class: 'notice' }, `E-mail: ${alerts.channels.email.unavailable}`)
        : null;
      const recent = alerts.alerts.slice(0, 5);
      const box = element(
        'div',
        {},
        summary,
        labelled(
          chat.configured ? 'New webhook URL' : 'Webhook URL',
          webhook,
          'Write-only: the URL is encrypted and never shown again. Create it in the Chat space under Apps & integrations → Webhooks.',
        ),
        element('div', { class: 'actions' }, saveWebhook, removeWebhook, testAlert),
        status,
        emailNote,
        recent.length > 0
          ? element(
              'div',
              {},
              element('h3', {}, 'Recent alerts'),
              element(
                'ul',
                {},
                ...recent.map((alert) => element('li', {}, `${localTime(alert.raisedAt)} · ${alert.text} · ${alert.status}`)),
              ),
            )
          : null,
      );
      saveWebhook.addEventListener('click', () => {
        void busy(
          saveWebhook,
          status,
          async () => {
            if (webhook.value.trim() === '') throw new Error('Paste the Google Chat webhook URL first.');
            try {
              await callAdmin('setGoogleChatWebhook', { url: webhook.value.trim() });
            } finally {
              webhook.value = '';
            }
            renderChannels(await callAdmin('getAlerts'));
            showStatus(
              byIdIn(channelHolder, 'alert-channel-status') ?? status,
              'The webhook was saved. Send a test alert to check it.',
              'success',
            );
          },
          box,
        );
      });
      removeWebhook.addEventListener('click', () => {
        void busy(removeWebhook, status, async () => {
          await callAdmin('removeGoogleChatWebhook');
          renderChannels(await callAdmin('getAlerts'));
        });
      });
      testAlert.addEventListener('click', () => {
        void busy(testAlert, status, async () => {
          const result = await callAdmin('sendTestAlert');
          const details = result.channels.map(
            (channel) =>
              `${channel.channel === 'google-chat' ? 'Google Chat' : 'E-mail'}: ${channel.status}${channel.detail ? ` (${channel.detail})` : ''}`,
          );
          showStatus(status, [result.message, ...details].join(' '), result.ok ? 'success' : 'error');
        });
      });
      channelHolder.replaceChildren(box);
    };

    /** The admin's own choice, saved as soon as a box changes: a preference of theirs, not an organisation setting. */
    const renderReports = (choice: CostReportSubscriptionView) => {
      const status = statusRegion('cost-reports-status');
      const box = (kind: 'daily' | 'weekly') =>
        element('input', { type: 'checkbox', id: `cost-report-${kind}`, checked: choice[kind] }) as HTMLInputElement;
      const daily = box('daily');
      const weekly = box('weekly');
      const save = () =>
        void busy(null, status, async () => {
          const saved = await callAdmin('setCostReportSubscription', { daily: daily.checked, weekly: weekly.checked });
          showStatus(
            status,
            saved.daily || saved.weekly
              ? `Saved: the ${[saved.daily ? 'daily' : '', saved.weekly ? 'weekly' : ''].filter(Boolean).join(' and ')} report goes to ${saved.email}.`
              : 'Saved: you receive no cost report.',
            'success',
          );
        });
      daily.addEventListener('change', save);
      weekly.addEventListener('change', save);
      const unavailable = choice.unavailable
        ? element('p', { class: 'notice' }, `E-mail: ${choice.unavailable}; nothing is sent until the server has one.`)
        : '';
      reportsHolder.replaceChildren(
        element(
          'p',
          { class: 'secondary' },
          `Spend by model, provider and template, the change against the period before, budgets used and the top failures, sent to you (${choice.email}) in UTC days.`,
        ),
        element('label', {}, daily, ' Daily report (yesterday)'),
        element('label', {}, weekly, ' Weekly report (last Monday to Sunday)'),
        unavailable,
        status,
      );
    };
    const loadReports = async () => {
      try {
        renderReports(await callAdmin('getCostReportSubscription'));
      } catch (error) {
        reportsHolder.replaceChildren(element('p', { class: 'failed' }, error instanceof Error ? error.message : String(error)));
      }
    };

    const [view] = await Promise.all([settings.load(), showConsumption(), loadMembers(), loadReports()]);
    // Reloads and saves (from this screen or the policy screen) show the latest version; unsaved edits stay.
    const form = bindSettingsForm(settings, renderForm, versionText);
    form.show(view);
    try {
      renderChannels(await callAdmin('getAlerts'));
    } catch (error) {
      channelHolder.replaceChildren(element('p', { class: 'failed' }, error instanceof Error ? error.message : String(error)));
    }
  },
};

/**
 * The per-user overrides table: each member's own daily and monthly limits (replacing the per-user ones), a
 * Remove button per row, and "Add an override" choosing a member. Edits are kept until the form is saved.
 */
function overridesEditor(
  initial: readonly UserOverrideForm[],
  members: readonly MemberView[],
  membersProblem: string | null,
): { element: HTMLElement; rows: () => UserOverrideForm[] } {
  interface Row {
    userId: string;
    who: string;
    daily: HTMLInputElement;
    monthly: HTMLInputElement;
    row: HTMLTableRowElement;
  }
  const rows: Row[] = [];
  const body = element('tbody', {});
  const empty = element(
    'p',
    { class: 'secondary', id: 'overrides-empty' },
    'No member has their own limits: everyone has the per-user ones above.',
  );
  const table = element(
    'table',
    { id: 'user-overrides', 'aria-label': 'Per-user overrides' },
    element(
      'thead',
      {},
      element(
        'tr',
        {},
        element('th', {}, 'Member'),
        element('th', {}, 'Per day ($)'),
        element('th', {}, 'Per month ($)'),
        element('th', {}, element('span', { class: 'visually-hidden' }, 'Actions')),
      ),
    ),
    body,
  );
  const choice = element('select', { id: 'override-member', 'data-field': 'override-member' });
  const add = button('Add override', { class: 'small', id: 'add-override' });
  const addStatus = statusRegion('override-add-status');

  const limitBox = (userId: string, who: string, period: 'daily' | 'monthly', value: string) =>
    input(
      {
        type: 'number',
        min: '0',
        step: 'any',
        'data-field': overrideField(userId, period),
        'aria-label': overrideLabel(who, period),
        placeholder: 'No limit',
      },
      value,
    );

  const refresh = () => {
    table.hidden = rows.length === 0;
    empty.hidden = rows.length > 0;
    const available = membersWithoutOverride(members, rows);
    const placeholder =
      members.length === 0 ? 'No members listed' : available.length === 0 ? 'Every member has an override' : 'Choose a member…';
    choice.replaceChildren(
      element('option', { value: '' }, placeholder),
      ...available.map((member) => element('option', { value: member.userId }, member.email)),
    );
    choice.value = '';
    choice.disabled = available.length === 0;
    add.disabled = available.length === 0;
  };

  const addRow = (override: UserOverrideForm): Row => {
    const daily = limitBox(override.userId, override.who, 'daily', override.daily);
    const monthly = limitBox(override.userId, override.who, 'monthly', override.monthly);
    const remove = button('Remove', { class: 'small danger', 'aria-label': `Remove the override for ${override.who}` });
    const row = element(
      'tr',
      { 'data-override': override.userId },
      element('td', { class: 'who' }, override.who),
      element('td', {}, daily),
      element('td', {}, monthly),
      element('td', {}, remove),
    );
    const entry: Row = { userId: override.userId, who: override.who, daily, monthly, row };
    remove.addEventListener('click', () => {
      rows.splice(rows.indexOf(entry), 1);
      row.remove();
      refresh();
      showStatus(addStatus, `The override for ${override.who} goes when you save.`);
      choice.focus();
    });
    rows.push(entry);
    body.append(row);
    return entry;
  };

  for (const override of initial) addRow(override);
  add.addEventListener('click', () => {
    choice.removeAttribute('aria-invalid');
    const member = members.find((candidate) => candidate.userId === choice.value);
    if (!member) {
      choice.setAttribute('aria-invalid', 'true');
      showStatus(addStatus, 'Add an override for: choose a member first.', 'error');
      choice.focus();
      return;
    }
    const entry = addRow({ userId: member.userId, who: member.email, daily: '', monthly: '' });
    refresh();
    showStatus(addStatus, `Set ${member.email}'s limits, then save; empty boxes mean no limit for them.`);
    entry.daily.focus();
  });
  refresh();

  const fieldset = element(
    'fieldset',
    { id: 'user-overrides-editor' },
    element('legend', {}, 'Per-user overrides'),
    element('p', { class: 'hint' }, "A member's own limits replace the per-user ones; an empty box is no limit for that member."),
    table,
    empty,
    membersProblem ? element('p', { class: 'notice' }, membersProblem) : null,
    element('div', { class: 'actions add-override' }, labelled('Add an override for', choice), add),
    addStatus,
  );
  return {
    element: fieldset,
    rows: () => rows.map((entry) => ({ userId: entry.userId, who: entry.who, daily: entry.daily.value, monthly: entry.monthly.value })),
  };
}

function byIdIn(container: HTMLElement, id: string): HTMLElement | null {
  return container.querySelector<HTMLElement>(`#${id}`);
}

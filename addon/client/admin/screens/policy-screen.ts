import { complexities, type CatalogModelView, type ProviderId, type SettingsView } from '../../../shared/admin-contract';
import { callAdmin } from '../../common/call-server';
import { element } from '../../common/dom';
import { loadProviders } from '../providers';
import { applyPolicyForm, policyFormFromSettings, type PolicyForm } from '../logic/policy-form';
import type { ScreenDefinition } from '../screen';
import { busy, button, input, labelled, localTime, select, showStatus, statusRegion, textarea } from '../ui';
import { conflictNotice } from './conflict-notice';
import { bindSettingsForm } from './settings-form';

/** Models & policy: allowed providers and models, defaults, fallbacks, cache, instruction, ceilings, prices. */

function checkboxList(
  name: string,
  items: Array<{ value: string; label: string; hint?: string }>,
  checked: readonly string[] | null,
): HTMLElement {
  return element(
    'div',
    {
      class: name === 'model' ? 'models' : 'checks',
      'data-field': name === 'model' ? 'allowedModels' : 'allowedProviders',
      tabindex: '-1',
    },
    ...items.map((item) => {
      const box = element('input', {
        type: 'checkbox',
        name,
        value: item.value,
        checked: checked === null || checked.includes(item.value),
      });
      return element('label', {}, box, item.label, item.hint ? element('span', { class: 'muted' }, item.hint) : null);
    }),
  );
}

function checkedValues(container: HTMLElement, name: string): string[] {
  return Array.from(container.querySelectorAll<HTMLInputElement>(`input[name="${name}"]`))
    .filter((box) => box.checked)
    .map((box) => box.value);
}

function modelLabel(model: CatalogModelView): string {
  return `${model.displayName} (${model.key})`;
}

function priceHint(model: CatalogModelView): string {
  const prices = model.pricesPerMillionTokens;
  const price = prices ? ` · $${prices.input} / $${prices.output} per M tokens` : ' · unpriced: cannot be used';
  return `${price}${model.connected ? '' : ' · not connected'}`;
}

export const policyScreen: ScreenDefinition = {
  id: 'policy',
  title: 'Models & policy',
  adminOnly: true,
  async mount({ panel, settings }) {
    const status = statusRegion('policy-status');
    const body = element('div', {}, element('p', { class: 'secondary' }, 'Loading the settings…'));
    panel.append(element('h2', {}, 'Models & policy'), body);

    const [view, catalog, providerList] = await Promise.all([settings.load(), callAdmin('listCatalogModels'), loadProviders()]);

    const versionText = (current: SettingsView) =>
      current.version === 0
        ? 'Defaults (never saved)'
        : `Version ${current.version}, saved ${localTime(current.updatedAt)} by ${current.updatedBy ?? 'someone'}`;
    const render = (current: SettingsView) => {
      const shown: PolicyForm = policyFormFromSettings(current.settings);
      const modelOptions = [
        { value: '', label: 'Server default' },
        ...catalog.models.map((model) => ({ value: model.key, label: modelLabel(model) })),
      ];

      const everyProvider = element('input', { type: 'checkbox', id: 'every-provider', checked: shown.allowedProviders === null });
      const providers = checkboxList(
        'provider',
        providerList.map((provider) => ({ value: provider.id, label: provider.displayName })),
        shown.allowedProviders,
      );
      providers.hidden = shown.allowedProviders === null;
      everyProvider.addEventListener('change', () => (providers.hidden = everyProvider.checked));

      const everyModel = element('input', { type: 'checkbox', id: 'every-model', checked: shown.allowedModels === null });
      const models = checkboxList(
        'model',
        catalog.models.map((model) => ({ value: model.key, label: modelLabel(model), hint: priceHint(model) })),
        shown.allowedModels,
      );
      models.hidden = shown.allowedModels === null;
      everyModel.addEventListener('change', () => (models.hidden = everyModel.checked));

      const defaults = complexities.map((complexity) =>
        select({ id: `default-${complexity}`, 'data-field': `default-${complexity}` }, modelOptions, shown.defaultModels[complexity]),
      );
      const fallback = textarea({ id: 'fallback-models', 'data-field': 'fallbackModels', class: 'code', rows: '3' }, shown.fallbackModels);
      const cache = input({ type: 'number', id: 'cache-ttl', 'data-field': 'cacheTtlHours', min: '0', step: 'any' }, shown.cacheTtlHours);
      const lastGood = element('input', {
        type: 'checkbox',
        id: 'serve-last-good-answer',
        'data-field': 'serveLastGoodAnswer',
        'aria-describedby': 'serve-last-good-answer-hint',
        checked: shown.serveLastGoodAnswer,
      });
      const instruction = textarea(
        { id: 'system-instruction', 'data-field': 'systemInstruction', maxlength: '4000', rows: '3' },
        shown.systemInstruction,
      );
      const contextBudget = input(
        { type: 'number', id: 'context-budget', 'data-field': 'contextTokenBudget', min: '256' },
        shown.contextTokenBudget,
      );
      const tokenInputs = complexities.map((complexity) => ({
        complexity,
        plain: input(
          {
            type: 'number',
            id: `tokens-${complexity}-plain`,
            'data-field': `tokens-${complexity}-plain`,
            min: '16',
            'aria-label': `Token ceiling, ${complexity} requests, plain text`,
          },
          shown.tokenLimits[complexity].plain,
        ),
        markdown: input(
          {
            type: 'number',
            id: `tokens-${complexity}-markdown`,
            'data-field': `tokens-${complexity}-markdown`,
            min: '16',
            'aria-label': `Token ceiling, ${complexity} requests, formatted text`,
          },
          shown.tokenLimits[complexity].markdown,
        ),
      }));
      const prices = textarea(
        {
          id: 'price-overrides',
          'data-field': 'priceOverrides',
          class: 'code',
          rows: '3',
          placeholder: 'openai:gpt-4o-mini = 0.15, 0.075, 0.6',
        },
        shown.priceOverrides,
      );
      const custom = textarea(
        {
          id: 'custom-models',
          'data-field': 'customModels',
          class: 'code',
          rows: '3',
          placeholder: 'openai-compatible:llama3.1 | Llama 3.1 | simple | 128000 | 4096 | 0, 0, 0',
        },
        shown.customModels,
      );

      const save = button('Save', { class: 'action', id: 'save-policy' });
      const version = element('span', { class: 'secondary' }, versionText(current));
      const formElement = element(
        'form',
        { id: 'policy-form', 'aria-label': 'Models and policy' },
        element(
          'fieldset',
          {},
          element('legend', {}, 'Allowed providers and models'),
          element('label', { class: 'inline' }, everyProvider, 'Every connected provider'),
          providers,
          element('label', { class: 'inline' }, everyModel, 'Every priced model of an allowed provider'),
          models,
        ),
        element(
          'fieldset',
          {},
          element('legend', {}, 'Defaults'),
          element(
            'div',
            { class: 'grid' },
            ...complexities.map((complexity, index) => labelled(`Model for ${complexity} requests`, defaults[index] as HTMLElement)),
          ),
          labelled(
            'Fallback order',
            fallback,
            'One provider:model per line, tried in order when the chosen model keeps failing (at most 5).',
          ),
          element(
            'div',
            { class: 'grid' },
            labelled('Cache lifetime (hours)', cache, '0 turns the answer cache off.'),
            labelled('Context token budget', contextBudget, 'Tokens of document text a prompt may carry once summarised.'),
          ),
          element('label', { class: 'inline' }, lastGood, 'When every provider is down, use the last good answer'),
          element(
            'p',
            { class: 'secondary', id: 'serve-last-good-answer-hint' },
            'A tag then gets the last answer a model wrote to the same prompt, marked with its age and not charged. ' +
              'Never for a rejected request, a refusal, a key problem or the budget. Off: such tags fail or use their fallback text.',
          ),
          labelled('Organisation instruction', instruction, 'Added to every request as a system instruction (at most 4000 characters).'),
        ),
        element(
          'fieldset',
          {},
          element('legend', {}, 'Token ceilings (max output tokens)'),
          element(
            'table',
            {},
            element(
              'thead',
              {},
              element(
                'tr',
                {},
                element('th', {}, 'Complexity'),
                element('th', {}, 'Plain text'),
                element('th', {}, 'Formatted (markdown)'),
              ),
            ),
            element(
              'tbody',
              {},
              ...tokenInputs.map((row) =>
                element(
                  'tr',
                  {},
                  element('th', { scope: 'row' }, row.complexity),
                  element('td', {}, row.plain),
                  element('td', {}, row.markdown),
                ),
              ),
            ),
          ),
        ),
        element(
          'fieldset',
          {},
          element('legend', {}, 'Prices and custom models'),
          labelled('Price overrides', prices, 'provider:model = input, cached input, output, in dollars per million tokens; one per line.'),
          labelled(
            'Custom models',
            custom,
            'provider:model | display name | simple, medium or rare | context window | max output tokens | input, cached input, output (or "unpriced"); one per line.',
          ),
        ),
        element('div', { class: 'actions' }, save, version),
        status,
      );
      formElement.addEventListener('submit', (event) => event.preventDefault());
      const read = (): PolicyForm => ({
        allowedProviders: everyProvider.checked ? null : (checkedValues(providers, 'provider') as ProviderId[]),
        allowedModels: everyModel.checked ? null : checkedValues(models, 'model'),
        defaultModels: Object.fromEntries(
          complexities.map((complexity, index) => [complexity, (defaults[index] as HTMLSelectElement).value]),
        ) as PolicyForm['defaultModels'],
        fallbackModels: fallback.value,
        cacheTtlHours: cache.value,
        serveLastGoodAnswer: lastGood.checked,
        systemInstruction: instruction.value,
        contextTokenBudget: contextBudget.value,
        tokenLimits: Object.fromEntries(
          tokenInputs.map((row) => [row.complexity, { plain: row.plain.value, markdown: row.markdown.value }]),
        ) as PolicyForm['tokenLimits'],
        priceOverrides: prices.value,
        customModels: custom.value,
      });
      save.addEventListener('click', () => {
        void busy(
          save,
          status,
          async () => {
            // On the latest settings: what the budgets screen saved meanwhile stays.
            const outcome = await form.save(applyPolicyForm(form.base.settings, read()));
            if (outcome.status === 'conflict') {
              status.replaceChildren(conflictNotice(outcome.detail, settings, form.show));
              return;
            }
            showStatus(status, `Saved (version ${outcome.view.version}).`, 'success');
          },
          formElement,
        );
      });
      body.replaceChildren(formElement);
      return { read, version };
    };

    // Reloads and saves (from this screen or the budgets screen) show the latest version; unsaved edits stay.
    const form = bindSettingsForm(settings, render, versionText);
    form.show(view);
    showStatus(status, '');
  },
};

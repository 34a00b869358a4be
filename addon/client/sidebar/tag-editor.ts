import type { ConnectionChoice, ModelChoice, OutputFormat, OutputTokenPolicy, TagConfiguration } from '../../shared/sidebar-contract';
import { fieldsReferencedBy } from '../../shared/tag-names';
import { tagTabs } from './tag-tabs';
import { cacheLifetimeFromValue, cacheLifetimeOptions, cacheLifetimeValue } from './cache-lifetime';
import { byId, element } from '../common/dom';
import {
  chipFor,
  documentTagNames,
  fieldSuggestions,
  isUnsaved,
  places,
  type PageState,
  updateConfiguration,
  updateTemplateCacheTtl,
  workingConfiguration,
  workingTemplateCacheTtl,
} from './state';
import {
  connectionChoicesFor,
  insertFieldReference,
  isConfigured,
  modelFromValue,
  modelOptions,
  parseBoundedNumber,
  selectedModelValue,
  tagProvider,
} from './tag-config';
import {
  ceilingNote,
  complexityFromValue,
  complexityHint,
  complexityOptions,
  justificationOptions,
  showsJustification,
  type ChoiceOption,
} from './token-ceiling';

export interface TagEditorHandlers {
  /** A configuration changed (already applied to the state). */
  onEdit(tag: string): void;
  /** The template's own settings changed (already applied to the state). */
  onTemplateEdit(): void;
  onFillTag(tag: string): void;
}

export interface TagEditorContext {
  state: PageState;
  models: ModelChoice[];
  /** The organisation's connections (ids and names), for a tag whose provider has several. */
  connections: ConnectionChoice[];
  defaultModel?: string;
  /** The organisation's output token ceilings and accepted reasons; absent when the backend is unreachable. */
  tokenPolicy?: OutputTokenPolicy;
  handlers: TagEditorHandlers;
}

let context: TagEditorContext | undefined;

export function renderTagList(current: TagEditorContext): void {
  context = current;
  const list = byId('ai-tag-list');
  list.replaceChildren();
  const { state } = current;
  if (state.scan.aiTags.length === 0) {
    list.append(
      element(
        'p',
        { class: 'secondary' },
        'No AI tags yet. Type ',
        element('code', {}, '<<ai:intro>>'),
        ' in the document where generated text should go, then press Rescan.',
      ),
    );
    return;
  }
  list.append(templateSettings(current));
  const tabs = tagTabs(state.scan);
  for (const tag of state.scan.aiTags)
    list.append(
      tagCard(
        current,
        tag.name,
        tag.count,
        tag.locations.map((location) => location.where),
        tabs.get(tag.name) ?? [],
      ),
    );
  updateTagStatuses();
}

function tagCard(current: TagEditorContext, tag: string, count: number, where: string[], tabs: string[]): HTMLElement {
  const { state } = current;
  const config = workingConfiguration(state, tag);
  const expanded = !isConfigured(state.template.tags[tag]) || isUnsaved(state, tag);
  const editorId = `editor-${tag}`;
  const toggle = element(
    'button',
    {
      type: 'button',
      id: `toggle-${tag}`,
      class: 'tag-toggle',
      'aria-expanded': String(expanded),
      'aria-controls': editorId,
      title: where.join('; '),
    },
    element('span', { class: 'chevron', 'aria-hidden': 'true' }, '▸'),
    element('span', { class: 'tag-name' }, `ai:${tag}`),
    element('span', { class: 'count' }, places(count)),
    ...(tabs.length > 0 ? [element('span', { class: 'count tag-tabs', id: `tabs-${tag}` }, `in ${tabs.join(', ')}`)] : []),
  );
  const chip = element('span', { id: `status-${tag}`, class: 'chip' });
  const chipMessage = element('p', { id: `status-message-${tag}`, class: 'chip-message', hidden: true });

  const editor = element('div', { id: editorId, class: 'tag-editor', role: 'group', 'aria-label': `Configuration of ai:${tag}` });
  editor.hidden = !expanded;
  toggle.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(open));
    editor.hidden = !open;
  });

  const edit = (change: Partial<TagConfiguration>): void => {
    updateConfiguration(state, tag, change);
    current.handlers.onEdit(tag);
    renderLimits(tag);
  };

  // Prompt, with field suggestions that insert {{name}} at the cursor.
  const prompt = element('textarea', {
    id: `prompt-${tag}`,
    rows: '4',
    placeholder: 'Write a two-paragraph introduction for {{client_name}}…',
    'aria-describedby': `prompt-hint-${tag} fields-used-${tag}`,
  });
  prompt.value = config.prompt;
  prompt.addEventListener('input', () => {
    edit({ prompt: prompt.value });
    renderFieldsUsed(tag);
    renderAllSuggestions();
  });
  const suggestions = element('div', {
    id: `suggestions-${tag}`,
    class: 'suggestions',
    role: 'group',
    'aria-label': `Insert a field into the prompt of ai:${tag}`,
  });

  const model = element('select', { id: `model-${tag}` });
  for (const option of modelOptions(current.models, config)) {
    const label = option.value === '' && current.defaultModel ? `Organisation default (${current.defaultModel})` : option.label;
    model.append(element('option', { value: option.value }, label));
  }
  model.value = selectedModelValue(config);

  // Shown only when the tag's provider has several connections (two OpenAI-compatible servers).
  const connection = element('select', { id: `connection-${tag}`, 'aria-describedby': `connection-hint-${tag}` });
  const connectionField = element(
    'div',
    { id: `connection-field-${tag}` },
    element('label', { for: connection.id }, 'Connection'),
    connection,
    element(
      'p',
      { class: 'hint', id: `connection-hint-${tag}` },
      'Which of your organisation’s connections to this provider the tag uses.',
    ),
  );
  const renderConnections = () => {
    const working = workingConfiguration(state, tag);
    const choices = connectionChoicesFor(current.connections, working, current.defaultModel);
    connection.replaceChildren(
      element('option', { value: '' }, 'The provider’s first connection'),
      ...choices.map((choice) => element('option', { value: choice.id }, choice.name)),
    );
    connection.value = working.connectionId ?? '';
    connectionField.hidden = choices.length === 0;
  };
  renderConnections();
  connection.addEventListener('change', () => edit({ connectionId: connection.value || undefined }));

  model.addEventListener('change', () => {
    const before = tagProvider(workingConfiguration(state, tag), current.defaultModel);
    const chosen = modelFromValue(model.value);
    // A connection belongs to one provider: another provider's model cannot keep it.
    const keepsConnection = tagProvider({ ...workingConfiguration(state, tag), ...chosen }, current.defaultModel) === before;
    edit({ provider: chosen.provider, model: chosen.model, ...(keepsConnection ? {} : { connectionId: undefined }) });
    renderConnections();
  });

  const complexity = element('select', { id: `complexity-${tag}`, 'aria-describedby': `complexity-hint-${tag}` });
  complexity.append(...complexityOptions().map(optionElement));
  complexity.value = config.complexity ?? '';
  complexity.addEventListener('change', () => edit({ complexity: complexityFromValue(complexity.value) }));

  const justification = element('select', { id: `justification-${tag}`, 'aria-describedby': `ceiling-note-${tag}` });
  justification.addEventListener('change', () => edit({ tokenLimitJustification: justification.value || undefined }));

  const temperature = element('input', {
    id: `temperature-${tag}`,
    type: 'number',
    min: '0',
    max: '2',
    step: '0.1',
    inputmode: 'decimal',
    placeholder: 'Default',
  });
  temperature.value = config.temperature === undefined ? '' : String(config.temperature);
  temperature.addEventListener('input', () => {
    const parsed = parseBoundedNumber(temperature.value, 0, 2);
    markValidity(temperature, parsed.valid);
    if (parsed.valid) edit({ temperature: parsed.value });
  });

  const maxTokens = element('input', {
    id: `max-tokens-${tag}`,
    type: 'number',
    min: '1',
    max: '200000',
    step: '1',
    inputmode: 'numeric',
    placeholder: 'Default',
  });
  maxTokens.value = config.maxOutputTokens === undefined ? '' : String(config.maxOutputTokens);
  maxTokens.addEventListener('input', () => {
    const parsed = parseBoundedNumber(maxTokens.value, 1, 200_000, true);
    markValidity(maxTokens, parsed.valid);
    if (parsed.valid) edit({ maxOutputTokens: parsed.value });
  });

  const format = element(
    'select',
    { id: `format-${tag}` },
    element('option', { value: 'plain' }, 'Plain text'),
    element('option', { value: 'markdown' }, 'Markdown (headings, bold, lists…)'),
  );
  format.value = config.outputFormat;
  format.addEventListener('change', () => edit({ outputFormat: format.value as OutputFormat }));

  const fallback = element('textarea', {
    id: `fallback-${tag}`,
    rows: '2',
    placeholder: 'Written if generation fails',
    'aria-describedby': `fallback-hint-${tag}`,
  });
  fallback.value = config.fallbackText ?? '';
  fallback.addEventListener('input', () => edit({ fallbackText: fallback.value }));

  const cacheLifetime = element('select', { id: `cache-ttl-${tag}`, 'aria-describedby': `cache-ttl-hint-${tag}` });
  cacheLifetime.append(...cacheLifetimeOptions(config.cacheTtlSeconds, "Template's default").map(optionElement));
  cacheLifetime.value = cacheLifetimeValue(config.cacheTtlSeconds);
  cacheLifetime.addEventListener('change', () => edit({ cacheTtlSeconds: cacheLifetimeFromValue(cacheLifetime.value) }));

  const context = element('input', { id: `context-${tag}`, type: 'checkbox' });
  context.checked = config.useDocumentText;
  context.addEventListener('change', () => edit({ useDocumentText: context.checked }));

  const fillTag = element('button', { type: 'button', id: `fill-tag-${tag}`, class: 'secondary-button fill-tag' }, 'Fill this tag only');
  fillTag.addEventListener('click', () => current.handlers.onFillTag(tag));

  editor.append(
    element('label', { for: prompt.id }, 'Prompt'),
    prompt,
    element('p', { class: 'hint', id: `prompt-hint-${tag}` }, 'Use {{field}} for a field value. Insert:'),
    suggestions,
    element('p', { class: 'hint', id: `fields-used-${tag}` }),
    element('label', { for: model.id }, 'Model'),
    model,
    connectionField,
    element('label', { for: complexity.id }, 'Complexity'),
    complexity,
    element('p', { class: 'hint', id: `complexity-hint-${tag}` }),
    element(
      'div',
      { class: 'row' },
      element('div', {}, element('label', { for: temperature.id }, 'Temperature (0–2)'), temperature),
      element('div', {}, element('label', { for: maxTokens.id }, 'Max output tokens'), maxTokens),
    ),
    element('label', { for: format.id }, 'Output format'),
    format,
    // Announced as it appears: it depends on max output tokens, complexity and format, edited above.
    element('p', { class: 'hint ceiling-note', id: `ceiling-note-${tag}`, 'aria-live': 'polite' }),
    element(
      'div',
      { id: `justification-group-${tag}` },
      element('label', { for: justification.id }, 'Reason for a higher limit'),
      justification,
    ),
    element('label', { for: fallback.id }, 'Fallback text'),
    fallback,
    element('p', { class: 'hint', id: `fallback-hint-${tag}` }, 'Written instead of an error marker when this tag cannot be generated.'),
    element('label', { for: cacheLifetime.id }, 'Reuse the same answer for'),
    cacheLifetime,
    element(
      'p',
      { class: 'hint', id: `cache-ttl-hint-${tag}` },
      'How long the same prompt is answered from the cache instead of asking the model again: "Never" for a prompt that ' +
        'depends on today’s date, a week for fixed boilerplate. "Regenerate" always asks anew.',
    ),
    element('div', { class: 'checkbox' }, context, element('label', { for: context.id }, "Use the document's text as context")),
    fillTag,
  );

  const card = element(
    'div',
    { class: 'card tag-card', 'data-tag': tag },
    element('div', { class: 'tag-head' }, toggle, chip),
    chipMessage,
    editor,
  );
  queueMicrotask(() => {
    renderFieldsUsed(tag);
    renderSuggestions(tag);
    renderLimits(tag);
  });
  return card;
}

/** What applies to every tag of the template unless the tag sets its own: the cache lifetime. */
function templateSettings(current: TagEditorContext): HTMLElement {
  const { state } = current;
  const shown = workingTemplateCacheTtl(state);
  const select = element('select', { id: 'template-cache-ttl', 'aria-describedby': 'template-cache-ttl-hint' });
  select.append(...cacheLifetimeOptions(shown, 'Organisation default').map(optionElement));
  select.value = cacheLifetimeValue(shown);
  select.addEventListener('change', () => {
    updateTemplateCacheTtl(state, cacheLifetimeFromValue(select.value));
    current.handlers.onTemplateEdit();
  });
  return element(
    'div',
    { class: 'card template-settings' },
    element('label', { for: select.id }, "Reuse answers for (this template's tags)"),
    select,
    element(
      'p',
      { class: 'hint', id: 'template-cache-ttl-hint' },
      'Each tag may set its own. Applies to fills once saved; an admin who turns the cache off turns it off for every template.',
    ),
  );
}

function optionElement(option: ChoiceOption): HTMLOptionElement {
  return element('option', { value: option.value }, option.label);
}

/** The complexity hint, the ceiling note and the reason select, which follow complexity, format, model and max tokens. */
function renderLimits(tag: string): void {
  if (!context) return;
  const hint = document.getElementById(`complexity-hint-${tag}`);
  const note = document.getElementById(`ceiling-note-${tag}`);
  const group = document.getElementById(`justification-group-${tag}`);
  const select = document.getElementById(`justification-${tag}`) as HTMLSelectElement | null;
  if (!hint || !note || !group || !select) return;
  const { tokenPolicy } = context;
  const config = workingConfiguration(context.state, tag);
  hint.textContent = complexityHint(tokenPolicy, config);
  const warning = ceilingNote(tokenPolicy, config);
  note.textContent = warning ?? '';
  note.hidden = !warning;
  group.hidden = !showsJustification(tokenPolicy, config);
  const options = justificationOptions(tokenPolicy, config);
  // Rebuilt only when the list changes, so a keyboard user's open select is not reset under them.
  if (select.options.length !== options.length || options.some((option, index) => select.options[index]?.value !== option.value)) {
    select.replaceChildren(...options.map(optionElement));
  }
  select.value = config.tokenLimitJustification ?? '';
}

function markValidity(input: HTMLInputElement, valid: boolean): void {
  if (valid) input.removeAttribute('aria-invalid');
  else input.setAttribute('aria-invalid', 'true');
}

function renderFieldsUsed(tag: string): void {
  if (!context) return;
  const target = document.getElementById(`fields-used-${tag}`);
  if (!target) return;
  const used = fieldsReferencedBy(workingConfiguration(context.state, tag).prompt);
  target.textContent = used.length === 0 ? 'Fields used: none' : `Fields used: ${used.join(', ')}`;
}

function renderSuggestions(tag: string): void {
  if (!context) return;
  const target = document.getElementById(`suggestions-${tag}`);
  if (!target) return;
  const names = fieldSuggestions(context.state);
  target.replaceChildren(
    ...names.map((name) => {
      const chip = element('button', { type: 'button', class: 'field-chip', 'aria-label': `Insert field ${name}` }, `{{${name}}}`);
      // Keep the prompt's selection: the click must not move focus first.
      chip.addEventListener('mousedown', (event) => event.preventDefault());
      chip.addEventListener('click', () => insertField(tag, name));
      return chip;
    }),
  );
  if (names.length === 0) target.append(element('span', { class: 'secondary' }, 'No fields in the document yet.'));
}

function renderAllSuggestions(): void {
  if (!context) return;
  for (const tag of documentTagNames(context.state)) renderSuggestions(tag);
}

function insertField(tag: string, name: string): void {
  const prompt = document.getElementById(`prompt-${tag}`) as HTMLTextAreaElement | null;
  if (!prompt || !context) return;
  const inserted = insertFieldReference(
    prompt.value,
    prompt.selectionStart ?? prompt.value.length,
    prompt.selectionEnd ?? prompt.value.length,
    name,
  );
  prompt.value = inserted.text;
  prompt.focus();
  prompt.setSelectionRange(inserted.cursor, inserted.cursor);
  prompt.dispatchEvent(new Event('input', { bubbles: true }));
}

/** Chips and their messages, after an edit, a save or progress. */
export function updateTagStatuses(): void {
  if (!context) return;
  for (const tag of documentTagNames(context.state)) {
    const chip = document.getElementById(`status-${tag}`);
    const message = document.getElementById(`status-message-${tag}`);
    if (!chip || !message) continue;
    const status = chipFor(context.state, tag);
    chip.textContent = status.text;
    chip.className = `chip ${status.kind}`;
    message.textContent = status.message ?? '';
    message.className = `chip-message ${status.kind}`;
    message.hidden = !status.message;
  }
}

export function setTagButtonsDisabled(disabled: boolean): void {
  for (const button of Array.from(document.querySelectorAll<HTMLButtonElement>('button.fill-tag'))) button.disabled = disabled;
}

import {
  complexities,
  type AdminAiSettings,
  type Complexity,
  type CustomModel,
  type ModelPrices,
  type OutputLimits,
  type ProviderId,
} from '../../../shared/admin-contract';
import { FormProblem, isModelKey, lines, modelKeyProblem, numberText, requiredNumber } from './parse';

/** What the "Models & policy" form holds, as text and choices (the DOM reads and writes exactly this). */
export interface PolicyForm {
  /** null: every connected provider. */
  allowedProviders: ProviderId[] | null;
  /** null: every priced model of an allowed provider. */
  allowedModels: string[] | null;
  /** Model key per complexity; '' for the server's default. */
  defaultModels: Record<Complexity, string>;
  /** One model key per line, tried in order. */
  fallbackModels: string;
  /** Hours; 0 turns the cache off. */
  cacheTtlHours: string;
  /** When every provider is down, answer with the prompt's last good answer, marked as such. */
  serveLastGoodAnswer: boolean;
  systemInstruction: string;
  contextTokenBudget: string;
  tokenLimits: Record<Complexity, Record<keyof OutputLimits, string>>;
  /** "provider:model = input, cachedInput, output" per line, dollars per million tokens. */
  priceOverrides: string;
  /** "provider:model | display name | complexity | context window | max output tokens | input, cachedInput, output" per line. */
  customModels: string;
}

function pricesText(prices: ModelPrices): string {
  return `${prices.input}, ${prices.cachedInput}, ${prices.output}`;
}

export function policyFormFromSettings(settings: AdminAiSettings): PolicyForm {
  const defaults = Object.fromEntries(complexities.map((complexity) => [complexity, settings.defaultModels[complexity] ?? ''])) as Record<
    Complexity,
    string
  >;
  const tokenLimits = Object.fromEntries(
    complexities.map((complexity) => [
      complexity,
      { plain: numberText(settings.tokenLimits[complexity]?.plain), markdown: numberText(settings.tokenLimits[complexity]?.markdown) },
    ]),
  ) as PolicyForm['tokenLimits'];
  return {
    allowedProviders: settings.allowedProviders === null ? null : [...settings.allowedProviders],
    allowedModels: settings.allowedModels === null ? null : [...settings.allowedModels],
    defaultModels: defaults,
    fallbackModels: settings.fallbackModels.join('\n'),
    cacheTtlHours: String(Math.round((settings.cacheTtlSeconds / 3600) * 1000) / 1000),
    serveLastGoodAnswer: settings.serveLastGoodAnswer,
    systemInstruction: settings.systemInstruction ?? '',
    contextTokenBudget: String(settings.contextTokenBudget),
    tokenLimits,
    priceOverrides: Object.entries(settings.priceOverrides)
      .map(([key, prices]) => `${key} = ${pricesText(prices)}`)
      .join('\n'),
    customModels: settings.customModels
      .map((model) =>
        [
          `${model.provider}:${model.id}`,
          model.displayName,
          model.complexity,
          model.contextWindow,
          model.maxOutputTokens,
          model.prices ? pricesText(model.prices) : 'unpriced',
        ].join(' | '),
      )
      .join('\n'),
  };
}

function parsePrices(raw: string, field: string, label: string): ModelPrices {
  const parts = raw.split(',').map((part) => part.trim());
  if (parts.length !== 3)
    throw new FormProblem(
      field,
      `${label}: give three prices in dollars per million tokens: input, cached input, output (e.g. 0.15, 0.075, 0.6).`,
    );
  const [input, cachedInput, output] = parts.map((part, index) =>
    requiredNumber(part, field, `${label} (${['input', 'cached input', 'output'][index]} price)`, { min: 0, max: 10_000 }),
  ) as [number, number, number];
  return { input, cachedInput, output };
}

function splitKey(key: string): { provider: ProviderId; id: string } {
  const separator = key.indexOf(':');
  return { provider: key.slice(0, separator) as ProviderId, id: key.slice(separator + 1) };
}

function parseCustomModel(line: string, index: number): CustomModel {
  const label = `Custom models, line ${index + 1}`;
  const parts = line.split('|').map((part) => part.trim());
  if (parts.length !== 6) {
    throw new FormProblem(
      'customModels',
      `${label}: write provider:model | display name | complexity | context window | max output tokens | input, cached input, output prices.`,
    );
  }
  const [key, displayName, complexity, contextWindow, maxOutputTokens, prices] = parts as [string, string, string, string, string, string];
  if (!isModelKey(key)) throw modelKeyProblem(key, 'customModels', label);
  if (displayName === '') throw new FormProblem('customModels', `${label}: give the model a display name.`);
  if (!(complexities as readonly string[]).includes(complexity))
    throw new FormProblem('customModels', `${label}: the complexity is one of ${complexities.join(', ')}.`);
  return {
    ...splitKey(key),
    displayName,
    complexity: complexity as Complexity,
    contextWindow: requiredNumber(contextWindow, 'customModels', `${label} (context window)`, { integer: true, min: 1 }),
    maxOutputTokens: requiredNumber(maxOutputTokens, 'customModels', `${label} (max output tokens)`, { integer: true, min: 1 }),
    prices: prices.toLowerCase() === 'unpriced' ? null : parsePrices(prices, 'customModels', label),
    capabilities: [],
  };
}

/**
 * The form laid over the settings it was loaded from: fields the form does not show (budgets, alerts, token
 * limit justifications, user overrides…) are kept as they were. Throws {@link FormProblem} naming the box to fix.
 */
export function applyPolicyForm(settings: AdminAiSettings, form: PolicyForm): AdminAiSettings {
  const allowedProviders = form.allowedProviders === null ? null : [...new Set(form.allowedProviders)];
  if (allowedProviders !== null && allowedProviders.length === 0)
    throw new FormProblem('allowedProviders', 'Allowed providers: tick at least one provider, or allow every connected provider.');
  if (form.allowedModels !== null && form.allowedModels.length === 0)
    throw new FormProblem('allowedModels', 'Allowed models: tick at least one model, or allow every priced model.');

  const defaultModels: AdminAiSettings['defaultModels'] = {};
  for (const complexity of complexities) {
    const key = form.defaultModels[complexity].trim();
    if (key === '') continue;
    if (!isModelKey(key)) throw modelKeyProblem(key, `default-${complexity}`, `Default model for ${complexity} requests`);
    defaultModels[complexity] = key;
  }

  const fallbackModels = lines(form.fallbackModels);
  for (const key of fallbackModels) if (!isModelKey(key)) throw modelKeyProblem(key, 'fallbackModels', 'Fallback order');
  if (fallbackModels.length > 5) throw new FormProblem('fallbackModels', 'Fallback order: list at most 5 models.');

  const cacheHours = requiredNumber(form.cacheTtlHours, 'cacheTtlHours', 'Cache lifetime (hours)', { min: 0, max: 30 * 24 });
  const systemInstruction = form.systemInstruction.trim();
  if (systemInstruction.length > 4000)
    throw new FormProblem(
      'systemInstruction',
      `Organisation instruction: shorten it to 4000 characters (it has ${systemInstruction.length}).`,
    );

  const tokenLimits = Object.fromEntries(
    complexities.map((complexity) => [
      complexity,
      {
        plain: requiredNumber(
          form.tokenLimits[complexity].plain,
          `tokens-${complexity}-plain`,
          `Token ceiling for ${complexity} plain text`,
          { integer: true, min: 16, max: 200_000 },
        ),
        markdown: requiredNumber(
          form.tokenLimits[complexity].markdown,
          `tokens-${complexity}-markdown`,
          `Token ceiling for ${complexity} formatted text`,
          { integer: true, min: 16, max: 200_000 },
        ),
      },
    ]),
  ) as Record<Complexity, OutputLimits>;

  const priceOverrides: Record<string, ModelPrices> = {};
  lines(form.priceOverrides).forEach((line, index) => {
    const label = `Price overrides, line ${index + 1}`;
    const separator = line.indexOf('=');
    if (separator < 0) throw new FormProblem('priceOverrides', `${label}: write provider:model = input, cached input, output.`);
    const key = line.slice(0, separator).trim();
    if (!isModelKey(key)) throw modelKeyProblem(key, 'priceOverrides', label);
    priceOverrides[key] = parsePrices(line.slice(separator + 1), 'priceOverrides', label);
  });

  const next: AdminAiSettings = {
    ...settings,
    allowedProviders,
    allowedModels: form.allowedModels === null ? null : [...form.allowedModels],
    defaultModels,
    fallbackModels,
    cacheTtlSeconds: Math.round(cacheHours * 3600),
    serveLastGoodAnswer: form.serveLastGoodAnswer,
    contextTokenBudget: requiredNumber(form.contextTokenBudget, 'contextTokenBudget', 'Context token budget', {
      integer: true,
      min: 256,
      max: 1_000_000,
    }),
    tokenLimits,
    priceOverrides,
    customModels: lines(form.customModels).map(parseCustomModel),
  };
  if (systemInstruction === '') delete next.systemInstruction;
  else next.systemInstruction = systemInstruction;
  return next;
}

import type { AdminAiSettings } from '../../../addon/shared/admin-contract';
import { auditChanges, changeText } from '../../../addon/client/admin/logic/audit-format';
import {
  applyBudgetForm,
  budgetFormFromSettings,
  describeBudget,
  membersWithoutOverride,
  parseEmails,
} from '../../../addon/client/admin/logic/budget-form';
import { connectionInputFromForm, maskedKey, rateLimitsFromForm, rateLimitsText } from '../../../addon/client/admin/logic/connection-form';
import { providerViews } from '../../../backend/src/keys/provider-routes';
import { FormProblem } from '../../../addon/client/admin/logic/parse';
import { applyPolicyForm, policyFormFromSettings } from '../../../addon/client/admin/logic/policy-form';

/** What GET /v1/settings answers for an organisation that never saved (backend defaults), plus a section the page does not edit. */
function defaults(): AdminAiSettings {
  return {
    defaultModels: {},
    allowedProviders: null,
    allowedModels: null,
    fallbackModels: [],
    cacheTtlSeconds: 86_400,
    serveLastGoodAnswer: false,
    contextTokenBudget: 8000,
    budgets: { organisation: {}, perUser: {}, userOverrides: { u1: { dailyUsd: 3 } }, alertThreshold: 0.8, criticalThreshold: 0.95 },
    tokenLimits: {
      simple: { plain: 1024, markdown: 1536 },
      medium: { plain: 2048, markdown: 3072 },
      rare: { plain: 4096, markdown: 8192 },
    },
    tokenLimitJustifications: ['long-form-section'],
    priceOverrides: {},
    customModels: [],
    alerts: {
      emails: [],
      onBudgetLevels: ['alert', 'critical', 'exhausted'],
      errorSpike: { enabled: true, minimumRequests: 20, errorRate: 0.25, windowMinutes: 15 },
      slowModel: { enabled: true, p95Ms: 30_000, minimumRequests: 20, windowMinutes: 15 },
      providerDown: { enabled: true, consecutiveFailures: 5 },
    },
  };
}

/** What listMembers answers: two present members and one removed. */
const members = [
  { userId: 'u1', email: 'ana@example.com', removed: false },
  { userId: 'u2', email: 'bo@example.com', removed: false },
  { userId: 'u4', email: 'cy@example.com', removed: true },
];

function problemOf(run: () => unknown): FormProblem {
  try {
    run();
  } catch (error) {
    if (error instanceof FormProblem) return error;
    throw error;
  }
  throw new Error('expected a FormProblem');
}

describe('Models & policy form', () => {
  it('round-trips the settings unchanged when nothing is edited', () => {
    const settings = defaults();
    expect(applyPolicyForm(settings, policyFormFromSettings(settings))).toEqual(settings);
  });

  it('turns the edited form into settings, keeping what the form does not show', () => {
    const settings = defaults();
    const form = policyFormFromSettings(settings);
    const next = applyPolicyForm(settings, {
      ...form,
      allowedProviders: ['gemini', 'openai'],
      allowedModels: ['openai:gpt-6-luna'],
      defaultModels: { simple: 'openai:gpt-6-luna', medium: '', rare: 'anthropic:claude-sonnet-4-5' },
      fallbackModels: ' openai:gpt-6-luna \n\n gemini:gemini-3.5-flash-lite',
      cacheTtlHours: '1.5',
      serveLastGoodAnswer: true,
      systemInstruction: '  Be brief.  ',
      priceOverrides: 'openai:gpt-6-luna = 0.15, 0.075, 0.6',
      customModels: 'openai-compatible:llama3.1:8b | Llama 3.1 | simple | 128000 | 4096 | 0, 0, 0',
    });
    expect(next).toEqual({
      ...settings,
      allowedProviders: ['gemini', 'openai'], // as ticked: the page lists them in the backend's order
      allowedModels: ['openai:gpt-6-luna'],
      defaultModels: { simple: 'openai:gpt-6-luna', rare: 'anthropic:claude-sonnet-4-5' },
      fallbackModels: ['openai:gpt-6-luna', 'gemini:gemini-3.5-flash-lite'],
      cacheTtlSeconds: 5400,
      serveLastGoodAnswer: true,
      systemInstruction: 'Be brief.',
      priceOverrides: { 'openai:gpt-6-luna': { input: 0.15, cachedInput: 0.075, output: 0.6 } },
      customModels: [
        {
          provider: 'openai-compatible',
          id: 'llama3.1:8b',
          displayName: 'Llama 3.1',
          complexity: 'simple',
          contextWindow: 128_000,
          maxOutputTokens: 4096,
          prices: { input: 0, cachedInput: 0, output: 0 },
          capabilities: [],
        },
      ],
    });
    // And back: the form shows what was saved.
    expect(policyFormFromSettings(next).customModels).toBe('openai-compatible:llama3.1:8b | Llama 3.1 | simple | 128000 | 4096 | 0, 0, 0');
  });

  it('removes an emptied organisation instruction instead of saving an empty one', () => {
    const settings = { ...defaults(), systemInstruction: 'Old.' };
    expect(applyPolicyForm(settings, { ...policyFormFromSettings(settings), systemInstruction: ' ' })).not.toHaveProperty(
      'systemInstruction',
    );
  });

  it('names the box to fix', () => {
    const form = policyFormFromSettings(defaults());
    expect(problemOf(() => applyPolicyForm(defaults(), { ...form, fallbackModels: 'gpt-6-luna' }))).toMatchObject({
      field: 'fallbackModels',
      message: expect.stringContaining('provider:model'),
    });
    expect(problemOf(() => applyPolicyForm(defaults(), { ...form, allowedProviders: [] })).field).toBe('allowedProviders');
    expect(problemOf(() => applyPolicyForm(defaults(), { ...form, cacheTtlHours: 'soon' })).message).toBe(
      'Cache lifetime (hours): "soon" is not a number.',
    );
    expect(
      problemOf(() => applyPolicyForm(defaults(), { ...form, tokenLimits: { ...form.tokenLimits, rare: { plain: '8', markdown: '100' } } }))
        .field,
    ).toBe('tokens-rare-plain');
    expect(problemOf(() => applyPolicyForm(defaults(), { ...form, priceOverrides: 'openai:gpt-4o = 1, 2' })).message).toMatch(
      /^Price overrides, line 1: give three prices/,
    );
    expect(problemOf(() => applyPolicyForm(defaults(), { ...form, customModels: 'openai:x | X | huge | 1 | 1 | 0,0,0' })).message).toMatch(
      /complexity is one of simple, medium, rare/,
    );
  });
});

describe('Budgets & alerts form', () => {
  it('shows thresholds as percentages and empty boxes for unset limits', () => {
    expect(budgetFormFromSettings(defaults())).toMatchObject({
      organisationDaily: '',
      alertPercent: '80',
      criticalPercent: '95',
      perRequestCeiling: '',
      alertEmails: '',
      errorSpikeAlerts: true,
    });
  });

  it('round-trips the settings unchanged when nothing is edited, overrides and spike thresholds included', () => {
    const settings = defaults();
    settings.budgets.userOverrides = { u1: { dailyUsd: 3 }, u2: { monthlyUsd: 40.5 }, u3: {} };
    settings.alerts = {
      emails: ['ops@example.com'],
      onBudgetLevels: ['critical'],
      errorSpike: { enabled: false, minimumRequests: 7, errorRate: 0.125, windowMinutes: 90 },
      slowModel: { enabled: true, p95Ms: 12_500, minimumRequests: 40, windowMinutes: 60 },
      providerDown: { enabled: false, consecutiveFailures: 9 },
    };
    expect(applyBudgetForm(settings, budgetFormFromSettings(settings, members))).toEqual(settings);
  });

  it('shows the slow-model threshold in seconds and the provider-down count, and saves them back', () => {
    const settings = defaults();
    const form = budgetFormFromSettings(settings, members);
    expect(form).toMatchObject({ slowModelAlerts: true, slowModelP95Seconds: '30', providerDownAlerts: true, providerDownFailures: '5' });
    const next = applyBudgetForm(settings, { ...form, slowModelP95Seconds: '7.5', providerDownAlerts: false, providerDownFailures: '3' });
    expect(next.alerts.slowModel).toEqual({ enabled: true, p95Ms: 7500, minimumRequests: 20, windowMinutes: 15 });
    expect(next.alerts.providerDown).toEqual({ enabled: false, consecutiveFailures: 3 });
    expect(problemOf(() => applyBudgetForm(settings, { ...form, providerDownFailures: '1' })).field).toBe('providerDownFailures');
    expect(problemOf(() => applyBudgetForm(settings, { ...form, slowModelP95Seconds: '' })).field).toBe('slowModelP95Seconds');
  });

  it("shows each override as a row named by the member's e-mail, and the spike thresholds as boxes", () => {
    const settings = defaults();
    settings.budgets.userOverrides = { u2: { dailyUsd: 2, monthlyUsd: 30 }, u1: { dailyUsd: 3 }, gone: { monthlyUsd: 1 } };
    const form = budgetFormFromSettings(settings, members);
    expect(form.userOverrides).toEqual([
      { userId: 'u1', who: 'ana@example.com', daily: '3', monthly: '' },
      { userId: 'u2', who: 'bo@example.com', daily: '2', monthly: '30' },
      { userId: 'gone', who: 'gone', daily: '', monthly: '1' },
    ]);
    expect(form).toMatchObject({ errorSpikeMinimumRequests: '20', errorSpikeRatePercent: '25', errorSpikeWindowMinutes: '15' });
    // Without the members list, rows are named by user id; a removed member says so.
    expect(budgetFormFromSettings(settings).userOverrides.map((row) => row.who)).toEqual(['gone', 'u1', 'u2']);
    expect(
      budgetFormFromSettings({ ...settings, budgets: { ...settings.budgets, userOverrides: { u4: {} } } }, members).userOverrides[0]?.who,
    ).toBe('cy@example.com (removed)');
  });

  it('offers only present members without an override, by e-mail', () => {
    expect(membersWithoutOverride(members, [{ userId: 'u1' }]).map((member) => member.email)).toEqual(['bo@example.com']);
  });

  it('turns the overrides table into userOverrides: added, edited, emptied (no limit) and removed rows', () => {
    const settings = defaults();
    settings.budgets.userOverrides = { u1: { dailyUsd: 3 }, gone: { monthlyUsd: 1 } };
    const form = budgetFormFromSettings(settings, members);
    const next = applyBudgetForm(settings, {
      ...form,
      userOverrides: [
        { userId: 'u1', who: 'ana@example.com', daily: '', monthly: '' },
        { userId: 'u2', who: 'bo@example.com', daily: ' 2.5 ', monthly: '$30' },
      ],
    });
    expect(next.budgets.userOverrides).toEqual({ u1: {}, u2: { dailyUsd: 2.5, monthlyUsd: 30 } });
    expect(next.budgets.perUser).toEqual(settings.budgets.perUser);
    expect(applyBudgetForm(settings, { ...form, userOverrides: [] }).budgets.userOverrides).toEqual({});
    // And back: the form shows what was saved.
    expect(budgetFormFromSettings(next, members).userOverrides).toEqual([
      { userId: 'u1', who: 'ana@example.com', daily: '', monthly: '' },
      { userId: 'u2', who: 'bo@example.com', daily: '2.5', monthly: '30' },
    ]);
  });

  it('turns the errors-spike boxes into thresholds (rate from percent), keeping them when spikes are off', () => {
    const settings = defaults();
    const next = applyBudgetForm(settings, {
      ...budgetFormFromSettings(settings),
      errorSpikeAlerts: false,
      errorSpikeMinimumRequests: ' 50 ',
      errorSpikeRatePercent: '12.5',
      errorSpikeWindowMinutes: '60',
    });
    expect(next.alerts?.errorSpike).toEqual({ enabled: false, minimumRequests: 50, errorRate: 0.125, windowMinutes: 60 });
    expect(budgetFormFromSettings(next)).toMatchObject({
      errorSpikeAlerts: false,
      errorSpikeMinimumRequests: '50',
      errorSpikeRatePercent: '12.5',
      errorSpikeWindowMinutes: '60',
    });
    // The schema's bounds are accepted at their edges.
    const edges = applyBudgetForm(settings, {
      ...budgetFormFromSettings(settings),
      errorSpikeMinimumRequests: '100000',
      errorSpikeRatePercent: '99.99',
      errorSpikeWindowMinutes: '1440',
    });
    expect(edges.alerts?.errorSpike).toEqual({ enabled: true, minimumRequests: 100_000, errorRate: 0.9999, windowMinutes: 1440 });
    // Settings saved before alerts existed get the backend's defaults as the starting point.
    const { alerts: _alerts, ...withoutAlerts } = settings;
    expect(budgetFormFromSettings(withoutAlerts as typeof settings)).toMatchObject({
      errorSpikeMinimumRequests: '20',
      errorSpikeRatePercent: '25',
      errorSpikeWindowMinutes: '15',
    });
  });

  it('refuses bad overrides and spike thresholds, naming the box to fix', () => {
    const settings = defaults();
    const form = budgetFormFromSettings(settings, members);
    const bo = { userId: 'u2', who: 'bo@example.com', daily: '', monthly: '' };
    expect(problemOf(() => applyBudgetForm(settings, { ...form, userOverrides: [{ ...bo, daily: '0' }] }))).toMatchObject({
      field: 'override-daily-u2',
      message: 'Daily limit for bo@example.com ($): enter a number above 0, or leave it empty for no limit.',
    });
    expect(problemOf(() => applyBudgetForm(settings, { ...form, userOverrides: [{ ...bo, monthly: 'lots' }] }))).toMatchObject({
      field: 'override-monthly-u2',
      message: 'Monthly limit for bo@example.com ($): "lots" is not a number.',
    });
    expect(problemOf(() => applyBudgetForm(settings, { ...form, userOverrides: [{ ...bo, daily: '1000001' }] })).message).toBe(
      'Daily limit for bo@example.com ($): enter at most 1000000.',
    );
    expect(problemOf(() => applyBudgetForm(settings, { ...form, userOverrides: [bo, { ...bo, daily: '1' }] })).message).toMatch(
      /^Daily limit for bo@example.com \(\$\): bo@example.com already has an override/,
    );
    expect(problemOf(() => applyBudgetForm(settings, { ...form, errorSpikeMinimumRequests: '2.5' }))).toMatchObject({
      field: 'errorSpikeMinimumRequests',
      message: 'Errors spike, minimum requests: enter a whole number.',
    });
    expect(problemOf(() => applyBudgetForm(settings, { ...form, errorSpikeMinimumRequests: '0' })).message).toBe(
      'Errors spike, minimum requests: enter at least 1.',
    );
    expect(problemOf(() => applyBudgetForm(settings, { ...form, errorSpikeRatePercent: '100' }))).toMatchObject({
      field: 'errorSpikeRatePercent',
      message: 'Errors spike, error rate (%): enter at most 99.99.',
    });
    expect(problemOf(() => applyBudgetForm(settings, { ...form, errorSpikeRatePercent: '' })).message).toBe(
      'Errors spike, error rate (%): enter a number.',
    );
    expect(problemOf(() => applyBudgetForm(settings, { ...form, errorSpikeWindowMinutes: '1441' }))).toMatchObject({
      field: 'errorSpikeWindowMinutes',
      message: 'Errors spike, window (minutes): enter at most 1440.',
    });
  });

  it('turns dollars and percentages into settings, keeping per-user overrides and the rest of the alert settings', () => {
    const settings = defaults();
    const next = applyBudgetForm(settings, {
      ...budgetFormFromSettings(settings),
      organisationDaily: '0.5',
      perUserMonthly: '$20',
      alertPercent: '70',
      criticalPercent: '90.5',
      perRequestCeiling: '0.25',
      alertEmails: 'finance@example.com, ops@example.com\nfinance@example.com',
      alertLevels: ['exhausted'],
      errorSpikeAlerts: false,
    });
    expect(next.budgets).toEqual({
      organisation: { dailyUsd: 0.5 },
      perUser: { monthlyUsd: 20 },
      userOverrides: { u1: { dailyUsd: 3 } },
      alertThreshold: 0.7,
      criticalThreshold: 0.905,
      perRequestCeilingUsd: 0.25,
    });
    expect(next.alerts).toEqual({
      emails: ['finance@example.com', 'ops@example.com'],
      onBudgetLevels: ['exhausted'],
      errorSpike: { enabled: false, minimumRequests: 20, errorRate: 0.25, windowMinutes: 15 },
      slowModel: { enabled: true, p95Ms: 30_000, minimumRequests: 20, windowMinutes: 15 },
      providerDown: { enabled: true, consecutiveFailures: 5 },
    });
    expect(next.tokenLimits).toBe(settings.tokenLimits);
  });

  it('clears a limit and the ceiling when their boxes are emptied', () => {
    const settings = defaults();
    settings.budgets = { ...settings.budgets, organisation: { dailyUsd: 5, monthlyUsd: 50 }, perRequestCeilingUsd: 1 };
    const next = applyBudgetForm(settings, { ...budgetFormFromSettings(settings), organisationDaily: '', perRequestCeiling: '' });
    expect(next.budgets.organisation).toEqual({ monthlyUsd: 50 });
    expect(next.budgets).not.toHaveProperty('perRequestCeilingUsd');
  });

  it('refuses thresholds out of order, zero budgets and bad addresses, naming the box', () => {
    const form = budgetFormFromSettings(defaults());
    expect(problemOf(() => applyBudgetForm(defaults(), { ...form, alertPercent: '96' }))).toMatchObject({
      field: 'alertPercent',
      message: 'Alert threshold (%): it must be below the critical threshold.',
    });
    expect(problemOf(() => applyBudgetForm(defaults(), { ...form, organisationDaily: '0' })).field).toBe('organisationDaily');
    expect(problemOf(() => parseEmails('finance@example'))).toMatchObject({
      field: 'alertEmails',
      message: 'Alert e-mails: "finance@example" is not an e-mail address.',
    });
  });

  it('describes a budget readably', () => {
    expect(
      describeBudget({
        scope: 'organisation',
        period: 'day',
        periodKey: '2026-05-04',
        limitUsd: 10,
        spentUsd: 8.5,
        reservedUsd: 0.25,
        usedShare: 0.85,
        level: 'alert',
      }),
    ).toEqual({
      name: 'Organisation, today (2026-05-04)',
      consumption: '$8.50 of $10.00 (85%), $0.25 reserved',
      level: 'Alert',
    });
  });
});

describe('connection form', () => {
  // What GET /v1/providers answers: the form follows the backend's rules per provider, it keeps none of its own.
  const providers = providerViews();

  it('sends only what was filled, and insists on base URL and model for OpenAI-compatible endpoints', () => {
    expect(
      connectionInputFromForm({ provider: 'openai', name: ' Team ', apiKey: ' sk-12345678 ', baseUrl: '', defaultModel: '' }, providers),
    ).toEqual({ provider: 'openai', name: 'Team', apiKey: 'sk-12345678' });
    expect(
      problemOf(() =>
        connectionInputFromForm(
          {
            provider: 'openai-compatible',
            name: 'Ollama',
            apiKey: 'none-needed',
            baseUrl: '',
            defaultModel: 'llama3.1',
          },
          providers,
        ),
      ).field,
    ).toBe('baseUrl');
    expect(
      problemOf(() =>
        connectionInputFromForm(
          {
            provider: 'openai-compatible',
            name: 'Ollama',
            apiKey: 'none-needed',
            baseUrl: 'http://127.0.0.1:11434/v1',
            defaultModel: '',
          },
          providers,
        ),
      ).field,
    ).toBe('defaultModel');
    expect(maskedKey({ fingerprint: 'sha256:ab12', lastFour: '7788' })).toBe('…7788 (sha256:ab12)');
  });

  it('refuses a provider the backend does not list, and a base URL for one reached only at its own address', () => {
    const form = { name: 'Team', apiKey: 'sk-12345678', baseUrl: '', defaultModel: '' };
    expect(problemOf(() => connectionInputFromForm({ ...form, provider: 'mistral' }, providers)).field).toBe('provider');
    const fixedAddress = [{ ...providers[0]!, acceptsBaseUrl: false, requiresBaseUrl: false }];
    const problem = problemOf(() =>
      connectionInputFromForm({ ...form, provider: fixedAddress[0]!.id, baseUrl: 'https://example.com/v1' }, fixedAddress),
    );
    expect(problem.field).toBe('baseUrl');
    expect(problem.message).toContain('only reached at its own address');
  });
});

describe('audit entries', () => {
  it('lists changed fields as before → after, flattening nested settings', () => {
    const changes = auditChanges({ role: 'member', email: 'bo@example.com' }, { role: 'admin', email: 'bo@example.com' });
    expect(changes.map(changeText)).toEqual(['role: member → admin']);
    const settings = auditChanges(
      { budgets: { organisation: {} }, cacheTtlSeconds: 86400 },
      { budgets: { organisation: { dailyUsd: 5 } }, cacheTtlSeconds: 7200 },
    );
    expect(settings.map(changeText)).toEqual(['budgets.organisation.dailyUsd: 5 (added)', 'cacheTtlSeconds: 86400 → 7200']);
  });

  it('shows every field of a creation or a deletion', () => {
    expect(auditChanges(null, { name: 'Team', provider: 'openai' }).map(changeText)).toEqual([
      'name: Team (added)',
      'provider: openai (added)',
    ]);
    expect(auditChanges({ name: 'Team' }, null).map(changeText)).toEqual(['name: Team (removed)']);
  });

  it('sends the rate limits typed, leaves empty boxes as no limit, and names the box to fix', () => {
    const form = { provider: 'openai', name: 'Team', apiKey: 'sk-12345678', baseUrl: '', defaultModel: '' };
    expect(connectionInputFromForm({ ...form, requestsPerMinute: ' 60 ', tokensPerMinute: '' }, providerViews())).toEqual({
      provider: 'openai',
      name: 'Team',
      apiKey: 'sk-12345678',
      requestsPerMinute: 60,
    });
    expect(rateLimitsFromForm({ requestsPerMinute: '', tokensPerMinute: '90000' })).toEqual({
      requestsPerMinute: null,
      tokensPerMinute: 90_000,
    });
    const fractional = problemOf(() => rateLimitsFromForm({ requestsPerMinute: '2.5', tokensPerMinute: '' }));
    expect(fractional).toMatchObject({ field: 'requestsPerMinute', message: 'Requests per minute: enter a whole number.' });
    expect(problemOf(() => rateLimitsFromForm({ requestsPerMinute: '', tokensPerMinute: '50' })).message).toBe(
      'Tokens per minute: enter at least 100.',
    );
    expect(rateLimitsText({ requestsPerMinute: 60, tokensPerMinute: 90_000 })).toBe('At most 60 requests and 90,000 tokens per minute');
    expect(rateLimitsText({ requestsPerMinute: null, tokensPerMinute: null })).toBe('No rate limit');
  });
});

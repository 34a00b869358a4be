import {
  ModelNotAllowedError,
  NoProviderConnectionError,
  RetiredModelError,
  UnpricedModelError,
} from '../../../../backend/src/ai/ai-errors';
import type { BudgetLevel } from '../../../../backend/src/ai/budget/budget-level';
import type { ConnectionResolver } from '../../../../backend/src/ai/connections/connection-resolver';
import { CooldownTracker, cooldownKey } from '../../../../backend/src/ai/execution/cooldown-tracker';
import {
  builtInModels,
  createModelCatalog,
  customiseCatalog,
  modelKey,
  type CatalogModel,
  type ModelCatalog,
} from '../../../../backend/src/ai/models/model-catalog';
import { costInNanoDollars } from '../../../../backend/src/ai/models/model-cost';
import type { ProviderId } from '../../../../backend/src/ai/providers/provider-adapter';
import { AuthenticationError } from '../../../../backend/src/ai/providers/provider-errors';
import { defaultAiSettings, type AiSettings } from '../../../../backend/src/ai/settings/ai-settings';
import { selectCandidates } from '../../../../backend/src/ai/steps/select-model';
import type { Logger } from '../../../../backend/src/platform/logger';
import { captureLog } from '../captured-log';

function resolver(connected: ProviderId[]): ConnectionResolver {
  return {
    resolve: async (_org, provider) => (connected.includes(provider) ? { id: `c-${provider}`, apiKey: 'k' } : undefined),
    defaultModel: async () => undefined,
    resolveChosen: async () => undefined,
    availability: async () => ({ providers: new Set(connected), defaultModel: undefined, setupHint: 'hint', connections: [] }),
    setupHint: 'hint',
  };
}

interface Options {
  requested?: string;
  level?: BudgetLevel;
  settings?: Partial<AiSettings>;
  catalog?: ModelCatalog;
  connected?: ProviderId[];
  cooldowns?: CooldownTracker;
  today?: string;
  connections?: ConnectionResolver;
  logger?: Logger;
}

function run(options: Options = {}) {
  const [provider, ...rest] = (options.requested ?? 'openai:gpt-4o').split(':');
  return selectCandidates({
    organisationId: 'org',
    requested: { provider: provider as ProviderId, model: rest.join(':') },
    level: options.level ?? 'normal',
    settings: { ...defaultAiSettings, ...options.settings },
    catalog: options.catalog ?? createModelCatalog(builtInModels),
    connections: options.connections ?? resolver(options.connected ?? ['openai', 'anthropic', 'gemini']),
    cooldowns: options.cooldowns ?? new CooldownTracker(),
    // Before any built-in model's shutdown, so these tests do not change with the calendar.
    today: options.today ?? '2026-01-01',
    logger: options.logger,
  });
}

const keys = (selection: Awaited<ReturnType<typeof selectCandidates>>) =>
  selection.candidates.map((candidate) => modelKey(candidate.reference));

function coolDown(tracker: CooldownTracker, provider: ProviderId, model: string): void {
  tracker.recordFailure(cooldownKey('org', `c-${provider}`, provider, model), new AuthenticationError({ provider, model, message: 'x' }));
}

const unpricedLocal: CatalogModel = {
  provider: 'openai-compatible',
  id: 'llama3.1:8b',
  displayName: 'Llama 3.1 8B',
  contextWindow: 128_000,
  maxOutputTokens: 4096,
  prices: null,
  capabilities: [],
  complexity: 'simple',
};

describe('selectModel', () => {
  it('returns the requested model first, then allowed fallbacks in order, with their connection and prices', async () => {
    const selection = await run({ settings: { fallbackModels: ['anthropic:claude-haiku-4-5', 'gemini:gemini-3.5-flash-lite'] } });
    expect(keys(selection)).toEqual(['openai:gpt-4o', 'anthropic:claude-haiku-4-5', 'gemini:gemini-3.5-flash-lite']);
    expect(selection.warnings).toEqual([]);
    expect(selection.candidates[0]?.connection.id).toBe('c-openai');
    expect(selection.candidates[0]?.model.prices).toEqual({ input: 2.5, cachedInput: 1.25, output: 10 });
    expect(selection.candidates[1]?.connection.id).toBe('c-anthropic');
  });

  it('skips fallbacks that are unconnected, not allowed or unpriced, and repeats', async () => {
    const catalog = customiseCatalog(builtInModels, { customModels: [unpricedLocal] });
    const selection = await run({
      catalog,
      connected: ['openai', 'anthropic', 'openai-compatible'],
      settings: {
        allowedModels: [
          'openai:gpt-4o',
          'openai:gpt-4o-mini',
          'anthropic:claude-haiku-4-5',
          'gemini:gemini-3.5-flash-lite',
          'openai-compatible:llama3.1:8b',
        ],
        fallbackModels: [
          'gemini:gemini-3.5-flash-lite', // allowed but not connected
          'anthropic:claude-3-opus-20240229', // connected but not allowed
          'openai-compatible:llama3.1:8b', // allowed and connected but unpriced
          'openai:gpt-4o', // the requested model again
          'openai:gpt-4o-mini',
          'anthropic:claude-haiku-4-5',
        ],
      },
    });
    expect(keys(selection)).toEqual(['openai:gpt-4o', 'openai:gpt-4o-mini', 'anthropic:claude-haiku-4-5']);
  });

  it('refuses a model the organisation does not allow', async () => {
    await expect(run({ settings: { allowedModels: ['openai:gpt-4o-mini'] } })).rejects.toThrow(ModelNotAllowedError);
  });

  it('refuses a model without a price', async () => {
    const catalog = customiseCatalog(builtInModels, { customModels: [unpricedLocal] });
    await expect(run({ catalog, requested: 'openai-compatible:llama3.1:8b', connected: ['openai-compatible'] })).rejects.toThrow(
      UnpricedModelError,
    );
    await expect(run({ requested: 'openai:not-a-catalog-model' })).rejects.toThrow(UnpricedModelError);
  });

  it("refuses when the requested model's provider is not connected, with the setup hint", async () => {
    const attempt = run({ requested: 'anthropic:claude-sonnet-4-5', connected: ['openai'] });
    await expect(attempt).rejects.toThrow(NoProviderConnectionError);
    await expect(run({ requested: 'anthropic:claude-sonnet-4-5', connected: ['openai'] })).rejects.toThrow('hint');
  });

  it('uses the cheapest allowed, connected model on a critical budget, with a warning', async () => {
    const allowed = ['openai:gpt-4o', 'openai:gpt-4.1', 'anthropic:claude-haiku-4-5', 'gemini:gemini-2.5-flash-lite', 'openai:gpt-4o-mini'];
    const selection = await run({ level: 'critical', connected: ['openai', 'anthropic'], settings: { allowedModels: allowed } });
    // gemini-2.5-flash-lite is cheaper than every other allowed model but gemini is not connected.
    const catalog = createModelCatalog(builtInModels);
    const typical = { inputTokens: 1000, cachedInputTokens: 0, outputTokens: 500 };
    const price = (key: string) => {
      const [provider, model] = key.split(':') as [ProviderId, string];
      return costInNanoDollars(catalog.find({ provider, model })!.prices!, typical);
    };
    const connectedAllowed = allowed.filter((key) => !key.startsWith('gemini:'));
    const cheapest = [...connectedAllowed].sort((left, right) => price(left) - price(right))[0];
    expect(price('gemini:gemini-2.5-flash-lite')).toBeLessThan(price(cheapest as string));
    expect(keys(selection)[0]).toBe(cheapest);
    expect(cheapest).toBe('openai:gpt-4o-mini');
    expect(selection.warnings).toHaveLength(1);
    expect(selection.warnings[0]).toContain('openai:gpt-4o');
  });

  it('refuses a model past its shutdown day, naming the replacement, and never calls it', async () => {
    const attempt = run({ requested: 'gemini:gemini-2.5-flash', today: '2026-12-01' });
    await expect(attempt).rejects.toThrow(RetiredModelError);
    await expect(run({ requested: 'gemini:gemini-2.5-flash', today: '2026-12-06' })).rejects.toThrow(
      'Gemini 2.5 Flash (gemini:gemini-2.5-flash) was shut down by its provider on 2026-12-01 and can no longer be called. Choose gemini:gemini-3.5-flash-lite instead.',
    );
    // The day before, it is still served.
    expect(keys(await run({ requested: 'gemini:gemini-2.5-flash', today: '2026-11-30' }))).toEqual(['gemini:gemini-2.5-flash']);
  });

  it('skips a retired fallback and never picks a retired model as the cheapest on a critical budget', async () => {
    const settings = {
      fallbackModels: ['gemini:gemini-2.5-flash', 'gemini:gemini-3.5-flash-lite'],
      allowedModels: ['openai:gpt-4o', 'gemini:gemini-2.5-flash', 'gemini:gemini-3.5-flash-lite'],
    };
    expect(keys(await run({ settings, today: '2026-12-06' }))).toEqual(['openai:gpt-4o', 'gemini:gemini-3.5-flash-lite']);
    const critical = await run({
      level: 'critical',
      settings: { allowedModels: ['openai:gpt-4o', 'gemini:gemini-2.5-flash', 'gemini:gemini-3.5-flash-lite'] },
      today: '2026-12-06',
    });
    expect(keys(critical)[0]).toBe('gemini:gemini-3.5-flash-lite');
  });

  it('keeps the requested model on a critical budget when it already is the cheapest, without a warning', async () => {
    const selection = await run({
      level: 'critical',
      requested: 'openai:gpt-4o-mini',
      settings: { allowedModels: ['openai:gpt-4o', 'openai:gpt-4o-mini'] },
    });
    expect(keys(selection)).toEqual(['openai:gpt-4o-mini']);
    expect(selection.warnings).toEqual([]);
  });

  it('moves to the first fallback while the requested model cools down after a credential failure, with a warning', async () => {
    const cooldowns = new CooldownTracker();
    coolDown(cooldowns, 'openai', 'gpt-4o');
    const selection = await run({ cooldowns, settings: { fallbackModels: ['anthropic:claude-haiku-4-5', 'openai:gpt-4o-mini'] } });
    expect(keys(selection)).toEqual(['anthropic:claude-haiku-4-5', 'openai:gpt-4o-mini']);
    expect(selection.warnings).toHaveLength(1);
    expect(selection.warnings[0]).toContain('openai:gpt-4o');
    expect(selection.warnings[0]).toContain('anthropic:claude-haiku-4-5');
  });

  it('tries the candidate whose rest ends first when the requested model and every fallback rest, instead of failing uncalled', async () => {
    let clock = 1_000_000;
    const cooldowns = new CooldownTracker(undefined, () => clock);
    coolDown(cooldowns, 'anthropic', 'claude-haiku-4-5');
    clock += 1000;
    coolDown(cooldowns, 'openai', 'gpt-4o');
    const selection = await run({ cooldowns, settings: { fallbackModels: ['anthropic:claude-haiku-4-5'] } });
    expect(keys(selection)).toEqual(['anthropic:claude-haiku-4-5']);
    expect(selection.warnings).toEqual(['openai:gpt-4o is failing right now, so anthropic:claude-haiku-4-5 was used.']);
  });

  it("never rests a model for one organisation because of another's failures", async () => {
    const cooldowns = new CooldownTracker();
    cooldowns.recordFailure(
      cooldownKey('another-org', 'c-openai', 'openai', 'gpt-4o'),
      new AuthenticationError({ provider: 'openai', model: 'gpt-4o', message: 'x' }),
    );
    expect(keys(await run({ cooldowns }))).toEqual(['openai:gpt-4o']);
  });

  it('leaves out a fallback whose connection cannot be opened, and logs why', async () => {
    const connected = resolver(['openai', 'anthropic']);
    const connections: ConnectionResolver = {
      ...connected,
      resolve: async (organisationId, provider) => {
        if (provider === 'anthropic') throw new Error('the stored key cannot be decrypted');
        return connected.resolve(organisationId, provider);
      },
    };
    const { logger, lines } = captureLog();
    const selection = await run({ connections, logger, settings: { fallbackModels: ['anthropic:claude-haiku-4-5'] } });
    expect(keys(selection)).toEqual(['openai:gpt-4o']);
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        organisationId: 'org',
        provider: 'anthropic',
        err: expect.objectContaining({ message: 'the stored key cannot be decrypted' }),
      }),
    );
  });
});

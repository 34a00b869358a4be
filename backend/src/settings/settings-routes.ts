import { z } from 'zod';
import { modelListResponse, settingsResponse, type RetiringModelView } from '../../../contracts/settings';
import type { AuditLog } from '../audit/audit-log';
import type { ConnectionResolver } from '../ai/connections/connection-resolver';
import {
  complexities,
  customiseCatalog,
  modelKey,
  parseModelKey,
  type CatalogModel,
  type ModelCatalog,
  type ModelReference,
} from '../ai/models/model-catalog';
import { dayOf, daysUntilShutdown, isRetired, lifecycleOf, replacementKey } from '../ai/models/model-lifecycle';
import type { ProviderId } from '../ai/providers/provider-adapter';
import { defaultTemperatureRange } from '../ai/providers/provider-lookup';
import { aiSettingsSchema, defaultAiSettings, isModelAllowed, type AiSettings } from '../ai/settings/ai-settings';
import type { AiSettingsRepository } from '../ai/settings/ai-settings-repository';
import { defineRoute, json, type Route } from '../platform/http/define-route';
import { saveSettings } from './save-settings';

export interface SettingsRoutesDependencies {
  /** The e-mail addresses of the organisation's members who were not removed. */
  memberEmails(organisationId: string): Promise<string[]>;
  settings: AiSettingsRepository;
  models: readonly CatalogModel[];
  connections: ConnectionResolver;
  audit: AuditLog;
  now?: () => Date;
}

/** How long before a shutdown the dashboard starts to warn. */
const retirementWarningDays = 60;

/**
 * Models the organisation reaches that shut down within the warning window (or already have, while its
 * settings or the server's default still name them), soonest first: those of its
 * connected providers, and any its settings or the server's default connection name (an OpenAI model behind
 * an OpenAI-compatible endpoint included), each with where it is used.
 */
function retiringModels(
  catalog: ModelCatalog,
  served: readonly CatalogModel[],
  settings: AiSettings,
  available: { providers: ReadonlySet<ProviderId>; defaultModel: ModelReference | undefined },
  today: string,
): RetiringModelView[] {
  const found = new Map<string, RetiringModelView>();
  const consider = (reference: ModelReference | undefined, use?: string) => {
    const model = reference && catalog.find(reference);
    const daysLeft = model ? daysUntilShutdown(model, today) : undefined;
    if (!model || daysLeft === undefined || daysLeft > retirementWarningDays) return;
    // Already shut down: listed only while something still names it, so the admin moves it.
    if (daysLeft <= 0 && !use) return;
    const key = modelKey(reference);
    const entry = found.get(key) ?? {
      key,
      displayName: model.displayName,
      shutsDownOn: model.shutsDownOn as string,
      daysLeft,
      replacement: replacementKey(model) ?? null,
      usedAs: [],
    };
    if (use && !entry.usedAs.includes(use)) entry.usedAs.push(use);
    found.set(key, entry);
  };
  for (const model of served) if (available.providers.has(model.provider)) consider({ provider: model.provider, model: model.id });
  for (const complexity of complexities) {
    const configured = settings.defaultModels[complexity];
    consider(configured ? parseModelKey(configured) : undefined, `the default for ${complexity} tags`);
  }
  for (const key of settings.fallbackModels) consider(parseModelKey(key), 'a fallback');
  consider(available.defaultModel, "the server's default model");
  return [...found.values()].sort((left, right) => left.daysLeft - right.daysLeft || left.key.localeCompare(right.key));
}

/** The organisation's AI policy (admins) and the models a tag may choose (everyone). */
export function createSettingsRoutes(dependencies: SettingsRoutesDependencies): Route[] {
  const now = dependencies.now ?? (() => new Date());
  const view = async (organisationId: string) => {
    const latest = await dependencies.settings.latest(organisationId);
    return {
      version: latest?.version ?? 0,
      updatedAt: latest?.updatedAt.toISOString() ?? null,
      updatedBy: latest?.updatedBy.email ?? null,
      settings: latest?.content ?? defaultAiSettings,
    };
  };

  return [
    defineRoute({
      method: 'get',
      path: '/v1/settings',
      operationId: 'getSettings',
      summary: "The organisation's AI policy: models, fallbacks, cache, budgets, token ceilings, prices",
      tag: 'settings',
      access: 'admin',
      response: { status: 200, description: 'The current settings and their version', schema: settingsResponse },
      async handle({ caller }) {
        return json(await view(caller.organisationId));
      },
    }),
    defineRoute({
      method: 'put',
      path: '/v1/settings',
      operationId: 'saveSettings',
      summary: "Replace the organisation's AI policy; refused with 409 if someone saved meanwhile",
      tag: 'settings',
      access: 'admin',
      body: z.strictObject({ baseVersion: z.number().int().min(0), settings: aiSettingsSchema }),
      response: { status: 200, description: 'The saved settings and their new version', schema: settingsResponse },
      async handle({ caller, body }) {
        await saveSettings({ ...dependencies, now }, caller, body);
        return json(await view(caller.organisationId));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/models',
      operationId: 'listModels',
      summary:
        "Models of the catalog with the organisation's prices, whether each is allowed and connected, the defaults, and the output token ceilings and accepted justifications",
      tag: 'settings',
      access: 'member',
      response: {
        status: 200,
        description: 'The models',
        schema: modelListResponse,
      },
      async handle({ caller }) {
        const settings: AiSettings = await dependencies.settings.get(caller.organisationId);
        const catalog = customiseCatalog(dependencies.models, settings);
        // availability never throws for a stored key that cannot be decrypted: that provider is listed as not connected.
        const available = await dependencies.connections.availability(caller.organisationId);
        const serverDefault = available.defaultModel;
        const today = dayOf(now().getTime());
        // A retired model is never offered: the picker cannot choose what the provider no longer serves.
        const served = catalog.all().filter((model) => !isRetired(model, today));
        const models = served.map((model) => ({
          key: modelKey({ provider: model.provider, model: model.id }),
          provider: model.provider,
          id: model.id,
          displayName: model.displayName,
          complexity: model.complexity,
          contextWindow: model.contextWindow,
          maxOutputTokens: model.maxOutputTokens,
          pricesPerMillionTokens: model.prices ?? null,
          lifecycle: lifecycleOf(model, today) as 'current' | 'deprecated',
          deprecatedOn: model.deprecatedOn ?? null,
          shutsDownOn: model.shutsDownOn ?? null,
          replacement: replacementKey(model) ?? null,
          // null: the model takes no temperature.
          temperature: model.temperature === undefined ? defaultTemperatureRange(model.provider) : model.temperature,
          allowed: isModelAllowed(settings, { provider: model.provider, model: model.id }) && model.prices !== undefined,
          connected: available.providers.has(model.provider),
        }));
        const retiringSoon = retiringModels(catalog, served, settings, available, today);
        const defaults = Object.fromEntries(
          complexities.map((complexity) => [
            complexity,
            settings.defaultModels[complexity] ?? (serverDefault ? modelKey(serverDefault) : null),
          ]),
        );
        return json({
          models,
          defaults,
          fallbackModels: settings.fallbackModels,
          tokenLimits: settings.tokenLimits,
          tokenLimitJustifications: settings.tokenLimitJustifications,
          retiringSoon,
          connections: available.connections,
        });
      },
    }),
  ];
}

import type { AuditLog } from '../audit/audit-log';
import { complexities, customiseCatalog, parseModelKey, type CatalogModel, type ModelCatalog } from '../ai/models/model-catalog';
import { dayOf, isRetired, retiredModelMessage } from '../ai/models/model-lifecycle';
import { knownProviderId, unknownProviderMessage } from '../ai/providers/provider-lookup';
import type { AiSettings } from '../ai/settings/ai-settings';
import type { AiSettingsRepository } from '../ai/settings/ai-settings-repository';
import { outsideRecipient } from '../organisation-settings/alert-settings';
import { VersionConflictError } from '../platform/firestore/versioned-documents';
import type { Caller } from '../platform/http/caller';
import { badRequest, versionConflict } from '../platform/problem';

export interface SaveSettingsDependencies {
  settings: AiSettingsRepository;
  models: readonly CatalogModel[];
  /** The e-mail addresses of the organisation's members who were not removed. */
  memberEmails(organisationId: string): Promise<string[]>;
  audit: AuditLog;
  now: () => Date;
}

/** A default or fallback model its provider no longer serves would fail every fill that reaches it: refused with its replacement. */
function refuseRetiredChoices(settings: AiSettings, catalog: ModelCatalog, today: string): void {
  const chosen = [...complexities.map((complexity) => settings.defaultModels[complexity]), ...settings.fallbackModels].filter(
    (key): key is string => key !== undefined,
  );
  for (const key of chosen) {
    const reference = parseModelKey(key);
    const model = reference && catalog.find(reference);
    if (model && isRetired(model, today)) throw badRequest(`${key} cannot be a default or fallback model: ${retiredModelMessage(model)}`);
  }
}

/**
 * Provider names the settings use that the registry does not have: the contract checks only their shape, so
 * a typo ("open-ai:gpt-4o") would otherwise be saved and match nothing.
 */
function unknownProviders(settings: AiSettings): string[] {
  const named = [
    ...(settings.allowedProviders ?? []),
    ...[
      ...complexities.map((complexity) => settings.defaultModels[complexity]),
      ...settings.fallbackModels,
      ...(settings.allowedModels ?? []),
      ...Object.keys(settings.priceOverrides),
    ].flatMap((key) => (key ? [key.slice(0, Math.max(0, key.indexOf(':')))] : [])),
    ...settings.customModels.map((model) => model.provider),
  ];
  return [...new Set(named.filter((provider) => provider !== '' && knownProviderId(provider) === undefined))];
}

/**
 * Everything a new version of the settings must pass beyond their schema, before anything is written: no
 * retired default or fallback model, alerts only to people of the organisation. Throws a 400 saying what to fix.
 */
export async function checkSettings(dependencies: SaveSettingsDependencies, organisationId: string, settings: AiSettings): Promise<void> {
  const unknown = unknownProviders(settings);
  if (unknown.length > 0) throw badRequest(unknown.map(unknownProviderMessage).join(' '));
  refuseRetiredChoices(settings, customiseCatalog(dependencies.models, settings), dayOf(dependencies.now().getTime()));
  if (settings.alerts.emails.length > 0) {
    const stranger = outsideRecipient(settings.alerts.emails, organisationId, await dependencies.memberEmails(organisationId));
    if (stranger)
      throw badRequest(`Alerts go only to people of your organisation: ${stranger} is neither in its domain nor a member's address.`);
  }
}

/**
 * Saves the settings as the version after `baseVersion` (409 if someone saved meanwhile) and audits the change.
 * The admin dialog's save and a configuration file's import both come here, so both are checked alike.
 */
export async function saveSettings(
  dependencies: SaveSettingsDependencies,
  caller: Caller,
  save: { baseVersion: number; settings: AiSettings },
): Promise<void> {
  await checkSettings(dependencies, caller.organisationId, save.settings);
  const before = await dependencies.settings.latest(caller.organisationId);
  try {
    await dependencies.settings.save(caller.organisationId, {
      baseVersion: save.baseVersion,
      settings: save.settings,
      updatedBy: { userId: caller.userId, email: caller.email },
      at: dependencies.now(),
    });
  } catch (error) {
    if (error instanceof VersionConflictError) throw versionConflict('settings', error.latestVersion);
    throw error;
  }
  await dependencies.audit.record(caller, {
    action: 'settings.update',
    target: 'settings/ai',
    before: (before?.content ?? null) as Record<string, unknown> | null,
    after: save.settings as Record<string, unknown>,
  });
}

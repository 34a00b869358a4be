import type { AiSettings } from './ai-settings';
import type { AiSettingsRepository } from './ai-settings-repository';

/**
 * The organisations the operator lets use the server-wide keys spend under a daily budget (SERVER_KEY_DAILY_BUDGET_USD)
 * unless their admins set one of their own, so no organisation can run up the operator's bill unbounded.
 */
export function withServerKeyBudget(
  repository: AiSettingsRepository,
  options: { organisations: readonly string[]; dailyUsd: number },
): AiSettingsRepository {
  const served = new Set(options.organisations);
  if (served.size === 0) return repository;
  // The same budgeted object for the same stored settings, so what askAI caches per settings object stays cached.
  const budgeted = new WeakMap<AiSettings, AiSettings>();
  return {
    ...repository,
    async get(organisationId) {
      const settings = await repository.get(organisationId);
      if (!served.has(organisationId) || settings.budgets.organisation.dailyUsd !== undefined) return settings;
      let withBudget = budgeted.get(settings);
      if (!withBudget) {
        withBudget = {
          ...settings,
          budgets: { ...settings.budgets, organisation: { ...settings.budgets.organisation, dailyUsd: options.dailyUsd } },
        };
        budgeted.set(settings, withBudget);
      }
      return withBudget;
    },
  };
}

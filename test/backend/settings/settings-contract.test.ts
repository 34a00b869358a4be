import { complexities as contractComplexities, providerId, roles as contractRoles } from '../../../contracts/common';
import { aiSettings, alertSettings, customModel, modelPrices } from '../../../contracts/settings';
import { roles } from '../../../backend/src/platform/http/caller';
import { catalogModelSchema, complexities, modelPricesSchema } from '../../../backend/src/ai/models/model-catalog';
import { providerIds } from '../../../backend/src/ai/providers/provider-adapter';
import { aiSettingsSchema, defaultAiSettings } from '../../../backend/src/ai/settings/ai-settings';
import { alertSettingsSchema } from '../../../backend/src/organisation-settings/alert-settings';

/**
 * The settings are defined once, in the contract: the backend validates, stores and reads them with that very
 * schema (limits, defaults, model keys), and GET /v1/settings answers its output. The lists both sides name
 * values from are the same lists.
 */
describe('the settings contract and the backend agree', () => {
  it('the backend validates settings with the contract itself, not a copy of it', () => {
    expect(aiSettingsSchema).toBe(aiSettings);
    expect(catalogModelSchema).toBe(customModel);
    expect(modelPricesSchema).toBe(modelPrices);
    expect(alertSettingsSchema).toBe(alertSettings);
  });

  it('the default settings are a settings answer of the contract, member for member', () => {
    expect(aiSettings.parse(defaultAiSettings)).toEqual(defaultAiSettings);
    expect(aiSettings.parse(aiSettingsSchema.parse({ customModels: [] }))).toEqual(defaultAiSettings);
  });

  it('every registered provider is a provider name of the contract, and complexities and roles are the same lists', () => {
    for (const id of providerIds) expect(providerId.safeParse(id).success).toBe(true);
    expect([...contractComplexities]).toEqual([...complexities]);
    expect([...contractRoles]).toEqual([...roles]);
  });
});

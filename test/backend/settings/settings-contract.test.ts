import type { z } from 'zod';
import { complexities as contractComplexities, providerId, roles as contractRoles } from '../../../contracts/common';
import { aiSettings, type AiSettings } from '../../../contracts/settings';
import { roles } from '../../../backend/src/platform/http/caller';
import { complexities } from '../../../backend/src/ai/models/model-catalog';
import { providerIds, type ProviderId } from '../../../backend/src/ai/providers/provider-adapter';
import { aiSettingsSchema, defaultAiSettings } from '../../../backend/src/ai/settings/ai-settings';

/**
 * The settings a save is validated with (aiSettingsSchema: limits, defaults, model keys) are the backend's;
 * the shape GET /v1/settings answers and the add-on edits is the contract's. The compiler holds them to the
 * same type both ways, and the lists both sides name values from are the same lists.
 */
type Exactly<Left, Right> = [Left] extends [Right] ? ([Right] extends [Left] ? true : false) : false;
/** The contract names providers as strings (the registry says which exist); the backend as the registry's ids. */
type ProvidersAsNames<Value> = Value extends ProviderId
  ? string
  : Value extends readonly (infer Item)[]
    ? ProvidersAsNames<Item>[]
    : Value extends object
      ? { [Key in keyof Value]: ProvidersAsNames<Value[Key]> }
      : Value;
const sameSettings: Exactly<ProvidersAsNames<z.output<typeof aiSettingsSchema>>, AiSettings> = true;

describe('the settings contract and the backend agree', () => {
  it('the backend validates into exactly the contract type', () => {
    expect(sameSettings).toBe(true);
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

import type { z } from 'zod';
import {
  complexities as contractComplexities,
  providerIds as contractProviderIds,
  roles as contractRoles,
} from '../../../contracts/common';
import { aiSettings, type AiSettings } from '../../../contracts/settings';
import { roles } from '../../../backend/src/platform/http/caller';
import { complexities } from '../../../backend/src/ai/models/model-catalog';
import { providerIds } from '../../../backend/src/ai/providers/provider-adapter';
import { aiSettingsSchema, defaultAiSettings } from '../../../backend/src/ai/settings/ai-settings';

/**
 * The settings a save is validated with (aiSettingsSchema: limits, defaults, model keys) are the backend's;
 * the shape GET /v1/settings answers and the add-on edits is the contract's. The compiler holds them to the
 * same type both ways, and the lists both sides name values from are the same lists.
 */
type Exactly<Left, Right> = [Left] extends [Right] ? ([Right] extends [Left] ? true : false) : false;
const sameSettings: Exactly<z.output<typeof aiSettingsSchema>, AiSettings> = true;

describe('the settings contract and the backend agree', () => {
  it('the backend validates into exactly the contract type', () => {
    expect(sameSettings).toBe(true);
  });

  it('the default settings are a settings answer of the contract, member for member', () => {
    expect(aiSettings.parse(defaultAiSettings)).toEqual(defaultAiSettings);
    expect(aiSettings.parse(aiSettingsSchema.parse({ customModels: [] }))).toEqual(defaultAiSettings);
  });

  it('providers, complexities and roles are the same lists on both sides', () => {
    expect([...contractProviderIds].sort()).toEqual([...providerIds].sort());
    expect([...contractComplexities]).toEqual([...complexities]);
    expect([...contractRoles]).toEqual([...roles]);
  });
});

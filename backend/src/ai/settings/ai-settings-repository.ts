import {
  createOrganisationSettingsRepository,
  type OrganisationSettingsRepository,
  type OrganisationSettingsRepositoryOptions,
} from '../../organisation-settings/organisation-settings-repository';
import type { Firestore } from '../../platform/firestore/connect-firestore';
import { aiSettingsSchema, defaultAiSettings, type AiSettings } from './ai-settings';

/** The organisation's settings document read and written with the AI policy's schema (alerts included). */
export type AiSettingsRepository = OrganisationSettingsRepository<AiSettings>;

export function createAiSettingsRepository(
  firestore: Firestore,
  options: OrganisationSettingsRepositoryOptions = {},
): AiSettingsRepository {
  return createOrganisationSettingsRepository(firestore, { schema: aiSettingsSchema, defaults: defaultAiSettings }, options);
}

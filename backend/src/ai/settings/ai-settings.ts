import type { z } from 'zod';
import { aiSettings } from '../../../../contracts/settings';
import { modelKey, type ModelReference } from '../models/model-catalog';

export type { PeriodLimits } from '../../../../contracts/settings';

/**
 * An organisation's AI policy (SPEC.md sections 6 and 8), with its limits and defaults: defined once, in the
 * contract (contracts/settings.ts), which GET /v1/settings answers and PUT /v1/settings takes.
 */
export const aiSettingsSchema = aiSettings;

export type AiSettings = z.infer<typeof aiSettingsSchema>;

export const defaultAiSettings: AiSettings = aiSettingsSchema.parse({});

/** Whether the organisation's policy lets a request use this model (pricing and connection aside). */
export function isModelAllowed(settings: AiSettings, reference: ModelReference): boolean {
  if (settings.allowedProviders !== null && !settings.allowedProviders.includes(reference.provider)) return false;
  return settings.allowedModels === null || settings.allowedModels.includes(modelKey(reference));
}

import type { Firestore } from '../../platform/firestore/connect-firestore';
import { aiSettingsSchema, defaultAiSettings, type AiSettings } from './ai-settings';

export interface AiSettingsRepository {
  get(organisationId: string): Promise<AiSettings>;
}

export interface AiSettingsRepositoryOptions {
  /** Settings are read on every askAI call; a short cache keeps that off the hot path. Admin edits apply within it. */
  cacheMs?: number;
  now?: () => number;
}

/** Reads orgs/{orgId}/settings/ai. A stored document that no longer parses falls back to defaults field by field. */
export function createAiSettingsRepository(firestore: Firestore, options: AiSettingsRepositoryOptions = {}): AiSettingsRepository {
  const cacheMs = options.cacheMs ?? 5000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { settings: Promise<AiSettings>; expiresAt: number }>();

  async function load(organisationId: string): Promise<AiSettings> {
    const snapshot = await firestore.doc(`orgs/${organisationId}/settings/ai`).get();
    if (!snapshot.exists) return defaultAiSettings;
    const parsed = aiSettingsSchema.safeParse(snapshot.data());
    return parsed.success ? parsed.data : defaultAiSettings;
  }

  return {
    get(organisationId) {
      const cached = cache.get(organisationId);
      if (cached && cached.expiresAt > now()) return cached.settings;
      const settings = load(organisationId);
      cache.set(organisationId, { settings, expiresAt: now() + cacheMs });
      settings.catch(() => cache.delete(organisationId));
      return settings;
    },
  };
}

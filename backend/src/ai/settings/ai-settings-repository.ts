import type { Firestore } from '../../platform/firestore/connect-firestore';
import { createVersionedDocuments, type StoredVersion } from '../../platform/firestore/versioned-documents';
import { aiSettingsSchema, defaultAiSettings, type AiSettings } from './ai-settings';

export interface AiSettingsRepository {
  /** The settings askAI applies, from a short cache. */
  get(organisationId: string): Promise<AiSettings>;
  /** The latest saved version, read fresh; undefined when an admin never saved any. */
  latest(organisationId: string): Promise<StoredVersion<AiSettings> | undefined>;
  /** Throws VersionConflictError when `baseVersion` is not the latest. */
  save(
    organisationId: string,
    save: { baseVersion: number; settings: AiSettings; updatedBy: { userId: string; email: string }; at: Date },
  ): Promise<StoredVersion<AiSettings>>;
}

export interface AiSettingsRepositoryOptions {
  /** Settings are read on every askAI call; a short cache keeps that off the hot path. Edits made on another instance apply within it. */
  cacheMs?: number;
  now?: () => number;
}

/** Keeps the parts of a stored settings document that still parse, so one bad field does not void the rest. */
function parseSettings(stored: unknown): AiSettings {
  const parsed = aiSettingsSchema.safeParse(stored ?? {});
  if (parsed.success) return parsed.data;
  const fields = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  const kept = Object.fromEntries(Object.entries(fields).filter(([name, value]) => aiSettingsSchema.safeParse({ [name]: value }).success));
  return aiSettingsSchema.safeParse(kept).data ?? defaultAiSettings;
}

/** `orgs/{orgId}/settings/ai`: the latest settings in `current`, every saved version under `versions/`. */
export function createAiSettingsRepository(firestore: Firestore, options: AiSettingsRepositoryOptions = {}): AiSettingsRepository {
  const cacheMs = options.cacheMs ?? 5000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { settings: Promise<AiSettings>; expiresAt: number }>();
  const documentPath = (organisationId: string) => `orgs/${organisationId}/settings/ai`;
  const versioned = createVersionedDocuments<AiSettings>(firestore, { parse: parseSettings });

  async function load(organisationId: string): Promise<AiSettings> {
    const snapshot = await firestore.doc(documentPath(organisationId)).get();
    return snapshot.exists ? parseSettings(snapshot.get('current')) : defaultAiSettings;
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
    latest(organisationId) {
      return versioned.latest(documentPath(organisationId));
    },
    async save(organisationId, save) {
      const stored = await versioned.save(documentPath(organisationId), {
        baseVersion: save.baseVersion,
        content: save.settings,
        updatedBy: save.updatedBy,
        at: save.at,
      });
      cache.delete(organisationId);
      return stored;
    },
  };
}

import type { z } from 'zod';
import type { Firestore } from '../platform/firestore/connect-firestore';
import { createVersionedDocuments, type StoredVersion } from '../platform/firestore/versioned-documents';

/**
 * An organisation's settings document, `orgs/{orgId}/settings/ai`: its AI policy (ai/settings/ai-settings.ts) and
 * who hears its alerts (alert-settings.ts here). The schema comes from the caller, so this module, which both
 * ai/ and alerts/ build on, imports neither of them.
 */
export interface OrganisationSettingsRepository<Settings> {
  /** The settings in force, from a short cache. */
  get(organisationId: string): Promise<Settings>;
  /** The latest saved version, read fresh; undefined when an admin never saved any. */
  latest(organisationId: string): Promise<StoredVersion<Settings> | undefined>;
  /** Throws VersionConflictError when `baseVersion` is not the latest. */
  save(
    organisationId: string,
    save: { baseVersion: number; settings: Settings; updatedBy: { userId: string; email: string }; at: Date },
  ): Promise<StoredVersion<Settings>>;
}

export interface OrganisationSettingsRepositoryOptions {
  /** Settings are read on every askAI call; a short cache keeps that off the hot path. Edits made on another instance apply within it. */
  cacheMs?: number;
  now?: () => number;
}

/** Every field of `schema` has a default, so an organisation that never opened Admin settings works out of the box. */
export interface OrganisationSettingsSchema<Settings> {
  schema: z.ZodType<Settings>;
  defaults: Settings;
}

/** Keeps the parts of a stored settings document that still parse, so one bad field does not void the rest. */
function parseSettings<Settings>({ schema, defaults }: OrganisationSettingsSchema<Settings>, stored: unknown): Settings {
  const parsed = schema.safeParse(stored ?? {});
  if (parsed.success) return parsed.data;
  const fields = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  const kept = Object.fromEntries(Object.entries(fields).filter(([name, value]) => schema.safeParse({ [name]: value }).success));
  return schema.safeParse(kept).data ?? defaults;
}

/** The latest settings in `current`, every saved version under `versions/`. */
export function createOrganisationSettingsRepository<Settings>(
  firestore: Firestore,
  settingsSchema: OrganisationSettingsSchema<Settings>,
  options: OrganisationSettingsRepositoryOptions = {},
): OrganisationSettingsRepository<Settings> {
  const cacheMs = options.cacheMs ?? 5000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { settings: Promise<Settings>; expiresAt: number }>();
  const documentPath = (organisationId: string) => `orgs/${organisationId}/settings/ai`;
  const parse = (stored: unknown) => parseSettings(settingsSchema, stored);
  const versioned = createVersionedDocuments<Settings>(firestore, { parse });

  async function load(organisationId: string): Promise<Settings> {
    const snapshot = await firestore.doc(documentPath(organisationId)).get();
    return snapshot.exists ? parse(snapshot.get('current')) : settingsSchema.defaults;
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

import type { Firestore } from 'firebase-admin/firestore';
import { createVersionedDocuments, type StoredVersion } from '../platform/firestore/versioned-documents';
import { firstToCreate } from '../platform/firestore/create-once';
import { dateOf } from '../platform/firestore/firestore-dates';
import { templateContentSchema, type TemplateContent } from './template-configuration';

export interface TemplateUsage {
  usageCount: number;
  lastUsedAt: Date | null;
  copiedFrom: string | null;
}

export interface TemplateSummary extends TemplateUsage {
  documentId: string;
  name: string;
  version: number;
  tagCount: number;
  updatedAt: Date | null;
  updatedBy: string | null;
}

export interface TemplatesRepository {
  latest(organisationId: string, documentId: string): Promise<(StoredVersion<TemplateContent> & TemplateUsage) | undefined>;
  /**
   * The configuration a fill uses, from a short cache (a miss is one read of the document's materialised copy;
   * a document with no configuration is cached too). A save or link made through this instance applies at once;
   * one made on another instance within `cacheMs`.
   */
  current(
    organisationId: string,
    documentId: string,
  ): Promise<{ version: number | undefined; content: TemplateContent | undefined; copiedFrom: string | null } | undefined>;
  save(
    organisationId: string,
    documentId: string,
    save: { baseVersion: number; content: TemplateContent; updatedBy: { userId: string; email: string }; at: Date },
  ): Promise<StoredVersion<TemplateContent>>;
  history(
    organisationId: string,
    documentId: string,
    options: { limit: number; beforeVersion?: number | undefined },
  ): Promise<StoredVersion<TemplateContent>[]>;
  /** Names the source of a copy; false when the copy already has a configuration of its own. */
  linkCopy(organisationId: string, copyDocumentId: string, sourceDocumentId: string): Promise<boolean>;
  /** Configured templates by document id, keyset-paged. */
  list(
    organisationId: string,
    options: { limit: number; after?: string | undefined },
  ): Promise<{ templates: TemplateSummary[]; next?: string }>;
}

function usageOf(data: FirebaseFirestore.DocumentData | undefined): TemplateUsage {
  return {
    usageCount: Number(data?.usageCount ?? 0),
    lastUsedAt: dateOf(data?.lastUsedAt),
    copiedFrom: (data?.copiedFrom as string | undefined) ?? null,
  };
}

export interface TemplatesRepositoryOptions {
  /**
   * How long a fill may use a configuration read earlier: every fill needs it and it rarely changes, so it stays
   * off the fill's path; an edit made on another instance applies within this time (5 s, as for the settings).
   */
  cacheMs?: number;
  now?: () => number;
}

type CurrentTemplate = Awaited<ReturnType<TemplatesRepository['current']>>;

/** Entries kept at most: the oldest goes first. */
const maxCachedTemplates = 10_000;

/** `orgs/{orgId}/templates/{documentId}`: the configuration in `current`, every version under `versions/`. */
export function createTemplatesRepository(firestore: Firestore, options: TemplatesRepositoryOptions = {}): TemplatesRepository {
  const cacheMs = options.cacheMs ?? 5000;
  const now = options.now ?? Date.now;
  const path = (organisationId: string, documentId: string) => `orgs/${organisationId}/templates/${documentId}`;
  const versioned = createVersionedDocuments<TemplateContent>(firestore, { parse: (stored) => templateContentSchema.parse(stored) });
  const cache = new Map<string, { current: Promise<CurrentTemplate>; expiresAt: number }>();
  const forget = (organisationId: string, documentId: string) => cache.delete(path(organisationId, documentId));
  const read = async (organisationId: string, documentId: string): Promise<CurrentTemplate> => {
    const snapshot = await firestore.doc(path(organisationId, documentId)).get();
    if (!snapshot.exists) return undefined;
    const data = snapshot.data() as FirebaseFirestore.DocumentData;
    const content = data.current === undefined ? undefined : templateContentSchema.parse(data.current);
    return { version: content ? Number(data.version) : undefined, content, copiedFrom: usageOf(data).copiedFrom };
  };
  return {
    async latest(organisationId, documentId) {
      const [latest, document] = await Promise.all([
        versioned.latest(path(organisationId, documentId)),
        firestore.doc(path(organisationId, documentId)).get(),
      ]);
      return latest && { ...latest, ...usageOf(document.data()) };
    },
    current(organisationId, documentId) {
      const key = path(organisationId, documentId);
      const cached = cache.get(key);
      if (cached && cached.expiresAt > now()) return cached.current;
      const current = read(organisationId, documentId);
      // Map order is insertion order: deleting first moves a refreshed entry to the back.
      cache.delete(key);
      cache.set(key, { current, expiresAt: now() + cacheMs });
      if (cache.size > maxCachedTemplates) cache.delete(cache.keys().next().value as string);
      // A failed read is not remembered: the next fill reads again.
      current.catch(() => {
        if (cache.get(key)?.current === current) cache.delete(key);
      });
      return current;
    },
    async save(organisationId, documentId, save) {
      try {
        return await versioned.save(path(organisationId, documentId), {
          ...save,
          indexFields: { documentId, name: save.content.name, tagCount: Object.keys(save.content.tags).length },
        });
      } finally {
        // Also after a failure: a save whose answer was lost may still have landed.
        forget(organisationId, documentId);
      }
    },
    history(organisationId, documentId, options) {
      return versioned.history(path(organisationId, documentId), options);
    },
    async linkCopy(organisationId, copyDocumentId, sourceDocumentId) {
      try {
        return await firstToCreate(() =>
          firestore
            .doc(path(organisationId, copyDocumentId))
            .create({ documentId: copyDocumentId, copiedFrom: sourceDocumentId, usageCount: 0 }),
        );
      } finally {
        forget(organisationId, copyDocumentId);
      }
    },
    async list(organisationId, options) {
      let query = firestore.collection(`orgs/${organisationId}/templates`).orderBy('documentId');
      if (options.after) query = query.where('documentId', '>', options.after);
      const snapshot = await query.limit(options.limit).get();
      const last = snapshot.docs.at(-1);
      const templates = snapshot.docs
        // A copy linked to its source but not configured yet has no version of its own.
        .filter((document) => document.get('version') !== undefined)
        .map((document) => {
          const data = document.data();
          return {
            documentId: String(data.documentId),
            name: String(data.name ?? ''),
            version: Number(data.version),
            tagCount: Number(data.tagCount ?? 0),
            updatedAt: dateOf(data.updatedAt),
            updatedBy: (data.updatedBy?.email as string | undefined) ?? null,
            ...usageOf(data),
          };
        });
      return last && snapshot.docs.length === options.limit ? { templates, next: String(last.get('documentId')) } : { templates };
    },
  };
}

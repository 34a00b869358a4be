import type { Firestore } from 'firebase-admin/firestore';
import { isAlreadyExists } from './firestore-errors';

export interface StoredVersion<Content> {
  version: number;
  content: Content;
  updatedAt: Date;
  updatedBy: { userId: string; email: string };
}

export class VersionConflictError extends Error {
  constructor(readonly latestVersion: number) {
    super(`Someone saved version ${latestVersion} meanwhile.`);
    this.name = 'VersionConflictError';
  }
}

export interface VersionedDocuments<Content> {
  latest(documentPath: string): Promise<StoredVersion<Content> | undefined>;
  /**
   * Saves `content` as version baseVersion + 1. Exactly one of several concurrent savers of the same base
   * wins, because each creates the version document and `create` fails when it exists; the losers get a
   * {@link VersionConflictError} instead of silently overwriting (no transactions: see FACTS.md).
   */
  save(
    documentPath: string,
    save: {
      baseVersion: number;
      content: Content;
      updatedBy: StoredVersion<Content>['updatedBy'];
      at: Date;
      indexFields?: Record<string, unknown>;
    },
  ): Promise<StoredVersion<Content>>;
  /** Newest first, versions below `beforeVersion` when given. */
  history(documentPath: string, options: { limit: number; beforeVersion?: number | undefined }): Promise<StoredVersion<Content>[]>;
}

/**
 * Every saved version lives in `{documentPath}/versions/{n}`; the document itself carries a copy of the
 * latest in its `current` field for readers that want one `get` (askAI's settings, a fill's template).
 * The versions are the truth: if a saver stops between the two writes, the next read repairs the copy.
 */
export function createVersionedDocuments<Content>(
  firestore: Firestore,
  options: { parse(stored: unknown): Content },
): VersionedDocuments<Content> {
  const versions = (documentPath: string) => firestore.doc(documentPath).collection('versions');
  const toVersion = (data: FirebaseFirestore.DocumentData): StoredVersion<Content> => ({
    version: Number(data.version),
    content: options.parse(data.content),
    updatedAt: data.updatedAt.toDate(),
    updatedBy: { userId: String(data.updatedBy?.userId ?? ''), email: String(data.updatedBy?.email ?? '') },
  });
  // mergeFields replaces `current` whole (a removed entry really goes) and leaves the document's other
  // fields, such as a template's usage counters, alone.
  // Index fields (a template's name, say) sit beside `current` so lists can query and order by them.
  const materialise = (documentPath: string, version: StoredVersion<Content>, indexFields: Record<string, unknown> = {}) => {
    const fields = {
      ...indexFields,
      current: version.content,
      version: version.version,
      updatedAt: version.updatedAt,
      updatedBy: version.updatedBy,
    };
    return firestore.doc(documentPath).set(fields, { mergeFields: Object.keys(fields) });
  };
  const newestVersion = async (documentPath: string) =>
    Number((await versions(documentPath).orderBy('version', 'desc').limit(1).get()).docs[0]?.get('version') ?? 0);

  return {
    async latest(documentPath) {
      const [newest, current] = await Promise.all([
        versions(documentPath).orderBy('version', 'desc').limit(1).get(),
        firestore.doc(documentPath).get(),
      ]);
      const data = newest.docs[0]?.data();
      if (!data) return undefined;
      const latest = toVersion(data);
      if (Number(current.get('version') ?? 0) < latest.version) await materialise(documentPath, latest);
      return latest;
    },
    async save(documentPath, save) {
      const newest = await newestVersion(documentPath);
      if (newest !== save.baseVersion) throw new VersionConflictError(newest);
      const stored: StoredVersion<Content> = {
        version: save.baseVersion + 1,
        content: save.content,
        updatedAt: save.at,
        updatedBy: save.updatedBy,
      };
      try {
        await versions(documentPath)
          .doc(String(stored.version).padStart(8, '0'))
          .create({ ...stored, content: stored.content as unknown });
      } catch (error) {
        if (!isAlreadyExists(error)) throw error;
        throw new VersionConflictError(await newestVersion(documentPath));
      }
      await materialise(documentPath, stored, save.indexFields);
      return stored;
    },
    async history(documentPath, options) {
      let query = versions(documentPath).orderBy('version', 'desc');
      if (options.beforeVersion !== undefined) query = query.where('version', '<', options.beforeVersion);
      const snapshot = await query.limit(options.limit).get();
      return snapshot.docs.map((document) => toVersion(document.data()));
    },
  };
}

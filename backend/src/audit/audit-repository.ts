import { randomUUID } from 'node:crypto';
import type { Firestore } from 'firebase-admin/firestore';

export interface AuditEntry {
  id: string;
  at: Date;
  actorUserId: string;
  actorEmail: string;
  /** `connection.create`, `member.update`, `settings.update`, … */
  action: string;
  /** What was changed, e.g. `connections/abc`. */
  target: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export interface AuditPage {
  entries: AuditEntry[];
  /** Pass as `after` for the next page; absent on the last page. */
  next?: string;
}

export interface AuditRepository {
  append(organisationId: string, entry: Omit<AuditEntry, 'id'>): Promise<AuditEntry>;
  /** Newest first. */
  list(organisationId: string, options: { limit: number; after?: string | undefined }): Promise<AuditPage>;
}

/**
 * `orgs/{orgId}/audit/{id}`. Pages are keyed by `sortKey` (time, then id) with a `where`, not a cursor:
 * the emulator ignores `startAfter` (FACTS.md), and a keyset is stable when entries arrive meanwhile.
 */
export function createAuditRepository(firestore: Firestore): AuditRepository {
  const collection = (organisationId: string) => firestore.collection('orgs').doc(organisationId).collection('audit');
  return {
    async append(organisationId, entry) {
      const id = randomUUID();
      const stored = { ...entry, id };
      await collection(organisationId)
        .doc(id)
        .create({ ...stored, sortKey: `${entry.at.toISOString()}|${id}` });
      return stored;
    },
    async list(organisationId, options) {
      let query = collection(organisationId).orderBy('sortKey', 'desc');
      if (options.after) query = query.where('sortKey', '<', options.after);
      const snapshot = await query.limit(options.limit + 1).get();
      const documents = snapshot.docs.slice(0, options.limit);
      const entries = documents.map((document) => {
        const data = document.data();
        return {
          id: String(data.id),
          at: data.at.toDate(),
          actorUserId: String(data.actorUserId),
          actorEmail: String(data.actorEmail),
          action: String(data.action),
          target: String(data.target),
          before: (data.before ?? null) as AuditEntry['before'],
          after: (data.after ?? null) as AuditEntry['after'],
        };
      });
      const last = documents.at(-1);
      return snapshot.docs.length > options.limit && last ? { entries, next: String(last.get('sortKey')) } : { entries };
    },
  };
}

import type { DocumentReference, Firestore } from 'firebase-admin/firestore';

/**
 * `fillOutputExpiries/{orgId}~{fillId}`: when a fill's generated texts (`orgs/{orgId}/executions/{fillId}/outputs/{tag}`)
 * expire. The index is top-level, across organisations, because the sweep has to find expired texts of every
 * organisation and the embedded emulator answers collection-group queries with nothing; one ordered range
 * query on a top-level collection works on both it and real Firestore (like `alertOutbox`).
 */
export interface FillOutputExpiry {
  organisationId: string;
  fillId: string;
  /** The tags whose output documents the fill wrote. */
  tags: string[];
  expireAt: Date;
}

export interface FillOutputExpiriesRepository {
  /** At most `limit` entries whose texts expired at or before `at`, the longest expired first. */
  expired(at: Date, limit: number): Promise<FillOutputExpiry[]>;
  /** Deletes the entries' output documents, then the entries; answers how many output documents were deleted. */
  deleteOutputs(entries: readonly FillOutputExpiry[]): Promise<number>;
}

/** Fewer than Firestore's 500 writes per batch, with room to spare. */
export const deleteBatchSize = 450;

export const fillOutputExpiriesCollection = 'fillOutputExpiries';

/** The index entry of one fill: `executions-repository.ts` writes it in the batch that records the outputs. */
export function fillOutputExpiryDocument(firestore: Firestore, organisationId: string, fillId: string): DocumentReference {
  return firestore.collection(fillOutputExpiriesCollection).doc(`${organisationId}~${fillId}`);
}

function outputDocument(firestore: Firestore, entry: FillOutputExpiry, tag: string): DocumentReference {
  return firestore.collection('orgs').doc(entry.organisationId).collection('executions').doc(entry.fillId).collection('outputs').doc(tag);
}

export function createFillOutputExpiriesRepository(firestore: Firestore): FillOutputExpiriesRepository {
  return {
    async expired(at, limit) {
      const snapshot = await firestore
        .collection(fillOutputExpiriesCollection)
        .where('expireAt', '<=', at)
        .orderBy('expireAt')
        .limit(limit)
        .get();
      return snapshot.docs.map((document) => {
        const data = document.data();
        return {
          organisationId: String(data.organisationId),
          fillId: String(data.fillId),
          tags: Array.isArray(data.tags) ? data.tags.map(String) : [],
          expireAt: data.expireAt.toDate(),
        };
      });
    },
    async deleteOutputs(entries) {
      // Each entry's outputs come before the entry itself and batches commit in order, so a sweep cut short
      // leaves the entry behind for the next sweep rather than texts nobody would ever find again.
      const deletions: DocumentReference[] = entries.flatMap((entry) => [
        ...entry.tags.map((tag) => outputDocument(firestore, entry, tag)),
        fillOutputExpiryDocument(firestore, entry.organisationId, entry.fillId),
      ]);
      for (let start = 0; start < deletions.length; start += deleteBatchSize) {
        const batch = firestore.batch();
        for (const document of deletions.slice(start, start + deleteBatchSize)) batch.delete(document);
        await batch.commit();
      }
      return deletions.length - entries.length;
    },
  };
}

import type { Firestore, WriteBatch } from 'firebase-admin/firestore';

/** Comfortably under Firestore's 500 writes per batch and 10 MiB per request for ordinary documents. */
export const writeBatchSize = 400;

/** Adds `write(batch, item)` for every item, committing a batch every `writeBatchSize` items (one after another). */
export async function commitInBatches<Item>(
  firestore: Firestore,
  items: readonly Item[],
  write: (batch: WriteBatch, item: Item) => void,
): Promise<void> {
  for (let start = 0; start < items.length; start += writeBatchSize) {
    const batch = firestore.batch();
    for (const item of items.slice(start, start + writeBatchSize)) write(batch, item);
    await batch.commit();
  }
}

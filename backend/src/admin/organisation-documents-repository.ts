import type { Firestore } from 'firebase-admin/firestore';
import { commitInBatches } from '../platform/firestore/commit-in-batches';

/**
 * The collections an organisation's data lives in, walked by name: the embedded emulator cannot list
 * collections, and naming them keeps an export to exactly what the product stores.
 */
const organisationCollections: { name: string; children?: string[] }[] = [
  { name: 'members' },
  { name: 'roleGrants' },
  { name: 'connections' },
  { name: 'settings', children: ['versions'] },
  { name: 'templates', children: ['versions'] },
  { name: 'executions', children: ['outputs', 'feedback'] },
  { name: 'usage' },
  { name: 'budgetCounters' },
  { name: 'budgetAlerts', children: ['deliveryClaims'] },
  { name: 'alerts', children: ['deliveryClaims'] },
  { name: 'alertChannels' },
  { name: 'audit' },
  // Not `usageDays`: those are packed copies of closed days' usage records (usage/usage-day-rollups.ts), rebuilt
  // from the records by the first summary that needs them, and never exported or imported.
];

/** A packed usage day, `orgs/{orgId}/usageDays/{day}-{part}`. */
export function isUsageDayPath(documentPath: string): boolean {
  const segments = documentPath.split('/');
  return segments.length === 4 && segments[0] === 'orgs' && segments[2] === 'usageDays';
}

/** The organisations that documents at these paths belong to. */
export function organisationsOfPaths(documentPaths: readonly string[]): string[] {
  const organisations = new Set<string>();
  for (const documentPath of documentPaths) {
    const [collection, organisationId] = documentPath.split('/');
    if (collection === 'orgs' && organisationId) organisations.add(organisationId);
  }
  return [...organisations].sort();
}

/**
 * Deletes an organisation's packed usage days, so the next summary packs them again from the usage records.
 * Needed whenever records of a closed day change behind the packer's back (an import): a day packed before
 * would otherwise hide them. Answers how many documents were deleted.
 */
export async function clearUsageDays(firestore: Firestore, organisationId: string): Promise<number> {
  const documents = (await firestore.collection(`orgs/${organisationId}/usageDays`).select().get()).docs;
  await commitInBatches(firestore, documents, (batch, document) => batch.delete(document.ref));
  return documents.length;
}

/** Every document path of one organisation, its own document first. */
export async function organisationDocumentPaths(firestore: Firestore, organisationId: string): Promise<string[]> {
  const root = `orgs/${organisationId}`;
  const paths = [root];
  for (const collection of organisationCollections) {
    const parents = await firestore.collection(`${root}/${collection.name}`).select().get();
    for (const parent of parents.docs) {
      paths.push(parent.ref.path);
      for (const child of collection.children ?? []) {
        const children = await parent.ref.collection(child).select().get();
        paths.push(...children.docs.map((document) => document.ref.path));
      }
    }
  }
  return paths;
}

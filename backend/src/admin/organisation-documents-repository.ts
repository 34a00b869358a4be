import type { Firestore } from 'firebase-admin/firestore';

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
  { name: 'executions', children: ['feedback'] },
  { name: 'usage' },
  { name: 'budgetCounters' },
  { name: 'budgetAlerts', children: ['deliveryClaims'] },
  { name: 'alerts', children: ['deliveryClaims'] },
  { name: 'alertChannels' },
  { name: 'audit' },
];

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

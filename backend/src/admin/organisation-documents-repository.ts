import type { Firestore, Timestamp } from 'firebase-admin/firestore';
import { fillOutputExpiryDocument } from '../fills/fill-output-expiries-repository';
import { commitInBatches } from '../platform/firestore/commit-in-batches';
import type { ImportedDocument } from '../platform/firestore/firestore-data-file';

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
  // `feedback` under an execution: ratings given before they moved to `tagFeedback`.
  { name: 'executions', children: ['outputs', 'feedback'] },
  { name: 'tagFeedback' },
  // Unlike `usageDays`, carried: a day's `changedAt` is how a summary knows the day has ratings at all.
  { name: 'feedbackDays' },
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

/** A fill's generated text, `orgs/{orgId}/executions/{fillId}/outputs/{tag}`, with its `expireAt` if it has one. */
function outputExpiry(
  documentPath: string,
  data: { [key: string]: unknown },
): { organisationId: string; fillId: string; tag: string; expireAt?: Timestamp } | undefined {
  const [orgs, organisationId, executions, fillId, outputs, tag, ...rest] = documentPath.split('/');
  if (orgs !== 'orgs' || executions !== 'executions' || outputs !== 'outputs' || !organisationId || !fillId || !tag || rest.length > 0)
    return undefined;
  // Checked by shape, like the reads do: outputs written before texts expired have no expireAt.
  const expireAt = data.expireAt as Timestamp | undefined;
  return { organisationId, fillId, tag, ...(typeof expireAt?.toMillis === 'function' ? { expireAt } : {}) };
}

/**
 * A generated text whose retention ended at or before `at`: the sweep would delete it, so it is neither
 * exported nor imported (expired texts never leave the system, nor come back through an import).
 */
export function isExpiredOutput(documentPath: string, data: { [key: string]: unknown }, at: Date): boolean {
  const expireAt = outputExpiry(documentPath, data)?.expireAt;
  return expireAt !== undefined && expireAt.toMillis() <= at.getTime();
}

/**
 * The `fillOutputExpiries` entries of imported generated texts: the index is top-level, so no organisation's
 * export carries it, and without it the sweep would never delete the imported texts. One per fill, with the
 * imported tags and the latest of their expireAt (no text is swept before its own retention ends).
 */
export function fillOutputExpiryEntries(firestore: Firestore, documents: readonly ImportedDocument[]): ImportedDocument[] {
  const fills = new Map<string, { organisationId: string; fillId: string; tags: string[]; expireAt: Timestamp }>();
  for (const { ref, data } of documents) {
    const output = outputExpiry(ref.path, data);
    if (!output?.expireAt) continue;
    const key = `${output.organisationId}/${output.fillId}`;
    const fill = fills.get(key);
    if (!fill)
      fills.set(key, { organisationId: output.organisationId, fillId: output.fillId, tags: [output.tag], expireAt: output.expireAt });
    else {
      fill.tags.push(output.tag);
      if (output.expireAt.toMillis() > fill.expireAt.toMillis()) fill.expireAt = output.expireAt;
    }
  }
  return [...fills.values()].map(({ organisationId, fillId, tags, expireAt }) => ({
    ref: fillOutputExpiryDocument(firestore, organisationId, fillId),
    data: { organisationId, fillId, tags, expireAt: expireAt.toDate() },
  }));
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

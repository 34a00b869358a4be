import type { DocumentData, DocumentReference, Firestore, WriteBatch } from 'firebase-admin/firestore';
import { firstToCreate } from './create-once';

/** What a transition writes: the document's new fields, and any writes that must land with them (counters). */
export interface TransitionWrite {
  update: Record<string, unknown>;
  alongside?: ((batch: WriteBatch) => void) | undefined;
  /**
   * The document reaches a state it is not expected to leave (a job ended, a run cancelled): its transitions so
   * far are listed in `settledTransitions` for the sweeper to delete once they are `transitionRetentionMs` old.
   */
  settles?: boolean | undefined;
}

/**
 * How long a transition document is kept. It is what refuses a writer that read the document before it, so it
 * must outlive every read-then-commit in flight: those take seconds (every Firestore call has a deadline), so
 * a day leaves a margin no stalled writer reaches. Also the `expireAt` of each transition, for Firestore's TTL
 * policy (README), which deletes those of documents that never settle.
 */
export const transitionRetentionMs = 24 * 60 * 60_000;

/**
 * `settledTransitions/{document path, / as |}@{sequence}`: a settled document's transitions 1…upTo, to delete
 * at `expireAt`. Top-level, because the embedded emulator answers collection-group queries with nothing, so a
 * sweep cannot find `transitions` documents themselves; one entry per settling change, so an entry is never
 * rewritten under a sweeper that is deleting what it lists.
 */
export const settledTransitionsCollection = 'settledTransitions';

export type TransitionOutcome = { changed: true; before: DocumentData; after: DocumentData } | { changed: false; before: DocumentData };

/** Racing writers give way to each other this many times before the caller hears of it. */
const maximumTries = 20;

export class TransitionTargetMissing extends Error {}

/**
 * Moves a document from one state to the next so that racing writers are serialised without transactions
 * (the emulator's do not isolate: FACTS.md). The document holds `sequence` n; a change creates
 * `{document}/transitions/{n+1}` first in the batch that updates it, so of two writers that read n exactly one
 * lands and the other reads again and decides anew. The create is the batch's only create and comes first:
 * the embedded emulator applies a batch's writes up to the first refused one, so nothing else lands without it.
 * `decide` answers undefined when nothing is to change; it may run several times.
 */
export async function transition(
  firestore: Firestore,
  reference: DocumentReference,
  at: Date,
  decide: (current: DocumentData) => Promise<TransitionWrite | undefined> | TransitionWrite | undefined,
): Promise<TransitionOutcome> {
  for (let tries = 0; tries < maximumTries; tries += 1) {
    const snapshot = await reference.get();
    if (!snapshot.exists) throw new TransitionTargetMissing(`${reference.path} does not exist`);
    const before = snapshot.data() as DocumentData;
    const write = await decide(before);
    if (!write) return { changed: false, before };
    const sequence = typeof before.sequence === 'number' ? before.sequence + 1 : 1;
    const batch = firestore.batch();
    const expireAt = new Date(at.getTime() + transitionRetentionMs);
    batch.create(reference.collection('transitions').doc(String(sequence)), {
      at,
      from: before.state ?? before.status ?? null,
      to: write.update.state ?? write.update.status ?? null,
      expireAt,
    });
    batch.update(reference, { ...write.update, sequence });
    write.alongside?.(batch);
    if (write.settles) {
      batch.set(firestore.collection(settledTransitionsCollection).doc(`${reference.path.replaceAll('/', '|')}@${sequence}`), {
        path: reference.path,
        upTo: sequence,
        expireAt,
      });
    }
    if (await firstToCreate(() => batch.commit())) return { changed: true, before, after: { ...before, ...write.update, sequence } };
  }
  throw new Error(`${reference.path} kept changing under ${maximumTries} tries; try again.`);
}

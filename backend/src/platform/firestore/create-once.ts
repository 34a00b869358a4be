import type { DocumentData, DocumentReference } from 'firebase-admin/firestore';
import { isAlreadyExists } from './firestore-errors';

/*
 * How this backend decides races without transactions: `create` is the one write Firestore (and the emulator,
 * which has no transaction isolation: FACTS.md) refuses to repeat, so of several racing writers exactly one
 * creates. Reading first and creating when nothing was found is not safe: two readers can both find nothing.
 */

/**
 * Runs a write that starts with a `create` (a claim, a marker, an "ended once" document, a batch holding
 * one): true when this call created it, false when someone else had.
 */
export async function firstToCreate(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (isAlreadyExists(error)) return false;
    throw error;
  }
}

export type CreateIfAbsentResult<Data> = { created: true; stored: Data } | { created: false; stored: DocumentData };

/** A document deleted between a refused create and the read after it is created again, this many times at most. */
const maximumTries = 3;

/**
 * Creates the document unless it exists, and answers what is stored afterwards: `data` when this call created
 * it, else the document someone else created first (read once, after the refused create).
 */
export async function createIfAbsent<Data extends DocumentData>(
  reference: DocumentReference,
  data: Data,
): Promise<CreateIfAbsentResult<Data>> {
  for (let tries = 0; tries < maximumTries; tries += 1) {
    if (await firstToCreate(() => reference.create(data))) return { created: true, stored: data };
    const existing = await reference.get();
    if (existing.exists) return { created: false, stored: existing.data() as DocumentData };
  }
  throw new Error(`${reference.path} was deleted each time after another writer created it; tried ${maximumTries} times.`);
}

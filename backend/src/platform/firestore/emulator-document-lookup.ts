import { FirestoreStateCollection, FirestoreStateDocument } from '@firestore-emulator/server';

/**
 * The embedded emulator (`@firestore-emulator/server` 0.3.15, the only release there is) keeps a collection's
 * documents in an object it replaces through immer's `produce` on every lookup of a document, read or write:
 * a new document copies the whole object, and every lookup deep-freezes it again. A write therefore costs time
 * proportional to the documents already in its collection: measured with 8-document commits into one
 * collection, the emulator's commit went from 40 to 150 ms over 2600 commits, and the benchmark's emulator used
 * more CPU per fill than the backend it served. Firestore itself does not slow down as a collection grows.
 *
 * The emulator is a stand-in we run ourselves (FACTS.md), so its lookup is replaced here by one that adds a
 * missing document to the object in place. Nothing else changes: the emulator holds the same documents and
 * answers the same way. Its own lookup also tested `name in documents`, which an id such as `constructor`
 * matched through the object's prototype; own keys only here, for every id.
 */
export function makeEmulatorDocumentLookupConstantTime(): void {
  const prototype = FirestoreStateCollection.prototype as unknown as Record<symbol, unknown>;
  if (prototype[patchedMark]) return;
  prototype[patchedMark] = true;
  FirestoreStateCollection.prototype.getDocument = function getDocument(this: FirestoreStateCollection, documentName: string) {
    // Private in the emulator's typings; the fields its own lookup uses.
    const collection = this as unknown as OpenCollection;
    const existing = Object.hasOwn(collection.documents, documentName) ? collection.documents[documentName] : undefined;
    if (existing) return existing;
    // Objects the emulator froze before this replacement took over are copied once; from then on they stay open.
    if (Object.isFrozen(collection.documents)) collection.documents = { ...collection.documents };
    const document = new FirestoreStateDocument(collection.emitter, this.database, this, documentName, {}, {});
    // Defined, not assigned: an id `__proto__` is then a document like any other, not the object's prototype.
    Object.defineProperty(collection.documents, documentName, { value: document, enumerable: true, writable: true, configurable: true });
    return document;
  };
}

interface OpenCollection {
  emitter: ConstructorParameters<typeof FirestoreStateDocument>[0];
  documents: Record<string, FirestoreStateDocument>;
}

const patchedMark = Symbol.for('ai-template-fill.emulator-document-lookup');

import { FirestoreServer, FirestoreStateDocument } from '@firestore-emulator/server';
import { connectFirestore } from '../../../backend/src/platform/firestore/connect-firestore';
import { makeEmulatorDocumentLookupConstantTime } from '../../../backend/src/platform/firestore/emulator-document-lookup';

const root = 'projects/demo-local/databases/(default)/documents';

describe("the embedded emulator's document lookup", () => {
  it('finds documents named like an object property, which the library alone mistakes for its prototype', () => {
    // Jest gives this file its own copy of the library, not yet replaced: the planted positive.
    const before = new FirestoreServer().state;
    expect(before.getDocument(`${root}/things/constructor`)).not.toBeInstanceOf(FirestoreStateDocument);

    makeEmulatorDocumentLookupConstantTime();
    const after = new FirestoreServer().state;
    const found = after.getDocument(`${root}/things/constructor`);
    expect(found).toBeInstanceOf(FirestoreStateDocument);
    expect(found.name).toBe('constructor');
    // The same document each time, and the collection keeps every document it was asked for.
    expect(after.getDocument(`${root}/things/constructor`)).toBe(found);
    for (let index = 0; index < 50; index += 1) after.getDocument(`${root}/things/t${index}`);
    // An id that names the object's prototype is a document too, and leaves the others where they are.
    expect(after.getDocument(`${root}/things/__proto__`)).toBeInstanceOf(FirestoreStateDocument);
    expect(after.getCollection(`${root}/things`).getAllDocuments()).toHaveLength(52);
    expect(after.getDocument(`${root}/things/t7`).name).toBe('t7');
  });

  it('serves firebase-admin the same documents, queries and refusals with the replaced lookup', async () => {
    const connection = await connectFirestore({});
    try {
      const things = connection.firestore.collection('things');
      await things.doc('constructor').create({ kind: 'prototype name' });
      await things.doc('toString').create({ kind: 'prototype name' });
      await Promise.all(Array.from({ length: 200 }, (_, index) => things.doc(`thing-${index}`).create({ kind: 'plain', index })));

      expect((await things.doc('constructor').get()).data()).toEqual({ kind: 'prototype name' });
      expect((await things.where('kind', '==', 'prototype name').get()).docs.map((snapshot) => snapshot.id).sort()).toEqual([
        'constructor',
        'toString',
      ]);
      expect((await things.count().get()).data().count).toBe(202);
      expect((await things.doc('thing-7').get()).data()).toEqual({ kind: 'plain', index: 7 });
      // create on an existing document is still refused (ALREADY_EXISTS), as FACTS.md records.
      await expect(things.doc('thing-7').create({ kind: 'again' })).rejects.toMatchObject({ code: 6 });
      expect((await things.doc('missing').get()).exists).toBe(false);
    } finally {
      await connection.close();
    }
  });
});

import { connectFirestore, type FirestoreConnection } from '../../../backend/src/platform/firestore/connect-firestore';
import { createIfAbsent, firstToCreate } from '../../../backend/src/platform/firestore/create-once';

let connection: FirestoreConnection;
let sequence = 0;
const freshDocument = () => connection.firestore.doc(`createOnceTest/document-${(sequence += 1)}`);

beforeAll(async () => {
  connection = await connectFirestore({});
});

afterAll(async () => {
  await connection.close();
});

describe('createIfAbsent', () => {
  test('creates a missing document and answers what it wrote', async () => {
    const reference = freshDocument();
    await expect(createIfAbsent(reference, { owner: 'ada' })).resolves.toEqual({ created: true, stored: { owner: 'ada' } });
    expect((await reference.get()).data()).toEqual({ owner: 'ada' });
  });

  test('leaves an existing document as it is and answers it', async () => {
    const reference = freshDocument();
    await reference.create({ owner: 'ada', since: 1 });
    await expect(createIfAbsent(reference, { owner: 'grace' })).resolves.toEqual({ created: false, stored: { owner: 'ada', since: 1 } });
    expect((await reference.get()).data()).toEqual({ owner: 'ada', since: 1 });
  });

  test('of twenty racing writers exactly one creates, and every one answers what that one stored', async () => {
    const reference = freshDocument();
    const writers = Array.from({ length: 20 }, (_, index) => `writer-${index}`);
    const outcomes = await Promise.all(writers.map((owner) => createIfAbsent(reference, { owner })));
    const stored = (await reference.get()).data();
    expect(outcomes.filter((outcome) => outcome.created)).toHaveLength(1);
    expect(writers).toContain(stored?.owner);
    expect(outcomes.map((outcome) => outcome.stored)).toEqual(writers.map(() => stored));
  });

  test('a refusal other than "already exists" reaches the caller', async () => {
    // PERMISSION_DENIED (gRPC 7) stands for any failure that is not a lost race.
    const refusing = { path: 'createOnceTest/x', create: () => Promise.reject(Object.assign(new Error('denied'), { code: 7 })) };
    await expect(createIfAbsent(refusing as unknown as FirebaseFirestore.DocumentReference, { owner: 'ada' })).rejects.toThrow('denied');
  });

  test('a document deleted between the refused create and the read is created again', async () => {
    const reference = freshDocument();
    await reference.create({ owner: 'ada' });
    // The first read happens after someone deleted the document that refused the create.
    const deletingBeforeFirstRead = Object.assign(Object.create(reference) as FirebaseFirestore.DocumentReference, {
      get: async () => {
        await reference.delete();
        Object.assign(deletingBeforeFirstRead, { get: () => reference.get() });
        return reference.get();
      },
    });
    await expect(createIfAbsent(deletingBeforeFirstRead, { owner: 'grace' })).resolves.toEqual({
      created: true,
      stored: { owner: 'grace' },
    });
    expect((await reference.get()).data()).toEqual({ owner: 'grace' });
  });
});

describe('firstToCreate', () => {
  test('answers true for the write that created, false for the ones that found it created', async () => {
    const reference = freshDocument();
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => firstToCreate(() => reference.create({ claimed: true }))));
    expect(outcomes.filter(Boolean)).toHaveLength(1);
  });

  test('rethrows any other failure', async () => {
    await expect(firstToCreate(() => Promise.reject(Object.assign(new Error('unavailable'), { code: 14 })))).rejects.toThrow('unavailable');
  });
});

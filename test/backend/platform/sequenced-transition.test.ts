import { FieldValue } from 'firebase-admin/firestore';
import { connectFirestore, type FirestoreConnection } from '../../../backend/src/platform/firestore/connect-firestore';
import { transition, TransitionTargetMissing } from '../../../backend/src/platform/firestore/sequenced-transition';

let connection: FirestoreConnection;
let sequence = 0;
const freshDocument = async (data: object) => {
  const reference = connection.firestore.doc(`sequencedTransitionTest/document-${(sequence += 1)}`);
  await reference.create(data);
  return reference;
};

beforeAll(async () => {
  connection = await connectFirestore({});
});
afterAll(async () => {
  await connection.close();
});

describe('transition', () => {
  test('serialises twenty racing read-modify-write changes: none is lost (the emulator’s transactions lose 19)', async () => {
    const reference = await freshDocument({ count: 0 });
    await Promise.all(
      Array.from({ length: 20 }, () =>
        transition(connection.firestore, reference, new Date(), (current) => ({ update: { count: (current.count as number) + 1 } })),
      ),
    );
    const stored = (await reference.get()).data();
    expect(stored).toMatchObject({ count: 20, sequence: 20 });
    expect((await reference.collection('transitions').get()).size).toBe(20);
  });

  test('of racing changes that each want to end the same state, exactly one does; the others see it ended', async () => {
    const reference = await freshDocument({ state: 'open', ended: 0 });
    const counter = await freshDocument({ ended: 0 });
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () =>
        transition(connection.firestore, reference, new Date(), (current) =>
          current.state === 'open'
            ? { update: { state: 'closed' }, alongside: (batch) => batch.update(counter, { ended: FieldValue.increment(1) }) }
            : undefined,
        ),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.changed)).toHaveLength(1);
    expect((await counter.get()).get('ended')).toBe(1);
    expect((await reference.collection('transitions').doc('1').get()).data()).toMatchObject({ from: 'open', to: 'closed' });
  });

  test('pins what it relies on: the emulator applies nothing of a batch whose first write, a create, is refused', async () => {
    const marker = await freshDocument({ taken: true });
    const counter = await freshDocument({ count: 0 });
    const batch = connection.firestore.batch();
    batch.create(marker, { taken: true });
    batch.update(counter, { count: FieldValue.increment(1) });
    await expect(batch.commit()).rejects.toMatchObject({ code: 6 });
    expect((await counter.get()).get('count')).toBe(0);
  });

  test('answers unchanged when nothing is to change, and refuses a document that does not exist', async () => {
    const reference = await freshDocument({ state: 'done' });
    await expect(transition(connection.firestore, reference, new Date(), () => undefined)).resolves.toEqual({
      changed: false,
      before: { state: 'done' },
    });
    const missing = connection.firestore.doc('sequencedTransitionTest/never-created');
    await expect(transition(connection.firestore, missing, new Date(), () => ({ update: {} }))).rejects.toBeInstanceOf(
      TransitionTargetMissing,
    );
  });
});

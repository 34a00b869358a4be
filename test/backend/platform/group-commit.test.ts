import { randomUUID } from 'node:crypto';
import { FieldValue, type Firestore } from 'firebase-admin/firestore';
import { connectFirestore, type FirestoreConnection } from '../../../backend/src/platform/firestore/connect-firestore';
import { GroupCommitter, type GroupWrite } from '../../../backend/src/platform/firestore/group-commit';
import { createExecutionsRepository, type ExecutionRecord } from '../../../backend/src/fills/executions-repository';

let connection: FirestoreConnection;
let firestore: Firestore;

beforeAll(async () => {
  connection = await connectFirestore({});
  firestore = connection.firestore;
});

afterAll(async () => {
  await connection.close();
});

/** Counts the commits a Firestore client sends, leaving them to the real client. */
function countingCommits(target: Firestore): { firestore: Firestore; commits: () => number } {
  let commits = 0;
  const counting = Object.create(target) as Firestore;
  counting.batch = () => {
    const batch = target.batch();
    const commit = batch.commit.bind(batch);
    batch.commit = () => {
      commits += 1;
      return commit();
    };
    return batch;
  };
  return { firestore: counting, commits: () => commits };
}

const collection = () => `groupCommitTest-${randomUUID()}`;
const exists = async (path: string) => (await firestore.doc(path).get()).exists;

describe('the emulator, as group commits meet it', () => {
  test('applies the writes before a refused create, unlike Firestore (which applies a failed commit not at all)', async () => {
    const folder = collection();
    await firestore.doc(`${folder}/taken`).create({ by: 'earlier' });
    const batch = firestore.batch();
    batch.create(firestore.doc(`${folder}/before`), { n: 1 });
    batch.create(firestore.doc(`${folder}/taken`), { n: 2 });
    batch.set(firestore.doc(`${folder}/after`), { n: 3 });
    await expect(batch.commit()).rejects.toMatchObject({ code: 6 });
    // Pinned: if the emulator becomes atomic this fails, and group-commit.ts's comment must change with it.
    expect(await exists(`${folder}/before`)).toBe(true);
    expect(await exists(`${folder}/after`)).toBe(false);
  });
});

describe('GroupCommitter', () => {
  test('concurrent callers share commits, and every write lands', async () => {
    const folder = collection();
    const counted = countingCommits(firestore);
    const committer = new GroupCommitter(counted.firestore);
    await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        committer.commit([
          { kind: 'create', reference: firestore.doc(`${folder}/created-${index}`), data: { index } },
          { kind: 'set', reference: firestore.doc(`${folder}/set-${index}`), data: { index } },
        ]),
      ),
    );
    const stored = await firestore.collection(folder).get();
    expect(stored.size).toBe(80);
    // The first caller's commit goes alone; the 39 that arrive meanwhile share the next.
    expect(counted.commits()).toBeLessThanOrEqual(3);
  });

  test('one caller alone waits for nothing but its own commit', async () => {
    const folder = collection();
    const counted = countingCommits(firestore);
    const committer = new GroupCommitter(counted.firestore);
    await committer.commit([{ kind: 'set', reference: firestore.doc(`${folder}/only`), data: { n: 1 } }]);
    await committer.commit([{ kind: 'set', reference: firestore.doc(`${folder}/next`), data: { n: 2 } }]);
    expect(counted.commits()).toBe(2);
    expect(await exists(`${folder}/only`)).toBe(true);
    expect(await exists(`${folder}/next`)).toBe(true);
  });

  test("a refused create fails its own caller only; the others' writes all land", async () => {
    const folder = collection();
    await firestore.doc(`${folder}/taken`).create({ by: 'earlier' });
    const committer = new GroupCommitter(firestore);
    const writesOf = (name: string, createPath: string): GroupWrite[] => [
      { kind: 'create', reference: firestore.doc(createPath), data: { name } },
      { kind: 'set', reference: firestore.doc(`${folder}/rest-${name}`), data: { name } },
    ];
    // The first occupies the committer (its commit starts on the next turn), so the next three share one commit in
    // which the middle one fails.
    const first = committer.commit(writesOf('first', `${folder}/first`));
    await new Promise((resolve) => setImmediate(resolve));
    const outcomes = await Promise.allSettled([
      first,
      committer.commit(writesOf('before', `${folder}/fresh-before`)),
      committer.commit(writesOf('loser', `${folder}/taken`)),
      committer.commit(writesOf('after', `${folder}/fresh-after`)),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    // "before" had its create applied by the emulator's partial commit, so alone it meets its own document:
    // that is the case executions-repository.ts recognises by its token (tested below).
    expect(outcomes[1]).toMatchObject({ reason: { code: 6 } });
    expect(outcomes[2]).toMatchObject({ reason: { code: 6 } });
    expect(await exists(`${folder}/rest-after`)).toBe(true);
    expect(await exists(`${folder}/rest-loser`)).toBe(false);
    expect((await firestore.doc(`${folder}/taken`).get()).data()).toEqual({ by: 'earlier' });
  });

  test('writes queued in the same turn of the event loop share one commit', async () => {
    const folder = collection();
    const counted = countingCommits(firestore);
    const committer = new GroupCommitter(counted.firestore);
    // As two fills' records are when their answers arrive in one read: one after the other, with no wait between.
    const first = committer.commit([{ kind: 'create', reference: firestore.doc(`${folder}/first`), data: { tags: 1 } }]);
    const second = committer.commit([{ kind: 'set', reference: firestore.doc(`${folder}/second`), data: { tags: 2 } }]);
    await Promise.all([first, second]);
    expect(counted.commits()).toBe(1);
    expect(await exists(`${folder}/first`)).toBe(true);
    expect(await exists(`${folder}/second`)).toBe(true);
  });

  test('a write Firestore refuses to build fails its own caller; the others land', async () => {
    const folder = collection();
    const committer = new GroupCommitter(firestore);
    // firebase-admin refuses a class instance while the batch is built, before anything is sent.
    class NotPlainData {
      readonly value = 1;
    }
    const outcomes = await Promise.allSettled([
      committer.commit([{ kind: 'set', reference: firestore.doc(`${folder}/good`), data: { fine: true } }]),
      committer.commit([{ kind: 'set', reference: firestore.doc(`${folder}/bad`), data: { wrong: new NotPlainData() } }]),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected']);
    expect(await exists(`${folder}/good`)).toBe(true);
    expect(await exists(`${folder}/bad`)).toBe(false);
  });

  test('two callers writing one document do not share a commit, and both writes count', async () => {
    const folder = collection();
    const counted = countingCommits(firestore);
    const committer = new GroupCommitter(counted.firestore);
    const increment = (): GroupWrite[] => [
      { kind: 'set', reference: firestore.doc(`${folder}/counter`), data: { uses: FieldValue.increment(1) }, merge: true },
    ];
    await Promise.all([committer.commit(increment()), committer.commit(increment()), committer.commit(increment())]);
    expect((await firestore.doc(`${folder}/counter`).get()).get('uses')).toBe(3);
    expect(counted.commits()).toBe(3);
  });
});

describe('execution records through a shared committer', () => {
  const organisation = `group-org-${randomUUID()}`;
  const execution = (fillId: string, text: string): ExecutionRecord => ({
    organisationId: organisation,
    userId: 'group-user',
    userEmail: 'user@group.example',
    documentId: `doc-${fillId}`,
    startedAt: new Date(),
    fill: {
      fillId,
      status: 'completed',
      results: [{ tag: 'intro', status: 'generated', text, durationMs: 1, warnings: [] }],
      totals: { tags: 1, generated: 1, fallback: 0, failed: 0, cached: 0, inputTokens: 0, outputTokens: 0, cost: 0, durationMs: 1 },
    },
  });

  test('a fill already recorded as interrupted fails alone; the fills sharing its commit are recorded in full', async () => {
    const committer = new GroupCommitter(firestore);
    const repository = createExecutionsRepository(firestore, { outputRetentionMs: 3_600_000, committer });
    const [blocker, before, interrupted, after] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const longAgo = new Date(Date.now() - 3_600_000);
    expect(await repository.claim(organisation, interrupted, { userId: 'group-user', startedAt: longAgo, tags: ['intro'] })).toBe(true);
    expect(await repository.markInterrupted(organisation, interrupted, new Date(), { code: 'interrupted', message: 'gone' })).toBe(true);

    const outcomes = await Promise.allSettled([
      repository.record(execution(blocker, 'Blocker.')),
      repository.record(execution(before, 'Before.')),
      repository.record(execution(interrupted, 'Too late.')),
      repository.record(execution(after, 'After.')),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    for (const [fillId, text] of [
      [blocker, 'Blocker.'],
      [before, 'Before.'],
      [after, 'After.'],
    ] as const) {
      expect(await repository.get(organisation, fillId)).toMatchObject({ fillId, status: 'completed' });
      expect(await repository.getOutputs(organisation, fillId)).toMatchObject({ intro: { text } });
    }
    // Interrupted it stays, as its user was told, with the late texts kept for a resumed fill.
    expect(await repository.get(organisation, interrupted)).toMatchObject({ status: 'aborted', abortCode: 'interrupted' });
    expect(await repository.getOutputs(organisation, interrupted)).toMatchObject({ intro: { text: 'Too late.' } });
  });
});

import type { Firestore } from 'firebase-admin/firestore';
import { rollupSettleMs } from '../../../backend/src/feedback/feedback-day-rollups';
import { summariseSatisfaction } from '../../../backend/src/feedback/satisfaction-summary';
import type { TagFeedback } from '../../../backend/src/feedback/tag-feedback';
import { createTagFeedbackRepository } from '../../../backend/src/feedback/tag-feedback-repository';
import { connectFirestore, type FirestoreConnection } from '../../../backend/src/platform/firestore/connect-firestore';

/**
 * A day's ratings are packed into orgs/{org}/feedbackDays/{day} by the first summary that needs them, and used
 * while no rating of that day changed since (feedback-day-rollups.ts): a summary then reads one document per
 * day, yet a rating given or changed later is never hidden by a packing made before it.
 */

jest.setTimeout(60_000);

const organisationId = 'domain:feedback-days.example';
const start = new Date('2026-03-10T12:00:00.000Z');
const period = { from: '2026-03-08', to: '2026-03-10' };

function rating(fillId: string, overrides: Partial<TagFeedback> = {}): TagFeedback {
  return {
    fillId,
    tag: 'intro',
    day: '2026-03-09',
    userId: 'alice',
    templateId: 'template-a',
    provider: 'openai',
    model: 'gpt-6-luna',
    rating: 'up',
    comment: null,
    ratedBy: 'alice',
    at: start,
    ...overrides,
  };
}

describe('feedback day rollups', () => {
  let connection: FirestoreConnection;
  let firestore: Firestore;
  let clock = start;
  const repository = () => createTagFeedbackRepository(firestore, { now: () => clock });
  const totals = async (userId?: string) =>
    summariseSatisfaction(await repository().satisfactionRows(organisationId, { ...period, userId }), period).totals;
  const dayDocument = async (day: string) => (await firestore.doc(`orgs/${organisationId}/feedbackDays/${day}`).get()).data();

  beforeAll(async () => {
    connection = await connectFirestore({});
    firestore = connection.firestore;
  });
  afterAll(async () => {
    await connection?.close();
  });

  it('reads no rating of a day without ratings, and packs a day once its last change has settled', async () => {
    await repository().put(organisationId, rating('fill-1'));
    await repository().put(organisationId, rating('fill-2', { userId: 'bob', rating: 'down' }));
    await repository().put(organisationId, rating('fill-3', { day: '2026-03-01' }));
    // Only the days with ratings have a document.
    expect((await firestore.collection(`orgs/${organisationId}/feedbackDays`).get()).docs.map((document) => document.id).sort()).toEqual([
      '2026-03-01',
      '2026-03-09',
    ]);

    // Right after the ratings: read one by one, not packed (a batch still committing could be missed).
    clock = new Date(start.getTime() + 1000);
    expect(await totals()).toEqual({ up: 1, down: 1, ratings: 2, satisfaction: 0.5 });
    expect((await dayDocument('2026-03-09'))?.packed).toBeUndefined();

    clock = new Date(start.getTime() + rollupSettleMs + 1000);
    expect(await totals()).toEqual({ up: 1, down: 1, ratings: 2, satisfaction: 0.5 });
    expect((await dayDocument('2026-03-09'))?.packed).toEqual(expect.any(String));

    // The packed day is what the next summary reads: a rating removed behind the repository's back still counts.
    await firestore.doc(`orgs/${organisationId}/tagFeedback/fill-2:intro`).delete();
    expect(await totals()).toEqual({ up: 1, down: 1, ratings: 2, satisfaction: 0.5 });
    expect(await totals('bob')).toEqual({ up: 0, down: 1, ratings: 1, satisfaction: 0 });
  });

  it('reads a packed day afresh once one of its ratings changed, and packs it again later', async () => {
    clock = new Date(start.getTime() + 10 * 60_000);
    await repository().put(organisationId, rating('fill-1', { rating: 'down', comment: 'Changed my mind', at: clock }));
    expect(await totals()).toEqual({ up: 0, down: 1, ratings: 1, satisfaction: 0 });

    clock = new Date(clock.getTime() + rollupSettleMs);
    expect(await totals()).toEqual({ up: 0, down: 1, ratings: 1, satisfaction: 0 });
    const packedAgain = await dayDocument('2026-03-09');
    expect(packedAgain?.builtFrom.toDate()).toEqual(clock);
  });

  it('does not trust a packing whose read began before a rating of the day was given', async () => {
    // A summary's read starts, then a rating lands (its batch carries a changedAt after the read began).
    clock = new Date(start.getTime() + 30 * 60_000);
    const lateRating = new Date(clock.getTime() + 1);
    await firestore
      .doc(`orgs/${organisationId}/feedbackDays/2026-03-09`)
      .set({ format: 1, builtFrom: clock, packed: JSON.stringify({ texts: [], rows: [] }) }, { merge: true });
    await repository().put(organisationId, rating('fill-4', { at: lateRating }));
    clock = new Date(clock.getTime() + 1000);
    expect(await totals()).toEqual({ up: 1, down: 1, ratings: 2, satisfaction: 0.5 });
  });

  it('lists the ratings of the fills of a period for the export, a day before it included', async () => {
    await repository().put(organisationId, rating('fill-5', { day: '2026-03-07', comment: 'Late evening fill' }));
    await repository().put(organisationId, rating('fill-6', { day: '2026-03-06' }));
    const ratings = await repository().ratingsByTag(organisationId, period);
    expect(ratings.get('fill-5:intro')).toEqual({ rating: 'up', comment: 'Late evening fill' });
    expect(ratings.get('fill-1:intro')).toEqual({ rating: 'down', comment: 'Changed my mind' });
    expect(ratings.has('fill-6:intro')).toBe(false);
    expect([...(await repository().ratingsByTag(organisationId, { ...period, userId: 'bob' })).keys()]).toEqual([]);
  });
});

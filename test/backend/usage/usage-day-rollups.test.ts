import type { Firestore } from 'firebase-admin/firestore';
import { connectFirestore, type FirestoreConnection } from '../../../backend/src/platform/firestore/connect-firestore';
import { rollupDocuments, rollupPartRows, unpack } from '../../../backend/src/usage/usage-day-rollups';
import { createUsageRepository, type UsageQuery } from '../../../backend/src/usage/usage-repository';
import { summariseUsage, type UsageRow } from '../../../backend/src/usage/usage-summary';

/**
 * Closed UTC days are packed into orgs/{org}/usageDays/{day}-{part} the first time a summary needs them
 * (usage-day-rollups.ts). A summary read through the packed days must equal the one computed from the raw
 * usage records; today (and a day still within its grace period) is never packed; a day is packed once.
 */

jest.setTimeout(60_000);

const organisationId = 'domain:rollups.example';
const otherOrganisation = 'domain:elsewhere.example';
const now = new Date('2026-03-10T12:00:00.000Z');
const range = { from: '2026-03-04', to: '2026-03-10' };

let sequence = 0;
function record(
  day: string,
  overrides: Partial<UsageRow> & { hour?: number } = {},
): UsageRow & { sortKey: string; createdAt: Date; id: string } {
  sequence += 1;
  const { hour = 9, ...fields } = overrides;
  const createdAt = new Date(`${day}T${String(hour).padStart(2, '0')}:00:00.000Z`);
  createdAt.setUTCSeconds(sequence % 60);
  const id = `rec-${String(sequence).padStart(4, '0')}`;
  return {
    id,
    userId: 'alice',
    templateId: 't1',
    tag: 'intro',
    requestId: `req-${sequence}`,
    attempt: 1,
    provider: 'openai',
    servedModel: 'gpt-6-luna',
    inputTokens: 100,
    cachedInputTokens: 0,
    outputTokens: 50,
    costNanoDollars: 1_000 * sequence,
    latencyMs: 100 + sequence,
    cached: false,
    status: 'success',
    day,
    ...fields,
    createdAt,
    sortKey: `${createdAt.toISOString()}|${id}`,
  };
}

/**
 * 4 March: alice retried once (error, then success), a cache hit, bob failed on two providers.
 * 5 March: nothing. 6 March: bob and carol, one without template or tag. 7–8 March: a few each. 9 March (closed
 * at 02:00 on the 10th): late-evening rows. 10 March: today.
 */
function fixture(): ReturnType<typeof record>[] {
  return [
    record('2026-03-04', { requestId: 'retry', attempt: 1, status: 'error', costNanoDollars: 0 }),
    record('2026-03-04', { requestId: 'retry', attempt: 2 }),
    record('2026-03-04', { requestId: 'hit', attempt: 0, cached: true, status: 'cached', latencyMs: 5 }),
    record('2026-03-04', {
      requestId: 'failed',
      userId: 'bob',
      provider: 'anthropic',
      servedModel: 'claude-x',
      status: 'error',
      costNanoDollars: 0,
    }),
    record('2026-03-04', {
      requestId: 'failed',
      userId: 'bob',
      attempt: 2,
      provider: 'gemini',
      servedModel: 'gemini-flash',
      status: 'error',
      costNanoDollars: 0,
      hour: 23,
    }),
    record('2026-03-06', { userId: 'bob', templateId: null, tag: null, hour: 0 }),
    record('2026-03-06', { userId: 'carol', templateId: 't2', tag: 'report', provider: 'anthropic', servedModel: 'claude-x' }),
    record('2026-03-06', { userId: 'carol', attempt: 0, cached: true, status: 'cached' }),
    record('2026-03-07', {}),
    record('2026-03-07', { userId: 'bob', status: 'error', costNanoDollars: 0 }),
    record('2026-03-08', { userId: 'carol', tag: 'outro' }),
    record('2026-03-09', { hour: 23 }),
    record('2026-03-09', { userId: 'bob', hour: 22 }),
    record('2026-03-10', { hour: 1 }),
    record('2026-03-10', { userId: 'bob', hour: 11 }),
  ];
}

async function writeRecords(firestore: Firestore, organisation: string, records: readonly ReturnType<typeof record>[]): Promise<void> {
  const batch = firestore.batch();
  for (const { id, ...data } of records)
    batch.set(firestore.doc(`orgs/${organisation}/usage/${id}`), {
      ...data,
      id,
      organisationId: organisation,
      month: data.day.slice(0, 7),
    });
  await batch.commit();
}

async function usageDayDocuments(
  firestore: Firestore,
  organisation: string,
): Promise<Map<string, { day: string; part: number; parts: number; dayRows: number; builtAt: string }>> {
  const snapshot = await firestore.collection(`orgs/${organisation}/usageDays`).get();
  return new Map(
    snapshot.docs.map((document) => [
      document.id,
      {
        day: document.get('day'),
        part: document.get('part'),
        parts: document.get('parts'),
        dayRows: document.get('dayRows'),
        builtAt: document.get('builtAt').toDate().toISOString(),
      },
    ]),
  );
}

describe('usage day rollups', () => {
  let connection: FirestoreConnection;
  let firestore: Firestore;
  const records = fixture();

  const rowsOf = async (repository: ReturnType<typeof createUsageRepository>, organisation: string, query: UsageQuery) => {
    const rows: UsageRow[] = [];
    const count = await repository.scanRows(organisation, query, (page) => rows.push(...page));
    expect(count).toBe(rows.length);
    return rows;
  };
  const rolled = () => createUsageRepository(firestore, { now: () => now });
  const raw = () => createUsageRepository(firestore, { dayRollups: false });
  const expected = (userId?: string) =>
    summariseUsage(
      records.filter((row) => !userId || row.userId === userId),
      range,
    );

  beforeAll(async () => {
    connection = await connectFirestore({});
    firestore = connection.firestore;
    await writeRecords(firestore, organisationId, records);
    // Another organisation's usage on the same days never shows in, nor is packed into, this one's.
    await writeRecords(firestore, otherOrganisation, [
      record('2026-03-06', { userId: 'alice', costNanoDollars: 777_000 }),
      record('2026-03-10', { userId: 'alice' }),
    ]);
  });
  afterAll(async () => {
    await connection?.close();
  });

  it('gives the same single-user summary through packed days as from the raw records, packing the whole organisation', async () => {
    expect(await usageDayDocuments(firestore, organisationId)).toEqual(new Map());
    const fromRaw = summariseUsage(await rowsOf(raw(), organisationId, { ...range, userId: 'bob' }), range);
    const fromRollups = summariseUsage(await rowsOf(rolled(), organisationId, { ...range, userId: 'bob' }), range);
    expect(fromRollups).toEqual(fromRaw);
    expect(fromRollups).toEqual(expected('bob'));
    expect(fromRollups.totals).toMatchObject({ requests: 5, attempts: 6, errorAttempts: 3, failedRequests: 2 });
    // A user's summary packs every user's rows of the day, so the organisation's summary can use them.
    const documents = await usageDayDocuments(firestore, organisationId);
    expect([...documents.values()].map((document) => [document.day, document.dayRows])).toEqual([
      ['2026-03-04', 5],
      ['2026-03-05', 0],
      ['2026-03-06', 3],
      ['2026-03-07', 2],
      ['2026-03-08', 1],
      ['2026-03-09', 2],
    ]);
  });

  it('gives the same organisation and per-user summaries through packed days as from the raw records', async () => {
    const fromRaw = summariseUsage(await rowsOf(raw(), organisationId, range), range);
    const fromRollups = summariseUsage(await rowsOf(rolled(), organisationId, range), range);
    expect(fromRollups).toEqual(fromRaw);
    expect(fromRollups).toEqual(expected());
    expect(fromRollups.totals).toMatchObject({ requests: 13, attempts: 13, cachedRequests: 2, errorAttempts: 4, failedRequests: 2 });
    expect(fromRollups.byDay.find((day) => day.key === '2026-03-05')).toMatchObject({ requests: 0, attempts: 0, costNanoDollars: 0 });
    // Templates and tags of null survive packing as "(none)".
    expect(fromRollups.byTemplate.map((group) => group.key)).toContain('(none)');
    for (const userId of ['alice', 'bob', 'carol', 'nobody']) {
      const query = { ...range, userId };
      expect(summariseUsage(await rowsOf(rolled(), organisationId, query), range)).toEqual(
        summariseUsage(await rowsOf(raw(), organisationId, query), range),
      );
    }
  });

  it('reads the packed rows back field for field', async () => {
    const packed = (await firestore.collection(`orgs/${organisationId}/usageDays`).get()).docs.flatMap((document) =>
      unpack(document.data() as { packed: string; day: string }),
    );
    const pick = ({
      userId,
      templateId,
      tag,
      requestId,
      attempt,
      provider,
      servedModel,
      inputTokens,
      cachedInputTokens,
      outputTokens,
      costNanoDollars,
      latencyMs,
      cached,
      status,
      day,
    }: UsageRow): UsageRow => ({
      userId,
      templateId,
      tag,
      requestId,
      attempt,
      provider,
      servedModel,
      inputTokens,
      cachedInputTokens,
      outputTokens,
      costNanoDollars,
      latencyMs,
      cached,
      status,
      day,
    });
    const byRequest = (left: UsageRow, right: UsageRow) =>
      `${left.day}${left.requestId}${left.attempt}`.localeCompare(`${right.day}${right.requestId}${right.attempt}`);
    expect(packed.sort(byRequest)).toEqual(
      records
        .filter((row) => row.day < '2026-03-10')
        .map(pick)
        .sort(byRequest),
    );
  });

  it('never packs today, and reads today from the raw records', async () => {
    const documents = await usageDayDocuments(firestore, organisationId);
    expect([...documents.keys()].some((id) => id.startsWith('2026-03-10'))).toBe(false);
    const late = record('2026-03-10', { userId: 'dora', hour: 11, costNanoDollars: 5_000_000 });
    await writeRecords(firestore, organisationId, [late]);
    records.push(late);
    const summary = summariseUsage(await rowsOf(rolled(), organisationId, range), range);
    expect(summary).toEqual(expected());
    expect(summary.byUser.map((group) => group.key)).toContain('dora');
    expect([...(await usageDayDocuments(firestore, organisationId)).keys()].some((id) => id.startsWith('2026-03-10'))).toBe(false);
  });

  it('does not pack a day still within its grace period after midnight', async () => {
    const earlyMorning = createUsageRepository(firestore, { now: () => new Date('2026-03-12T01:00:00.000Z') });
    const query = { from: '2026-03-11', to: '2026-03-11' };
    await writeRecords(firestore, organisationId, [record('2026-03-11', { hour: 23 })]);
    expect(await rowsOf(earlyMorning, organisationId, query)).toHaveLength(1);
    expect([...(await usageDayDocuments(firestore, organisationId)).keys()].some((id) => id.startsWith('2026-03-11'))).toBe(false);
    // After the grace period it is packed, once.
    const later = createUsageRepository(firestore, { now: () => new Date('2026-03-12T02:00:00.000Z') });
    expect(await rowsOf(later, organisationId, query)).toHaveLength(1);
    expect((await usageDayDocuments(firestore, organisationId)).get('2026-03-11-0')).toMatchObject({
      day: '2026-03-11',
      dayRows: 1,
      parts: 1,
    });
  });

  it('packs a day once: later summaries read the packed documents, not the records', async () => {
    const before = await usageDayDocuments(firestore, organisationId);
    // A record appearing in a packed day (it never should: records are written within seconds) is not seen,
    // which shows the summary reads the packed day rather than the records.
    await writeRecords(firestore, organisationId, [record('2026-03-07', { userId: 'ghost', costNanoDollars: 123_000_000 })]);
    const summary = summariseUsage(await rowsOf(rolled(), organisationId, range), range);
    expect(summary).toEqual(expected());
    expect(summary.byUser.map((group) => group.key)).not.toContain('ghost');
    // The same documents, built at the same moment: nothing was packed again.
    expect(await usageDayDocuments(firestore, organisationId)).toEqual(before);
    expect((await firestore.collection(`orgs/${otherOrganisation}/usageDays`).get()).size).toBe(0);
  });

  it('splits a large day into parts and reads them back in order', () => {
    const rows: UsageRow[] = Array.from({ length: rollupPartRows * 2 + 1 }, (_, index) => ({
      ...record('2026-02-01'),
      requestId: `bulk-${index}`,
    }));
    const documents = rollupDocuments('2026-02-01', rows, now);
    expect(documents.map((document) => [document.part, document.parts, document.dayRows])).toEqual([
      [0, 3, rows.length],
      [1, 3, rows.length],
      [2, 3, rows.length],
    ]);
    expect(documents.flatMap((document) => unpack(document)).map((row) => row.requestId)).toEqual(rows.map((row) => row.requestId));
  });
});

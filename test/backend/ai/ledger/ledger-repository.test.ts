import { createLedgerRepository, type LedgerRepository } from '../../../../backend/src/ai/ledger/ledger-repository';
import type { CounterReference, LedgerEntry, UsageRecord } from '../../../../backend/src/ai/ledger/ledger-types';
import { UsageWriter } from '../../../../backend/src/ai/ledger/usage-writer';
import type { BudgetReservation } from '../../../../backend/src/ai/steps/enforce-budget';
import type { ExecutionOutcome } from '../../../../backend/src/ai/execution/execution-outcome';
import type { ModelCandidate } from '../../../../backend/src/ai/steps/select-model';
import { logAiCost } from '../../../../backend/src/ai/steps/log-ai-cost';
import { connectFirestore, type FirestoreConnection } from '../../../../backend/src/platform/firestore/connect-firestore';
import { askRequest } from '../../../support/ask-ai-stack';

const counters: CounterReference[] = [
  { scope: 'org', period: 'd:2026-11-23' },
  { scope: 'user:u1', period: 'd:2026-11-23' },
];

function usageRecord(organisationId: string, id: string, costNanoDollars: number): UsageRecord {
  return {
    id,
    organisationId,
    userId: 'u1',
    templateId: null,
    fillId: null,
    tag: null,
    requestId: `request-${id}`,
    attempt: 1,
    provider: 'openai',
    requestedProvider: 'openai',
    requestedModel: 'gpt-6-luna',
    servedModel: 'gpt-6-luna',
    inputTokens: 10,
    cachedInputTokens: 0,
    outputTokens: 5,
    usageEstimated: false,
    costNanoDollars,
    costUsd: costNanoDollars / 1e9,
    latencyMs: 5,
    cached: false,
    status: 'success',
    errorCode: null,
    keyId: 'environment:openai',
    createdAt: new Date(),
    sortKey: `2026-11-23T00:00:00.000Z|${id}`,
    day: '2026-11-23',
    month: '2026-11',
  };
}

/** A reservation of `reserved` whose settlements are noted in `settled` as [held, spent]. */
function reservationOf(reserved: number, settled: Array<[number, number]> = []): BudgetReservation {
  return {
    level: 'normal',
    warnings: [],
    counters,
    limited: [],
    reservedNanoDollars: reserved,
    cover: async () => true,
    settle: (spent) => {
      settled.push([reserved, spent]);
      return [];
    },
    release: () => undefined,
    leaseIds: () => [],
  };
}

const candidate: ModelCandidate = {
  reference: { provider: 'openai', model: 'gpt-6-luna' },
  model: {
    provider: 'openai',
    id: 'gpt-6-luna',
    displayName: 'GPT-4o mini',
    contextWindow: 128000,
    maxOutputTokens: 16384,
    prices: { input: 0.15, cachedInput: 0.075, output: 0.6 },
    capabilities: [],
    complexity: 'simple',
  },
  connection: { id: 'environment:openai', apiKey: 'sk-never-stored' },
};

function billedOutcome(): ExecutionOutcome {
  const usage = { inputTokens: 100, cachedInputTokens: 0, outputTokens: 50 };
  return {
    attempts: [
      {
        number: 1,
        candidate,
        latencyMs: 20,
        billed: true,
        usage,
        usageEstimated: false,
        costNanoDollars: 45_000,
        servedModel: 'gpt-6-luna',
        error: undefined,
      },
    ],
    success: {
      candidate,
      result: { text: 'ok', finishReason: 'stop', rawFinishReason: 'stop', usage, servedModel: 'gpt-6-luna' },
      usageEstimated: false,
      warnings: [],
      prompt: { prompt: 'Write it.', warnings: [], tokens: () => 100 },
    },
  };
}

describe('the usage ledger on the embedded Firestore emulator', () => {
  let connection: FirestoreConnection;
  let ledger: LedgerRepository;
  beforeAll(async () => {
    connection = await connectFirestore({});
    ledger = createLedgerRepository(connection.firestore, { shards: 4 });
  });
  afterAll(() => connection.close());

  const totals = async (organisationId: string) => ledger.totals(organisationId, counters);
  const usageCount = async (organisationId: string) => (await connection.firestore.collection(`orgs/${organisationId}/usage`).get()).size;

  // Real Firestore rolls a failed batch back whole. The emulator applies writes in order and stops at the
  // failing one, keeping those before it. The ledger puts its creates first, so a replay changes nothing on both.
  it('pins the emulator: a batch stops at a create that hits an existing document; later writes are not applied', async () => {
    const db = connection.firestore;
    await db.doc('pins/existing').set({ value: 1 });
    const batch = db.batch();
    batch.create(db.doc('pins/existing'), { value: 2 });
    batch.set(db.doc('pins/after'), { written: true });
    await expect(batch.commit()).rejects.toMatchObject({ code: 6 });
    expect((await db.doc('pins/after').get()).exists).toBe(false);
    expect((await db.doc('pins/existing').get()).get('value')).toBe(1);

    const earlierWrites = db.batch();
    earlierWrites.set(db.doc('pins/before'), { written: true });
    earlierWrites.create(db.doc('pins/existing'), { value: 3 });
    await expect(earlierWrites.commit()).rejects.toMatchObject({ code: 6 });
    expect((await db.doc('pins/before').get()).exists).toBe(true);
  });

  it('adds up 200 concurrent reservations exactly across the shards', async () => {
    const organisationId = 'domain:increments.example';
    await Promise.all(Array.from({ length: 200 }, () => ledger.reserve(organisationId, counters, 7)));
    expect(await totals(organisationId)).toEqual([
      { reservedNanoDollars: 1400, spentNanoDollars: 0 },
      { reservedNanoDollars: 1400, spentNanoDollars: 0 },
    ]);
    await Promise.all(Array.from({ length: 200 }, () => ledger.release(organisationId, counters, 7)));
    expect((await totals(organisationId))[0]).toEqual({ reservedNanoDollars: 0, spentNanoDollars: 0 });
  });

  const entryOf = (organisationId: string, id: string): LedgerEntry => ({
    organisationId,
    records: [usageRecord(organisationId, id, 45_000)],
    settlement: {
      spendCounters: counters,
      leasedCounters: [counters[0] as CounterReference],
      spentNanoDollars: 45_000,
      templateUse: { templateId: 'template-1' },
    },
  });

  it('a replayed commit is refused whole: no second record, no money moved twice', async () => {
    const organisationId = 'domain:replay.example';
    await ledger.reserve(organisationId, [counters[0] as CounterReference], 100_000);
    const entry = entryOf(organisationId, 'replayed-record');

    await ledger.commit([entry]);
    await expect(ledger.commit([entry])).rejects.toMatchObject({ code: 6 });

    expect(await usageCount(organisationId)).toBe(1);
    expect(await totals(organisationId)).toEqual([
      { reservedNanoDollars: 55_000, spentNanoDollars: 45_000 },
      { reservedNanoDollars: 0, spentNanoDollars: 45_000 },
    ]);
    const template = await connection.firestore.doc(`orgs/${organisationId}/templates/template-1`).get();
    expect(template.get('generationCount')).toBe(1);
  });

  it('the usage writer groups entries, and a replay among them does not stop the others or count twice', async () => {
    const organisationId = 'domain:writer-replay.example';
    const writer = new UsageWriter(ledger, { retryDelayMs: 1 });
    void writer.write(entryOf(organisationId, 'first'));
    await writer.flush();
    // The replay leads its group: the emulator applies a failing batch up to the failing write (see the pin above).
    for (const id of ['first', 'second', 'third']) void writer.write(entryOf(organisationId, id));
    await writer.flush();

    expect(await usageCount(organisationId)).toBe(3);
    expect((await totals(organisationId))[1]).toEqual({ reservedNanoDollars: 0, spentNanoDollars: 135_000 });
  });

  it('the usage writer survives a lost acknowledgement: the retry finds its own write and counts it once', async () => {
    const organisationId = 'domain:lost-ack.example';
    let calls = 0;
    const flaky: LedgerRepository = {
      ...ledger,
      async commit(entries) {
        calls += 1;
        await ledger.commit(entries);
        if (calls === 1) throw Object.assign(new Error('deadline exceeded'), { code: 4 });
      },
    };
    const writer = new UsageWriter(flaky, { retryDelayMs: 1 });
    void writer.write(entryOf(organisationId, 'acknowledgement-lost'));
    await writer.flush();

    expect(calls).toBe(2);
    expect(await usageCount(organisationId)).toBe(1);
    expect((await totals(organisationId))[1]).toEqual({ reservedNanoDollars: 0, spentNanoDollars: 45_000 });
  });

  describe('the usage writer waits a moment so records share a commit', () => {
    const countingLedger = () => {
      const commits: number[] = [];
      const counting: LedgerRepository = {
        ...ledger,
        async commit(entries) {
          commits.push(entries.length);
          await ledger.commit(entries);
        },
      };
      return { counting, commits };
    };

    it('entries written within the wait go into one commit, and every record and cent arrives', async () => {
      const organisationId = 'domain:writer-linger.example';
      const { counting, commits } = countingLedger();
      const writer = new UsageWriter(counting, { lingerMs: 200 });
      void writer.write(entryOf(organisationId, 'linger-1'));
      await new Promise((resolve) => setTimeout(resolve, 20));
      void writer.write(entryOf(organisationId, 'linger-2'));
      await new Promise((resolve) => setTimeout(resolve, 20));
      void writer.write(entryOf(organisationId, 'linger-3'));
      expect(commits).toEqual([]);

      await new Promise((resolve) => setTimeout(resolve, 400));
      await writer.flush();
      expect(commits).toEqual([3]);
      expect(await usageCount(organisationId)).toBe(3);
      expect((await totals(organisationId))[1]).toEqual({ reservedNanoDollars: 0, spentNanoDollars: 135_000 });
    });

    it('flush writes at once instead of waiting, and a full batch does not wait either', async () => {
      const organisationId = 'domain:writer-linger-flush.example';
      const { counting, commits } = countingLedger();
      const writer = new UsageWriter(counting, { lingerMs: 60_000, maxWritesPerBatch: 12 });
      void writer.write(entryOf(organisationId, 'flushed'));
      const startedAt = Date.now();
      await writer.flush();
      expect(Date.now() - startedAt).toBeLessThan(5_000);
      expect(commits).toEqual([1]);

      // Each entry is a record and its charge event, two counters' spend, one lease and the template: six writes, so
      // two fill a batch.
      void writer.write(entryOf(organisationId, 'full-1'));
      void writer.write(entryOf(organisationId, 'full-2'));
      // Far sooner than the minute the entries would otherwise wait.
      for (const waitUntil = Date.now() + 10_000; commits.length < 2 && Date.now() < waitUntil;)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(commits).toEqual([1, 2]);
      await writer.flush();
      expect(await usageCount(organisationId)).toBe(3);
    });
  });

  it('logAICost writes one record per billed attempt, never the key, and gives the hold back to the lease', async () => {
    const organisationId = 'domain:log-ai-cost.example';
    const writer = new UsageWriter(ledger);
    const settled: Array<[number, number]> = [];
    const request = askRequest({ organisationId });
    const { logged } = logAiCost({
      request,
      requested: candidate.reference,
      outcome: billedOutcome(),
      reservation: reservationOf(100_000, settled),
      dependencies: { writer },
      now: () => Date.parse('2026-11-23T10:00:00Z'),
    });
    await logged.durable;

    expect(logged).toMatchObject({ costNanoDollars: 45_000, records: 1 });
    expect(settled).toEqual([[100_000, 45_000]]);
    const [stored] = (await connection.firestore.collection(`orgs/${organisationId}/usage`).get()).docs;
    expect(stored?.data()).toMatchObject({
      requestId: request.requestId,
      attempt: 1,
      status: 'success',
      costNanoDollars: 45_000,
      keyId: 'environment:openai',
    });
    expect(JSON.stringify(stored?.data())).not.toContain('sk-never-stored');
  });
});

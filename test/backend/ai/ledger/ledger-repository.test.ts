import { createLedgerRepository, type LedgerRepository } from '../../../../backend/src/ai/ledger/ledger-repository';
import type { CounterReference, UsageRecord } from '../../../../backend/src/ai/ledger/ledger-types';
import type { BudgetReservation } from '../../../../backend/src/ai/steps/enforce-budget';
import type { ExecutionOutcome } from '../../../../backend/src/ai/steps/execute';
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
    id, organisationId, userId: 'u1', templateId: null, fillId: null, tag: null, requestId: `request-${id}`, attempt: 1,
    provider: 'openai', requestedProvider: 'openai', requestedModel: 'gpt-4o-mini', servedModel: 'gpt-4o-mini',
    inputTokens: 10, cachedInputTokens: 0, outputTokens: 5, usageEstimated: false, costNanoDollars, costUsd: costNanoDollars / 1e9,
    latencyMs: 5, cached: false, status: 'success', errorCode: null, keyId: 'environment:openai', createdAt: new Date(), day: '2026-11-23', month: '2026-11',
  };
}

function reservationOf(reserved: number): BudgetReservation {
  return { level: 'normal', warnings: [], counters, reservedNanoDollars: reserved, cover: async () => true };
}

const candidate: ModelCandidate = {
  reference: { provider: 'openai', model: 'gpt-4o-mini' },
  model: { provider: 'openai', id: 'gpt-4o-mini', displayName: 'GPT-4o mini', contextWindow: 128000, maxOutputTokens: 16384, prices: { input: 0.15, cachedInput: 0.075, output: 0.6 }, capabilities: [], complexity: 'simple' },
  connection: { id: 'environment:openai', apiKey: 'sk-never-stored' },
};

function billedOutcome(): ExecutionOutcome {
  const usage = { inputTokens: 100, cachedInputTokens: 0, outputTokens: 50 };
  return {
    attempts: [{ number: 1, candidate, latencyMs: 20, billed: true, usage, usageEstimated: false, costNanoDollars: 45_000, servedModel: 'gpt-4o-mini', error: undefined }],
    success: { candidate, result: { text: 'ok', finishReason: 'stop', rawFinishReason: 'stop', usage, servedModel: 'gpt-4o-mini' } },
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

  it('a replayed record-and-settle writes no second record and moves no money twice', async () => {
    const organisationId = 'domain:replay.example';
    await ledger.reserve(organisationId, counters, 100_000);
    const settlement = { counters, spentNanoDollars: 45_000, reservedNanoDollars: 100_000 };
    const record = usageRecord(organisationId, 'replayed-record', 45_000);

    await expect(ledger.recordAndSettle(organisationId, [record], settlement)).resolves.toBe(true);
    await expect(ledger.recordAndSettle(organisationId, [record], settlement)).resolves.toBe(false);

    expect(await usageCount(organisationId)).toBe(1);
    expect(await totals(organisationId)).toEqual([
      { reservedNanoDollars: 0, spentNanoDollars: 45_000 },
      { reservedNanoDollars: 0, spentNanoDollars: 45_000 },
    ]);
  });

  it('logAICost survives a lost acknowledgement: the retry finds its own write and counts it once', async () => {
    const organisationId = 'domain:lost-ack.example';
    await ledger.reserve(organisationId, counters, 100_000);
    let calls = 0;
    const flaky: LedgerRepository = {
      ...ledger,
      async recordAndSettle(...parameters) {
        calls += 1;
        const written = await ledger.recordAndSettle(...parameters);
        if (calls === 1) throw Object.assign(new Error('deadline exceeded'), { code: 4 });
        return written;
      },
    };
    const request = askRequest({ organisationId });
    const logged = await logAiCost({ request, requested: candidate.reference, outcome: billedOutcome(), reservation: reservationOf(100_000), ledger: flaky, now: new Date('2026-11-23T10:00:00Z') });

    expect(calls).toBe(2);
    expect(logged).toEqual({ costNanoDollars: 45_000, records: 1 });
    expect(await usageCount(organisationId)).toBe(1);
    expect((await totals(organisationId))[0]).toEqual({ reservedNanoDollars: 0, spentNanoDollars: 45_000 });
  });

  it('logAICost run twice for the same request keeps one record and gives back the second run’s reservation', async () => {
    const organisationId = 'domain:double-run.example';
    const request = askRequest({ organisationId });
    const log = () => logAiCost({ request, requested: candidate.reference, outcome: billedOutcome(), reservation: reservationOf(100_000), ledger, now: new Date('2026-11-23T10:00:00Z') });

    await ledger.reserve(organisationId, counters, 100_000);
    await log();
    await ledger.reserve(organisationId, counters, 100_000);
    await expect(log()).resolves.toEqual({ costNanoDollars: 0, records: 0 });

    expect(await usageCount(organisationId)).toBe(1);
    expect((await totals(organisationId))[0]).toEqual({ reservedNanoDollars: 0, spentNanoDollars: 45_000 });
    const [stored] = (await connection.firestore.collection(`orgs/${organisationId}/usage`).get()).docs;
    expect(JSON.stringify(stored?.data())).not.toContain('sk-never-stored');
  });
});

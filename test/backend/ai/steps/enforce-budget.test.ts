import { RequestOverCeilingError } from '../../../../backend/src/ai/ai-errors';
import { BudgetLeases } from '../../../../backend/src/ai/budget/budget-leases';
import { createLedgerRepository, type LedgerRepository } from '../../../../backend/src/ai/ledger/ledger-repository';
import { aiSettingsSchema } from '../../../../backend/src/ai/settings/ai-settings';
import { reserveBudget, type ReserveBudgetInput } from '../../../../backend/src/ai/steps/enforce-budget';
import { connectFirestore, type FirestoreConnection } from '../../../../backend/src/platform/firestore/connect-firestore';
import { captureLog } from '../captured-log';

const now = new Date('2026-11-23T10:00:00Z');
const organisationDay = { scope: 'org', period: 'd:2026-11-23' };

describe('enforceBudget: the reservation on the shared counters', () => {
  let connection: FirestoreConnection;
  let ledger: LedgerRepository;
  beforeAll(async () => {
    connection = await connectFirestore({});
    ledger = createLedgerRepository(connection.firestore, { shards: 4 });
  });
  afterAll(() => connection.close());

  const reserved = async (organisationId: string) => (await ledger.totals(organisationId, [organisationDay]))[0];

  function input(organisationId: string, leases: BudgetLeases, overrides: Partial<ReserveBudgetInput> = {}): ReserveBudgetInput {
    return {
      organisationId,
      userId: 'user-1',
      worstCaseNanoDollars: 1000,
      settings: aiSettingsSchema.parse({ budgets: { organisation: { dailyUsd: 0.00001 } } }),
      leases,
      alerts: { raise: async () => undefined },
      now,
      ...overrides,
    };
  }

  it('settles exactly once: a second settlement throws, and release after it gives nothing back twice', async () => {
    const organisationId = 'domain:settle-once.example';
    const leases = new BudgetLeases(ledger, { leaseFraction: 0.01 });
    const reservation = await reserveBudget(input(organisationId, leases));
    expect(reservation.reservedNanoDollars).toBe(1000);

    reservation.settle(400);
    expect(() => reservation.settle(400)).toThrow(/settled twice/);
    reservation.release();
    await leases.releaseAll();
    leases.stop();
    // 400 of the lease became spend (written by logAICost's settlement, not here); the rest went back.
    expect(await reserved(organisationId)).toEqual({ reservedNanoDollars: 400, spentNanoDollars: 0 });
  });

  it('release gives the whole hold back when nothing settled it', async () => {
    const organisationId = 'domain:release.example';
    const leases = new BudgetLeases(ledger, { leaseFraction: 0.01 });
    const reservation = await reserveBudget(input(organisationId, leases));
    expect(await reservation.cover(3000)).toBe(true);
    reservation.release();
    reservation.release();
    await leases.releaseAll();
    leases.stop();
    expect(await reserved(organisationId)).toEqual({ reservedNanoDollars: 0, spentNanoDollars: 0 });
  });

  it('refuses a request above the per-request ceiling before reserving anything', async () => {
    const organisationId = 'domain:ceiling.example';
    const leases = new BudgetLeases(ledger);
    const settings = aiSettingsSchema.parse({ budgets: { organisation: { dailyUsd: 1 }, perRequestCeilingUsd: 0.000001 } });
    await expect(reserveBudget(input(organisationId, leases, { settings, worstCaseNanoDollars: 2000 }))).rejects.toBeInstanceOf(
      RequestOverCeilingError,
    );
    leases.stop();
    expect(await reserved(organisationId)).toEqual({ reservedNanoDollars: 0, spentNanoDollars: 0 });
  });

  it('logs an alert that could not be raised, and still admits the request', async () => {
    const organisationId = 'domain:alert-lost.example';
    await ledger.commit([
      { organisationId, records: [], settlement: { spendCounters: [organisationDay], leasedCounters: [], spentNanoDollars: 8_000 } },
    ]);
    const leases = new BudgetLeases(ledger, { leaseFraction: 0.01 });
    const { logger, lines } = captureLog();
    const reservation = await reserveBudget(
      input(organisationId, leases, { alerts: { raise: () => Promise.reject(new Error('alerts store down')) }, logger }),
    );
    expect(reservation.level).toBe('alert');
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        msg: 'a budget alert could not be raised',
        err: expect.objectContaining({ message: 'alerts store down' }),
        alert: expect.objectContaining({ organisationId, level: 'alert' }),
      }),
    );
    reservation.release();
    await leases.releaseAll();
    leases.stop();
  });
});

import { createHash, randomUUID } from 'node:crypto';
import type { Logger } from '../../platform/logger';
import type { LedgerRepository } from '../ledger/ledger-repository';
import { levelOf, type BudgetLevel, type Thresholds } from './budget-level';
import type { LimitedCounter } from './limited-counter';

export interface BudgetLeaseOptions {
  /** Share of a limit one lease takes at most, so many instances can hold leases side by side. */
  leaseFraction: number;
  /** Upper bound of one lease, which is also what a crashed instance can leave reserved until the period ends. */
  maxLeaseNanoDollars: number;
  /** A lease unused this long is given back. */
  idleReleaseMs: number;
  /** How long a level read from the shared counters is trusted. */
  levelRefreshMs: number;
  /**
   * How often this instance renews its leases and looks for leases of instances that stopped (crashed, killed)
   * without giving theirs back; a lease not renewed for 3.5 times this long is returned by any instance.
   */
  renewMs: number;
  /** Names this instance's leases; random per process. */
  instanceId?: string;
  logger?: Logger | undefined;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export const defaultBudgetLeaseOptions: BudgetLeaseOptions = {
  leaseFraction: 0.02,
  maxLeaseNanoDollars: 1_000_000_000,
  idleReleaseMs: 10_000,
  levelRefreshMs: 5_000,
  renewMs: 20_000,
};

/** Leases silent this many renewal periods belong to an instance that stopped. */
const silentAfterRenewals = 3.5;

interface Lease {
  /** Its document in `budgetLeases`: new for each lease this instance takes, never reused once given back. */
  id: string;
  key: string;
  organisationId: string;
  limited: LimitedCounter;
  /** Reserved on the shared counter by this instance and not yet turned into spend. */
  leased: number;
  /** Held by requests in flight. */
  used: number;
  level: BudgetLevel;
  usedShare: number;
  levelReadAt: number;
  acquiring: Promise<void> | undefined;
  refreshing: boolean;
  /** After a refusal caused by spend alone: any request at least this large is refused without asking Firestore. */
  refusedFrom: { amount: number; until: number } | undefined;
  lastUsedAt: number;
}

export class BudgetRefusal extends Error {
  constructor(
    readonly limited: LimitedCounter,
    /** True when requests in flight, not spend, hold the room: worth trying again shortly. */
    readonly reservationsOnly: boolean,
  ) {
    super(`over ${limited.describe}`);
  }
}

/** A counter's level and use (spend plus all reservations) as last read from the shared counters. */
export interface SeenLevel {
  level: BudgetLevel;
  usedNanoDollars: number;
}

export interface Admission {
  levels: BudgetLevel[];
  usedShares: number[];
}

/**
 * The part of a request's spend that replaces its reservation: all of it, unless the provider billed more than
 * the request held; the overrun was never reserved, so taking it off the reservations would push them below zero.
 */
export function reservedPartOf(heldNanoDollars: number, spentNanoDollars: number): number {
  return Math.min(heldNanoDollars, spentNanoDollars);
}

/**
 * Budget admission without a Firestore round trip per request. Each instance reserves a small lease on
 * the shared counters (atomic increment, then read: reserve-then-check), and admits requests against it
 * in memory. The leases of all instances are themselves reservations, so admitted requests can never add
 * up to more than a limit; an unused lease is given back. When a budget is nearly used, leases shrink to
 * exactly what one request needs, which is the plain reserve-then-check of every request.
 */
export class BudgetLeases {
  private readonly leases = new Map<string, Lease>();
  private readonly options: Required<BudgetLeaseOptions>;
  private readonly idleTimer: NodeJS.Timeout;
  private renewTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ledger: LedgerRepository,
    options: Partial<BudgetLeaseOptions> = {},
  ) {
    this.options = {
      ...defaultBudgetLeaseOptions,
      instanceId: randomUUID(),
      logger: undefined,
      now: Date.now,
      sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
      random: Math.random,
      ...options,
    } as Required<BudgetLeaseOptions>;
    this.idleTimer = setInterval(
      () =>
        void this.releaseIdle().catch((error: unknown) =>
          // Kept and tried again at the next tick; a lease never given back is returned by the sweep of silent leases.
          this.options.logger?.warn({ err: error }, 'idle budget leases could not be given back'),
        ),
      Math.max(1000, this.options.idleReleaseMs / 2),
    );
    this.idleTimer.unref();
  }

  /** Starts renewing this instance's leases and returning those of stopped instances (the running server's background work). */
  start(): void {
    if (this.renewTimer) return;
    this.renewTimer = setInterval(
      () =>
        void this.renewAndReclaim().catch((error: unknown) =>
          this.options.logger?.warn({ err: error }, 'budget leases could not be renewed or reclaimed'),
        ),
      this.options.renewMs,
    );
    this.renewTimer.unref();
  }

  private leaseNumber = 0;
  /** Since when this instance's renewals have succeeded without a break. */
  private connectedSince: number | undefined;

  private nextLeaseId(key: string): string {
    this.leaseNumber += 1;
    return `${this.options.instanceId}-${createHash('sha256').update(key).digest('base64url').slice(0, 16)}-${this.leaseNumber}`;
  }

  /** The leases this instance holds on these counters (for the settlement that moves their balance to spend). */
  leaseIdsOf(organisationId: string, limited: readonly LimitedCounter[]): string[] {
    return limited.map((entry) => this.leaseOf(organisationId, entry).id);
  }

  /**
   * Renews this instance's leases, forgets any another instance returned (their reservation is gone, so the
   * next request takes a new lease), and returns the leases of instances that stopped without giving theirs back.
   */
  async renewAndReclaim(): Promise<void> {
    const now = this.options.now();
    const held = [...this.leases.values()].filter((lease) => lease.leased !== 0);
    let gone: Set<string>;
    try {
      gone = new Set(
        await this.ledger.renewLeases(
          held.map((lease) => lease.id),
          new Date(now),
        ),
      );
    } catch (error) {
      this.connectedSince = undefined;
      throw error;
    }
    this.connectedSince ??= now;
    for (const lease of held) {
      if (!gone.has(lease.id)) continue;
      // Returned by another instance while this one was silent: its reservation is gone. The next request takes
      // a new lease, under a new id, so nothing of the old one is ever counted twice.
      lease.leased = 0;
      lease.id = this.nextLeaseId(lease.key);
    }
    const silentBefore = new Date(now - silentAfterRenewals * this.options.renewMs);
    // After an outage every lease looks silent, live ones too, and their owners' queued settlements land now:
    // only an instance that has itself been reaching Firestore for as long judges another one stopped.
    if (this.connectedSince > silentBefore.getTime()) return;
    for (const leaseId of await this.ledger.silentLeases(silentBefore, 50)) {
      const returned = await this.ledger.returnLease(leaseId, silentBefore);
      if (returned !== undefined)
        this.options.logger?.warn(
          { leaseId, nanoDollars: returned },
          'returned the budget lease of an instance that stopped without giving it back',
        );
    }
  }

  /** Admits `amount` on every limited counter, or throws a BudgetRefusal and holds nothing. */
  async admit(organisationId: string, limited: readonly LimitedCounter[], amount: number, thresholds: Thresholds): Promise<Admission> {
    const taken: Lease[] = [];
    try {
      for (const entry of limited) {
        const lease = this.leaseOf(organisationId, entry);
        await this.take(lease, amount, thresholds);
        taken.push(lease);
      }
    } catch (error) {
      for (const lease of taken) lease.used -= amount;
      throw error;
    }
    return { levels: taken.map((lease) => lease.level), usedShares: taken.map((lease) => lease.usedShare) };
  }

  /** Grows an admitted request's hold by `extra`; false (and nothing held) when there is no room. */
  async extend(organisationId: string, limited: readonly LimitedCounter[], extra: number, thresholds: Thresholds): Promise<boolean> {
    try {
      await this.admit(organisationId, limited, extra, thresholds);
      return true;
    } catch (error) {
      if (error instanceof BudgetRefusal) return false;
      throw error;
    }
  }

  /**
   * A request ended: its hold is given back to the lease, and `spent` of the lease becomes spend. Answers, per
   * counter, the level and use last read from the shared counters (undefined when this instance has not read it).
   * A provider may bill more than the hold: only the hold was reserved, so only the hold leaves the lease (the
   * settlement takes the same amount off the shared reservations, see reservedPartOf) and the rest is spend alone.
   */
  settle(organisationId: string, limited: readonly LimitedCounter[], held: number, spent: number): Array<SeenLevel | undefined> {
    return limited.map((entry) => {
      const lease = this.leaseOf(organisationId, entry);
      lease.used -= held;
      lease.leased -= reservedPartOf(held, spent);
      return lease.levelReadAt > 0
        ? { level: lease.level, usedNanoDollars: Math.round(lease.usedShare * entry.limitNanoDollars) }
        : undefined;
    });
  }

  /** Gives back every lease no request holds; for shutdown and tests. */
  async releaseAll(): Promise<void> {
    await this.releaseIdle(true);
  }

  stop(): void {
    clearInterval(this.idleTimer);
    clearInterval(this.renewTimer);
    this.renewTimer = undefined;
  }

  private leaseOf(organisationId: string, limited: LimitedCounter): Lease {
    const key = `${organisationId}|${limited.counter.scope}|${limited.counter.period}`;
    let lease = this.leases.get(key);
    if (!lease) {
      lease = {
        id: this.nextLeaseId(key),
        key,
        organisationId,
        limited,
        leased: 0,
        used: 0,
        level: 'normal',
        usedShare: 0,
        levelReadAt: 0,
        acquiring: undefined,
        refreshing: false,
        refusedFrom: undefined,
        lastUsedAt: this.options.now(),
      };
      this.leases.set(key, lease);
    }
    lease.limited = limited;
    return lease;
  }

  private async take(lease: Lease, amount: number, thresholds: Thresholds): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      const now = this.options.now();
      lease.lastUsedAt = now;
      if (lease.refusedFrom && lease.refusedFrom.until > now && amount >= lease.refusedFrom.amount)
        throw new BudgetRefusal(lease.limited, false);
      if (lease.acquiring) {
        await lease.acquiring;
        continue;
      }
      if (lease.leased - lease.used >= amount) {
        // The lease itself is the admission; an old level is refreshed behind the request, not before it.
        if (now - lease.levelReadAt > this.options.levelRefreshMs && !lease.refreshing) {
          lease.refreshing = true;
          this.refreshLevel(lease, thresholds)
            .catch((error: unknown) =>
              // The level last read stays in use until a later refresh succeeds.
              this.options.logger?.warn(
                {
                  err: error,
                  organisationId: lease.organisationId,
                  scope: lease.limited.counter.scope,
                  period: lease.limited.counter.period,
                },
                'a budget level could not be refreshed',
              ),
            )
            .finally(() => {
              lease.refreshing = false;
            });
        }
        lease.used += amount;
        return;
      }
      let refusal: BudgetRefusal | undefined;
      lease.acquiring = this.acquire(lease, amount, thresholds).catch((error: unknown) => {
        if (error instanceof BudgetRefusal) refusal = error;
        else throw error;
      });
      try {
        await lease.acquiring;
      } finally {
        lease.acquiring = undefined;
      }
      if (!refusal) continue;
      if (!refusal.reservationsOnly || attempt >= 4) throw refusal;
      // Requests in flight hold the room; some of it comes back as they settle.
      await this.options.sleep(Math.round(this.options.random() * 25 * 2 ** (attempt + 1)));
    }
  }

  /** Levels come from the shared counters; a lease that lasts is re-read now and then. */
  private async refreshLevel(lease: Lease, thresholds: Thresholds): Promise<void> {
    const [totals] = await this.ledger.totals(lease.organisationId, [lease.limited.counter]);
    const used = (totals?.spentNanoDollars ?? 0) + (totals?.reservedNanoDollars ?? 0);
    lease.level = levelOf(used, lease.limited.limitNanoDollars, thresholds);
    lease.usedShare = used / lease.limited.limitNanoDollars;
    lease.levelReadAt = this.options.now();
  }

  /** Reserve-then-check on the shared counter: a lease when the budget has room for one, else just `amount`. */
  private async acquire(lease: Lease, amount: number, thresholds: Thresholds): Promise<void> {
    const { limitNanoDollars: limit, counter } = lease.limited;
    const lacking = Math.max(0, amount - (lease.leased - lease.used));
    const chunk = Math.max(lacking, Math.min(Math.floor(limit * this.options.leaseFraction), this.options.maxLeaseNanoDollars));
    const sizes = chunk > lacking ? [chunk, lacking] : [lacking];
    for (const size of sizes) {
      await this.ledger.reserve(lease.organisationId, [counter], size, lease.id);
      const [totals] = await this.ledger.totals(lease.organisationId, [counter]);
      const spent = totals?.spentNanoDollars ?? 0;
      const used = spent + (totals?.reservedNanoDollars ?? 0);
      if (used <= limit) {
        lease.leased += size;
        lease.level = levelOf(used, limit, thresholds);
        lease.usedShare = used / limit;
        lease.levelReadAt = this.options.now();
        lease.refusedFrom = undefined;
        return;
      }
      await this.ledger.release(lease.organisationId, [counter], size, lease.id);
      if (size === lacking) {
        const reservationsOnly = spent + amount <= limit;
        if (!reservationsOnly) lease.refusedFrom = { amount, until: this.options.now() + 1000 };
        throw new BudgetRefusal(lease.limited, reservationsOnly);
      }
    }
  }

  private async releaseIdle(everything = false): Promise<void> {
    const now = this.options.now();
    const releases: Promise<void>[] = [];
    for (const [key, lease] of this.leases) {
      if (lease.acquiring || (!everything && now - lease.lastUsedAt < this.options.idleReleaseMs)) continue;
      // Nothing held: the whole lease goes back and is forgotten. Its document, left at (about) zero and no
      // longer renewed, is deleted by the sweep of silent leases (which also squares any settlement still on its way).
      if (lease.used <= 0) this.leases.delete(key);
      const unused = lease.leased - Math.max(0, lease.used);
      if (unused <= 0) continue;
      lease.leased -= unused;
      releases.push(this.ledger.release(lease.organisationId, [lease.limited.counter], unused, lease.id));
    }
    await Promise.all(releases);
  }
}

import type { Logger } from '../../platform/logger';
import { isFirestoreUnavailable } from '../../platform/firestore/firestore-availability';
import { isAlreadyExists } from '../../platform/firestore/firestore-errors';
import type { LedgerRepository } from './ledger-repository';
import type { LedgerEntry } from './ledger-types';

export interface UsageWriterOptions {
  /** Firestore takes at most 500 writes per batch. */
  maxWritesPerBatch?: number;
  /**
   * How long an entry may wait for others to share its batch. A commit costs the server about a
   * millisecond of CPU whatever its size; entries that arrive while a commit is under way share the next
   * one anyway, so this only matters at low load, where it adds to the answer's latency.
   */
  lingerMs?: number;
  /** Tries of a batch that Firestore refused for a reason other than being unreachable (a bug, not an outage). */
  retries?: number;
  retryDelayMs?: number;
  /** The longest wait between tries while Firestore is unreachable: an outage is waited out, never given up on. */
  maxRetryDelayMs?: number;
  logger?: Logger | undefined;
  /** Told of each group once it is in Firestore (not of replays): what reads the spend after it, e.g. the exhausted alert. */
  afterCommit?: ((entries: readonly LedgerEntry[]) => Promise<void>) | undefined;
}

function writesOf(entry: LedgerEntry): number {
  return (
    // Each record, and its `charged` billing event when it cost something (ledger-repository.ts).
    entry.records.length +
    entry.records.filter((record) => record.costNanoDollars > 0).length +
    entry.settlement.spendCounters.length +
    entry.settlement.leasedCounters.length +
    (entry.settlement.leaseIds?.length ?? 0) +
    1
  );
}

interface Queued {
  entry: LedgerEntry;
  /** Settles the promise `write` returned. */
  done(error?: Error): void;
}

export class UsageRecordLostError extends Error {}

/** For a write nobody waits for: the writer already logged each record it lost, with its id, so nothing is left to report. */
export const lossAlreadyLogged = (): void => undefined;

/**
 * Writes usage records and settlements, grouped: entries that arrive while a batch is being written go into
 * the next one, so a burst of requests costs a few commits instead of one round trip each. `write` resolves
 * once the entry is in Firestore: askAI waits for it, so no answer is returned whose cost is not recorded.
 * Writes are idempotent (records have deterministic ids), so a retried batch, or one that timed out and landed
 * later, never counts twice. While Firestore is unreachable entries wait and are tried again until it answers.
 */
export class UsageWriter {
  private queue: Queued[] = [];
  private queuedWrites = 0;
  /** Handed to a commit and not yet settled. */
  private readonly inFlight = new Set<Queued>();
  private draining: Promise<void> | undefined;
  private startDraining: (() => void) | undefined;
  private lingerTimer: NodeJS.Timeout | undefined;
  private readonly following = new Set<Promise<void>>();
  private readonly maxWritesPerBatch: number;
  private readonly lingerMs: number;
  private readonly retries: number;
  private readonly retryDelayMs: number;
  private readonly maxRetryDelayMs: number;
  private stopped = false;

  constructor(
    private readonly ledger: LedgerRepository,
    private readonly options: UsageWriterOptions = {},
  ) {
    this.maxWritesPerBatch = options.maxWritesPerBatch ?? 450;
    this.lingerMs = options.lingerMs ?? 0;
    this.retries = options.retries ?? 5;
    this.retryDelayMs = options.retryDelayMs ?? 100;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 2000;
  }

  /** Resolves once the entry is in Firestore; rejects (UsageRecordLostError) only when Firestore refused it for good. */
  write(entry: LedgerEntry): Promise<void> {
    const written = new Promise<void>((resolve, reject) => {
      this.queue.push({ entry, done: (error) => (error ? reject(error) : resolve()) });
    });
    this.queuedWrites += writesOf(entry);
    if (!this.draining) {
      this.draining = new Promise<void>((resolve) => {
        this.startDraining = resolve;
        if (this.lingerMs > 0) this.lingerTimer = setTimeout(resolve, this.lingerMs);
        else setImmediate(resolve);
      }).then(() => {
        this.startDraining = undefined;
        clearTimeout(this.lingerTimer);
        return this.drain();
      });
    }
    // A full batch has nothing to wait for.
    if (this.queuedWrites >= this.maxWritesPerBatch) this.startDraining?.();
    return written;
  }

  /**
   * Shutdown, after `flush`: the tries waiting out an outage end (what they held was logged by the caller), so
   * nothing keeps the process alive or calls a Firestore client that is being closed.
   */
  stop(): void {
    this.stopped = true;
  }

  /** Entries handed to `write` and not yet in Firestore (waiting, or being committed). */
  pending(): LedgerEntry[] {
    return [...this.inFlight, ...this.queue].map((queued) => queued.entry);
  }

  /**
   * Resolves once everything written so far is in Firestore (or refused for good and logged), and what follows
   * a commit is done; with `timeoutMs`, resolves after that long at the latest and answers what is still pending.
   */
  async flush(timeoutMs?: number): Promise<LedgerEntry[]> {
    const everything = (async () => {
      while (this.draining || this.following.size > 0) {
        // Also records written while an earlier round was waiting: none of them lingers.
        this.startDraining?.();
        if (this.draining) await this.draining;
        await Promise.all([...this.following]);
      }
    })();
    if (timeoutMs === undefined) {
      await everything;
      return [];
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([everything, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
    return this.pending();
  }

  /** Not awaited by the drain: the next batch need not wait for reads that only follow this one. */
  private committed(group: readonly Queued[]): void {
    this.written(group);
    if (!this.options.afterCommit) return;
    const work = this.options
      .afterCommit(group.map((queued) => queued.entry))
      .catch((error: unknown) => this.options.logger?.warn({ err: error }, 'the work that follows a usage write failed'));
    this.following.add(work);
    void work.finally(() => this.following.delete(work));
  }

  private written(group: readonly Queued[]): void {
    for (const queued of group) {
      this.inFlight.delete(queued);
      queued.done();
    }
  }

  private lost(queued: Queued, error: unknown): void {
    this.inFlight.delete(queued);
    this.options.logger?.error(
      { err: error, records: queued.entry.records.map((record) => record.id) },
      'usage records could not be written',
    );
    queued.done(new UsageRecordLostError('The usage of this answer could not be recorded.', { cause: error }));
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const group: Queued[] = [];
        let writes = 0;
        while (
          this.queue.length > 0 &&
          (group.length === 0 || writes + writesOf((this.queue[0] as Queued).entry) <= this.maxWritesPerBatch)
        ) {
          const queued = this.queue.shift() as Queued;
          writes += writesOf(queued.entry);
          this.queuedWrites -= writesOf(queued.entry);
          this.inFlight.add(queued);
          group.push(queued);
        }
        await this.writeGroup(group);
      }
    } finally {
      this.draining = undefined;
      if (this.queue.length > 0) this.draining = this.drain();
    }
  }

  /** Waits before the next try: longer each time, capped, so an outage costs a try every couple of seconds. */
  private async pause(attempt: number): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, Math.min(this.maxRetryDelayMs, this.retryDelayMs * 2 ** attempt)).unref());
  }

  private async writeGroup(group: Queued[]): Promise<void> {
    for (let attempt = 0, refusals = 0; ; attempt += 1) {
      try {
        await this.ledger.commit(group.map((queued) => queued.entry));
        this.committed(group);
        return;
      } catch (error) {
        // A single entry that already exists was written by an earlier try whose acknowledgement was lost.
        if (isAlreadyExists(error) && group.length === 1) {
          this.written(group);
          return;
        }
        if (this.stopped) {
          for (const queued of group) this.lost(queued, error);
          return;
        }
        if (group.length > 1 && !isFirestoreUnavailable(error)) break;
        if (!isFirestoreUnavailable(error) && (refusals += 1) > this.retries) {
          this.lost(group[0] as Queued, error);
          return;
        }
        await this.pause(attempt);
      }
    }
    // One entry of the group is a replay or keeps failing: write each on its own so the others land.
    // (Real Firestore rolled the group back whole; the emulator keeps the creates before the failing one,
    // which this pass then finds written and skips. Replays come from retried groups, which fail at their
    // first create, so this emulator difference does not arise in practice; see the ledger tests.)
    for (const queued of group) await this.writeGroup([queued]);
  }
}

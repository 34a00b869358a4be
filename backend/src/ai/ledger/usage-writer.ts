import type { Logger } from '../../platform/logger';
import { isAlreadyExists } from '../../platform/firestore/firestore-errors';
import type { LedgerRepository } from './ledger-repository';
import type { LedgerEntry } from './ledger-types';

export interface UsageWriterOptions {
  /** Firestore takes at most 500 writes per batch. */
  maxWritesPerBatch?: number;
  /**
   * How long an entry may wait for others to share its batch. A commit costs the server about a
   * millisecond of CPU whatever its size, so at 100 requests a second writing each on its own would cost
   * a tenth of a core; a short wait turns them into a few commits.
   */
  lingerMs?: number;
  /** Retries of a batch that failed for a transient reason, with growing waits. */
  retries?: number;
  retryDelayMs?: number;
  logger?: Logger | undefined;
  /** Told of each group once it is in Firestore (not of replays): what reads the spend after it, e.g. the exhausted alert. */
  afterCommit?: ((entries: readonly LedgerEntry[]) => Promise<void>) | undefined;
}

function writesOf(entry: LedgerEntry): number {
  return entry.records.length + entry.settlement.spendCounters.length + entry.settlement.leasedCounters.length + 1;
}

/**
 * Writes usage records and settlements behind the response, grouped: entries that arrive while a batch is
 * being written go into the next one. A request therefore never waits for the ledger, and a burst of
 * requests costs a few batches instead of one round trip each. Writes are idempotent (records have
 * deterministic ids), so a retried batch can never count twice.
 */
export class UsageWriter {
  private queue: LedgerEntry[] = [];
  private queuedWrites = 0;
  private draining: Promise<void> | undefined;
  private startDraining: (() => void) | undefined;
  private lingerTimer: NodeJS.Timeout | undefined;
  private readonly following = new Set<Promise<void>>();
  private readonly maxWritesPerBatch: number;
  private readonly lingerMs: number;
  private readonly retries: number;
  private readonly retryDelayMs: number;

  constructor(
    private readonly ledger: LedgerRepository,
    private readonly options: UsageWriterOptions = {},
  ) {
    this.maxWritesPerBatch = options.maxWritesPerBatch ?? 450;
    this.lingerMs = options.lingerMs ?? 0;
    this.retries = options.retries ?? 5;
    this.retryDelayMs = options.retryDelayMs ?? 100;
  }

  write(entry: LedgerEntry): void {
    this.queue.push(entry);
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
  }

  /** Resolves once everything written so far is in Firestore (or given up on and logged), and what follows a commit is done. */
  async flush(): Promise<void> {
    while (this.draining || this.following.size > 0) {
      // Also records written while an earlier round was waiting: none of them lingers.
      this.startDraining?.();
      if (this.draining) await this.draining;
      await Promise.all([...this.following]);
    }
  }

  /** Not awaited by the drain: the next batch need not wait for reads that only follow this one. */
  private committed(entries: readonly LedgerEntry[]): void {
    if (!this.options.afterCommit) return;
    const work = this.options.afterCommit(entries).catch((error: unknown) => this.options.logger?.warn({ err: error }, 'the work that follows a usage write failed'));
    this.following.add(work);
    void work.finally(() => this.following.delete(work));
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const group: LedgerEntry[] = [];
        let writes = 0;
        while (this.queue.length > 0 && (group.length === 0 || writes + writesOf(this.queue[0] as LedgerEntry) <= this.maxWritesPerBatch)) {
          const entry = this.queue.shift() as LedgerEntry;
          writes += writesOf(entry);
          this.queuedWrites -= writesOf(entry);
          group.push(entry);
        }
        await this.writeGroup(group);
      }
    } finally {
      this.draining = undefined;
      if (this.queue.length > 0) this.draining = this.drain();
    }
  }

  private async writeGroup(group: LedgerEntry[]): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await this.ledger.commit(group);
        this.committed(group);
        return;
      } catch (error) {
        // A single entry that already exists was written by an earlier try whose acknowledgement was lost.
        if (isAlreadyExists(error) && group.length === 1) return;
        if (group.length > 1) break;
        if (attempt >= this.retries) {
          this.options.logger?.error({ err: error, records: group.flatMap((entry) => entry.records.map((record) => record.id)) }, 'usage records could not be written');
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, this.retryDelayMs * 2 ** attempt));
      }
    }
    // One entry of the group is a replay or keeps failing: write each on its own so the others land.
    // (Real Firestore rolled the group back whole; the emulator keeps the creates before the failing one,
    // which this pass then finds written and skips. Replays come from retried groups, which fail at their
    // first create, so this emulator difference does not arise in practice; see the ledger tests.)
    for (const entry of group) await this.writeSingle(entry);
  }

  private async writeSingle(entry: LedgerEntry): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await this.ledger.commit([entry]);
        this.committed([entry]);
        return;
      } catch (error) {
        // Already written: by an earlier try whose acknowledgement was lost, or by a replay. Nothing to add.
        if (isAlreadyExists(error)) return;
        if (attempt >= this.retries) {
          this.options.logger?.error({ err: error, records: entry.records.map((record) => record.id) }, 'usage records could not be written');
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, this.retryDelayMs * 2 ** attempt));
      }
    }
  }
}

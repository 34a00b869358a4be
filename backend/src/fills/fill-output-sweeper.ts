import type { Logger } from '../platform/logger';
import type { FillOutputExpiriesRepository } from './fill-output-expiries-repository';

/**
 * Deletes fills' generated texts once their retention (FILL_OUTPUT_RETENTION_HOURS) has passed. Reading
 * already ignores expired texts; this makes sure they also leave the database, whether or not Firestore's
 * TTL policy is on (it deletes lazily, and the emulators have none). Every instance sweeps: deleting an
 * already deleted document is harmless, so no coordination is needed.
 */
export interface FillOutputSweeper {
  /** Deletes what has expired now; never rejects (a failure is logged and the next sweep tries again). */
  sweep(): Promise<{ fills: number; outputs: number }>;
  start(): void;
  stop(): void;
}

export interface FillOutputSweeperOptions {
  repository: FillOutputExpiriesRepository;
  logger: Logger;
  now?: (() => number) | undefined;
  intervalMs?: number;
  /** Index entries read per query; each page is deleted before the next is read. */
  pageSize?: number;
}

/** Texts are kept for whole hours, so sweeping more often would only add reads. */
const defaultIntervalMs = 60 * 60_000;
/** Cloud Run instances often live less than an hour: the first sweep comes soon after start. */
const firstSweepDelayMs = 60_000;
const defaultPageSize = 100;
/** Bounds one sweep's work (10,000 fills by default); whatever is left is swept a minute later, not an hour. */
const maxPagesPerSweep = 100;
const backlogSweepDelayMs = 60_000;

export function createFillOutputSweeper(options: FillOutputSweeperOptions): FillOutputSweeper {
  const now = options.now ?? Date.now;
  const intervalMs = options.intervalMs ?? defaultIntervalMs;
  const pageSize = options.pageSize ?? defaultPageSize;
  let timers: NodeJS.Timeout[] = [];
  let backlogLeft = false;
  let backlogTimer: NodeJS.Timeout | undefined;
  let sweeping: Promise<{ fills: number; outputs: number }> | undefined;

  async function sweepPages(): Promise<{ fills: number; outputs: number }> {
    const at = new Date(now());
    const deleted = { fills: 0, outputs: 0 };
    backlogLeft = false;
    try {
      for (let page = 0; page < maxPagesPerSweep; page += 1) {
        // Deleted entries drop out of the query, so each page starts again from the longest expired.
        const expired = await options.repository.expired(at, pageSize);
        if (expired.length === 0) break;
        deleted.outputs += await options.repository.deleteOutputs(expired);
        deleted.fills += expired.length;
        if (expired.length < pageSize) break;
        if (page === maxPagesPerSweep - 1) backlogLeft = true;
      }
    } catch (error) {
      // The timer must never throw; what was not deleted stays listed for the next sweep.
      options.logger.warn({ err: error, ...deleted }, 'fill output sweep failed');
      return deleted;
    }
    // Counts only: never a text, a tag name or a fill id (tag names are the user's words too).
    if (deleted.fills > 0) options.logger.info(deleted, 'deleted expired fill outputs');
    return deleted;
  }

  const sweeper: FillOutputSweeper = {
    sweep() {
      // One sweep at a time per instance: a slow one is not overtaken by the next tick.
      sweeping ??= sweepPages().finally(() => {
        sweeping = undefined;
        // More expired fills than one sweep takes: keep going soon while the timers run.
        if (backlogLeft && timers.length > 0) {
          clearTimeout(backlogTimer);
          backlogTimer = setTimeout(() => void sweeper.sweep(), backlogSweepDelayMs).unref();
        }
      });
      return sweeping;
    },
    start() {
      if (timers.length > 0) return;
      const tick = () => void sweeper.sweep();
      timers = [setTimeout(tick, Math.min(firstSweepDelayMs, intervalMs)), setInterval(tick, intervalMs)];
      // A pending sweep must not keep a stopping process alive.
      for (const timer of timers) timer.unref();
    },
    stop() {
      for (const timer of [...timers, backlogTimer]) clearTimeout(timer);
      timers = [];
    },
  };
  return sweeper;
}

import type { Identity } from '../platform/http/caller';
import type { Logger } from '../platform/logger';
import type { ExecutionRecord } from './executions-repository';
import type { FillProgress as ContractFillProgress } from '../../../contracts/fills';
import type { TagStatus } from './fill-result';
import { settlesWithin } from '../platform/settles-within';

/** A fill's progress as the add-on polls it: part of the contract (contracts/fills.ts). */
export type FillProgressView = ContractFillProgress;

/** Where a running fill's progress and its "still alive" time are kept for every instance to read. */
export interface FillProgressStore {
  report(
    organisationId: string,
    fillId: string,
    progress: { finished: number; tags: Record<string, TagStatus | 'pending'>; heartbeatAt: Date },
  ): Promise<void>;
}

export interface FillProgressTracker {
  /** Aborted when the server shuts down and stops waiting for this fill. */
  readonly signal: AbortSignal;
  finished(tag: string, status: TagStatus): void;
  /** The fill's recorded execution: the entry says `finished` once it settles, and waiters are woken. */
  follow(outcome: Promise<ExecutionRecord>): void;
  /** The fill is about to be recorded: no more progress or heartbeats (they would land after the record). */
  stop(): Promise<void>;
}

export interface FillProgress {
  /** `claimed`: the fill has an execution document, onto which progress and heartbeats are written. */
  start(identity: Identity, fillId: string, tags: readonly string[], options?: { claimed?: boolean }): FillProgressTracker;
  /**
   * The fill goes on in the background and its caller will poll, maybe on another instance: from now on its
   * per-tag progress is written to Firestore (at most once per progress interval).
   */
  publish(identity: Identity, fillId: string): void;
  /** Only the user who started the fill sees its progress. */
  get(identity: Identity, fillId: string): FillProgressView | undefined;
  /** The recorded execution of a fill this instance runs or ran lately; rejects when the fill could not be recorded. */
  outcome(identity: Identity, fillId: string): Promise<ExecutionRecord> | undefined;
  /** Resolves once every fill running now has settled, or after `timeoutMs`, whichever comes first. */
  settle(timeoutMs: number): Promise<void>;
  /** Shutdown: every running fill stops calling models; each is then recorded as interrupted with what it spent. */
  interruptAll(): number;
}

export interface FillProgressOptions {
  keepFinishedMs?: number;
  now?: () => number;
  store?: FillProgressStore | undefined;
  /** How often a running fill tells every instance it is alive; a claim silent for three of these is interrupted. */
  heartbeatMs?: number;
  /** Per-tag progress of a published fill is written at most this often (Firestore takes about one write per second per document). */
  progressIntervalMs?: number;
  logger?: Logger | undefined;
}

interface Entry {
  view: FillProgressView;
  outcome?: Promise<ExecutionRecord>;
  forgetAt: number;
  controller: AbortController;
  publish(): void;
}

/**
 * Per-tag progress and the pending outcome of running fills, so a request can answer 202 while the fill goes
 * on and a later poll can wait for it. Kept in memory for polls that reach this instance; for polls that reach
 * another one (Apps Script sends no cookies, so nothing pins a caller to an instance), a claimed fill also
 * writes a heartbeat, and once it went to the background its per-tag progress, onto its execution document.
 */
export function createFillProgress(options: FillProgressOptions = {}): FillProgress {
  const keepFinishedMs = options.keepFinishedMs ?? 120_000;
  const heartbeatMs = options.heartbeatMs ?? 20_000;
  const progressIntervalMs = options.progressIntervalMs ?? 1000;
  const now = options.now ?? Date.now;
  const fills = new Map<string, Entry>();
  const ownerOf = (identity: Identity) => `${identity.organisationId}|${identity.userId}`;
  const sweep = () => {
    const at = now();
    for (const [fillId, entry] of fills) if (entry.forgetAt <= at) fills.delete(fillId);
  };
  /** An entry past its time is gone even before the next start sweeps it: its texts must not outlive their retention. */
  const live = (identity: Identity, fillId: string) => {
    const key = `${ownerOf(identity)}|${fillId}`;
    const entry = fills.get(key);
    if (entry && entry.forgetAt <= now()) {
      fills.delete(key);
      return undefined;
    }
    return entry;
  };

  return {
    start(identity, fillId, tags, startOptions = {}) {
      sweep();
      const key = `${ownerOf(identity)}|${fillId}`;
      const view: FillProgressView = {
        fillId,
        status: 'running',
        total: tags.length,
        finished: 0,
        tags: Object.fromEntries(tags.map((tag) => [tag, 'pending'])),
      };
      const controller = new AbortController();
      const store = startOptions.claimed ? options.store : undefined;
      let published = false;
      let stopped = false;
      let writing: Promise<void> | undefined;
      let again = false;
      let flushTimer: NodeJS.Timeout | undefined;
      const write = () => {
        if (!store || stopped) return;
        if (writing) {
          again = true;
          return;
        }
        writing = store
          .report(identity.organisationId, fillId, { finished: view.finished, tags: { ...view.tags }, heartbeatAt: new Date(now()) })
          .catch((error: unknown) => options.logger?.warn({ err: error, fillId }, 'the progress of a fill could not be written'))
          .finally(() => {
            writing = undefined;
            if (again) {
              again = false;
              write();
            }
          });
      };
      const scheduleFlush = () => {
        if (!published || flushTimer) return;
        flushTimer = setTimeout(() => {
          flushTimer = undefined;
          write();
        }, progressIntervalMs);
        flushTimer.unref();
      };
      const heartbeat = store ? setInterval(write, heartbeatMs) : undefined;
      heartbeat?.unref();
      const entry: Entry = {
        view,
        forgetAt: Number.POSITIVE_INFINITY,
        controller,
        publish() {
          published = true;
          write();
        },
      };
      fills.set(key, entry);
      return {
        signal: controller.signal,
        finished(tag, status) {
          view.tags[tag] = status;
          view.finished += 1;
          scheduleFlush();
        },
        follow(outcome) {
          entry.outcome = outcome;
          const done = () => {
            view.status = 'finished';
            entry.forgetAt = now() + keepFinishedMs;
          };
          outcome.then(done, done);
        },
        async stop() {
          stopped = true;
          clearInterval(heartbeat);
          clearTimeout(flushTimer);
          await writing;
        },
      };
    },
    publish(identity, fillId) {
      live(identity, fillId)?.publish();
    },
    get(identity, fillId) {
      // Keyed by the owner too: someone else's fill id, even a guessed one, finds nothing.
      const entry = live(identity, fillId);
      if (!entry) return undefined;
      return { ...entry.view, tags: { ...entry.view.tags } };
    },
    outcome(identity, fillId) {
      return live(identity, fillId)?.outcome;
    },
    async settle(timeoutMs) {
      const running = [...fills.values()]
        .filter((entry) => entry.view.status === 'running' && entry.outcome !== undefined)
        .map((entry) => entry.outcome as Promise<ExecutionRecord>);
      if (running.length > 0) await settlesWithin(Promise.allSettled(running), timeoutMs);
    },
    interruptAll() {
      let interrupted = 0;
      for (const entry of fills.values()) {
        if (entry.view.status !== 'running' || entry.controller.signal.aborted) continue;
        entry.controller.abort();
        interrupted += 1;
      }
      return interrupted;
    },
  };
}

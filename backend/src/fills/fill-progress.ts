import type { Identity } from '../auth/identity';
import type { ExecutionRecord } from './executions-repository';
import type { TagStatus } from './fill-result';

export interface FillProgressView {
  fillId: string;
  status: 'running' | 'finished';
  total: number;
  finished: number;
  tags: Record<string, TagStatus | 'pending'>;
}

export interface FillProgressTracker {
  finished(tag: string, status: TagStatus): void;
  /** The fill's recorded execution: the entry says `finished` once it settles, and waiters are woken. */
  follow(outcome: Promise<ExecutionRecord>): void;
}

export interface FillProgress {
  start(identity: Identity, fillId: string, tags: readonly string[]): FillProgressTracker;
  /** Only the user who started the fill sees its progress. */
  get(identity: Identity, fillId: string): FillProgressView | undefined;
  /** The recorded execution of a fill this instance runs or ran lately; rejects when the fill could not be recorded. */
  outcome(identity: Identity, fillId: string): Promise<ExecutionRecord> | undefined;
  /** Resolves once every fill running now has settled, or after `timeoutMs`, whichever comes first. */
  settle(timeoutMs: number): Promise<void>;
}

/** Resolves with `true` when `promise` settles within `ms`, `false` otherwise; never rejects. */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
    // A waiting poll must not keep a stopping process alive.
    timer.unref();
  });
  try {
    return await Promise.race([promise.then(() => true, () => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Per-tag progress and the pending outcome of running fills, so a request can answer 202 while the fill goes
 * on and a later poll can wait for it. Kept in this instance's memory: progress changes many times a second,
 * far more often than one Firestore document takes writes, and it is worthless after the fill. Behind a load
 * balancer, polls that reach another instance read the execution repository instead (see fill-routes.ts).
 */
export function createFillProgress(options: { keepFinishedMs?: number; now?: () => number } = {}): FillProgress {
  const keepFinishedMs = options.keepFinishedMs ?? 120_000;
  const now = options.now ?? Date.now;
  const fills = new Map<string, { view: FillProgressView; outcome?: Promise<ExecutionRecord>; forgetAt: number }>();
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
    start(identity, fillId, tags) {
      sweep();
      const key = `${ownerOf(identity)}|${fillId}`;
      const view: FillProgressView = { fillId, status: 'running', total: tags.length, finished: 0, tags: Object.fromEntries(tags.map((tag) => [tag, 'pending'])) };
      const entry: { view: FillProgressView; outcome?: Promise<ExecutionRecord>; forgetAt: number } = { view, forgetAt: Number.POSITIVE_INFINITY };
      fills.set(key, entry);
      return {
        finished(tag, status) {
          view.tags[tag] = status;
          view.finished += 1;
        },
        follow(outcome) {
          entry.outcome = outcome;
          const done = () => {
            view.status = 'finished';
            entry.forgetAt = now() + keepFinishedMs;
          };
          outcome.then(done, done);
        },
      };
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
      const running = [...fills.values()].filter((entry) => entry.view.status === 'running' && entry.outcome).map((entry) => entry.outcome as Promise<ExecutionRecord>);
      if (running.length > 0) await settlesWithin(Promise.allSettled(running), timeoutMs);
    },
  };
}

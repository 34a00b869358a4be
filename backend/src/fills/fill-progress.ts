import type { Identity } from '../auth/identity';
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
  done(): void;
}

export interface FillProgress {
  start(identity: Identity, fillId: string, tags: readonly string[]): FillProgressTracker;
  /** Only the user who started the fill sees its progress. */
  get(identity: Identity, fillId: string): FillProgressView | undefined;
}

/**
 * Per-tag progress of running fills, for the sidebar to poll while the fill request itself is still open.
 * Kept in this instance's memory: progress changes many times a second, far more often than one Firestore
 * document takes writes, and it is worthless after the fill. Behind a load balancer, polls need session
 * affinity (Cloud Run: --session-affinity) to reach the instance running the fill; otherwise they see 404
 * until the execution is recorded.
 */
export function createFillProgress(options: { keepFinishedMs?: number; now?: () => number } = {}): FillProgress {
  const keepFinishedMs = options.keepFinishedMs ?? 120_000;
  const now = options.now ?? Date.now;
  const fills = new Map<string, { view: FillProgressView; forgetAt: number }>();
  const ownerOf = (identity: Identity) => `${identity.organisationId}|${identity.userId}`;
  const sweep = () => {
    const at = now();
    for (const [fillId, entry] of fills) if (entry.forgetAt <= at) fills.delete(fillId);
  };

  return {
    start(identity, fillId, tags) {
      sweep();
      const key = `${ownerOf(identity)}|${fillId}`;
      const view: FillProgressView = { fillId, status: 'running', total: tags.length, finished: 0, tags: Object.fromEntries(tags.map((tag) => [tag, 'pending'])) };
      fills.set(key, { view, forgetAt: Number.POSITIVE_INFINITY });
      return {
        finished(tag, status) {
          view.tags[tag] = status;
          view.finished += 1;
        },
        done() {
          view.status = 'finished';
          const entry = fills.get(key);
          if (entry) entry.forgetAt = now() + keepFinishedMs;
        },
      };
    },
    get(identity, fillId) {
      // Keyed by the owner too: someone else's fill id, even a guessed one, finds nothing.
      const entry = fills.get(`${ownerOf(identity)}|${fillId}`);
      if (!entry) return undefined;
      return { ...entry.view, tags: { ...entry.view.tags } };
    },
  };
}

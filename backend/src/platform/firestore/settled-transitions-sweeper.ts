import type { DocumentReference, Firestore } from 'firebase-admin/firestore';
import type { Logger } from '../logger';
import { settledTransitionsCollection } from './sequenced-transition';

/**
 * Deletes the transitions of settled documents (a job ended, a run cancelled) once they are old enough that no
 * writer can still need them refused (sequenced-transition.ts, transitionRetentionMs), and then their entry.
 * Firestore's TTL policy on `transitions.expireAt` does the same lazily in production; the emulators have none,
 * and this sweep does not wait for it. Every instance sweeps: deleting a deleted document is harmless.
 */
export interface SettledTransitionsSweeper {
  /** Deletes what has expired now; never rejects (a failure is logged and the next sweep tries again). */
  sweep(): Promise<{ documents: number; transitions: number }>;
  start(): void;
  stop(): void;
}

/** Fewer than Firestore's 500 writes per batch. */
const deleteBatchSize = 450;
const pageSize = 100;
const maxPagesPerSweep = 50;
const defaultIntervalMs = 60 * 60_000;
/** Cloud Run instances often live less than an hour: the first sweep comes soon after start. */
const firstSweepDelayMs = 90_000;

export function createSettledTransitionsSweeper(options: {
  firestore: Firestore;
  logger: Logger;
  now?: (() => number) | undefined;
  intervalMs?: number;
}): SettledTransitionsSweeper {
  const now = options.now ?? Date.now;
  const entries = options.firestore.collection(settledTransitionsCollection);
  let timers: NodeJS.Timeout[] = [];
  let sweeping: Promise<{ documents: number; transitions: number }> | undefined;

  async function sweepPages(): Promise<{ documents: number; transitions: number }> {
    const at = new Date(now());
    const deleted = { documents: 0, transitions: 0 };
    try {
      for (let page = 0; page < maxPagesPerSweep; page += 1) {
        // Deleted entries drop out of the query, so each page starts again from the longest expired.
        const expired = await entries.where('expireAt', '<=', at).orderBy('expireAt').limit(pageSize).get();
        if (expired.empty) break;
        // Each entry's transitions before the entry itself, and batches commit in order: a sweep cut short
        // leaves the entry for the next sweep rather than transitions nobody would find again.
        const deletions: DocumentReference[] = [];
        for (const entry of expired.docs) {
          const path = String(entry.get('path'));
          const upTo = Number(entry.get('upTo'));
          const transitions = options.firestore.doc(path).collection('transitions');
          for (let sequence = 1; sequence <= upTo; sequence += 1) deletions.push(transitions.doc(String(sequence)));
          deletions.push(entry.ref);
          deleted.transitions += upTo;
        }
        for (let start = 0; start < deletions.length; start += deleteBatchSize) {
          const batch = options.firestore.batch();
          for (const document of deletions.slice(start, start + deleteBatchSize)) batch.delete(document);
          await batch.commit();
        }
        deleted.documents += expired.size;
        if (expired.size < pageSize) break;
      }
    } catch (error) {
      options.logger.warn({ err: error, ...deleted }, 'settled transitions sweep failed');
      return deleted;
    }
    if (deleted.documents > 0) options.logger.info(deleted, 'deleted settled transitions');
    return deleted;
  }

  const sweeper: SettledTransitionsSweeper = {
    sweep() {
      // One sweep at a time per instance: a slow one is not overtaken by the next tick.
      sweeping ??= sweepPages().finally(() => {
        sweeping = undefined;
      });
      return sweeping;
    },
    start() {
      if (timers.length > 0) return;
      const intervalMs = options.intervalMs ?? defaultIntervalMs;
      const tick = () => void sweeper.sweep();
      timers = [setTimeout(tick, Math.min(firstSweepDelayMs, intervalMs)), setInterval(tick, intervalMs)];
      for (const timer of timers) timer.unref();
    },
    stop() {
      for (const timer of timers) clearTimeout(timer);
      timers = [];
    },
  };
  return sweeper;
}

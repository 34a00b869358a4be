import type { Firestore } from 'firebase-admin/firestore';
import { billingEventsPath, type BillingEvent } from '../ai/ledger/billing-events';
import { firstToCreate } from '../platform/firestore/create-once';

export interface BillingPeriod {
  /** First UTC day, YYYY-MM-DD, inclusive. */
  from: string;
  /** Last UTC day, inclusive. */
  to: string;
}

export interface BillingEventsRepository {
  /** Oldest first; `next` is the `after` of the following page. */
  page(
    organisationId: string,
    query: BillingPeriod & { limit: number; after?: string | undefined },
  ): Promise<{ events: BillingEvent[]; next?: string }>;
  /** Appends an event written apart from the ledger; false when one with its id exists (it is written once). */
  append(organisationId: string, event: BillingEvent): Promise<boolean>;
  /** Every event of the period, a page at a time, oldest first. */
  scan(organisationId: string, period: BillingPeriod, visit: (events: BillingEvent[]) => void): Promise<number>;
}

function nextDay(day: string): string {
  return new Date(Date.parse(day) + 86_400_000).toISOString().slice(0, 10);
}

function toEvent(data: FirebaseFirestore.DocumentData): BillingEvent {
  return { ...(data as BillingEvent), at: data.at.toDate() };
}

/**
 * `orgs/{orgId}/billingEvents/{id}`, written only by the ledger (ai/ledger/billing-events.ts) and the limit
 * sink, read by `sortKey` (ISO time, then id) with a keyset: the emulator ignores cursors (FACTS.md).
 */
export function createBillingEventsRepository(firestore: Firestore, options: { scanPageSize?: number } = {}): BillingEventsRepository {
  const scanPageSize = options.scanPageSize ?? 5000;
  const selection = (organisationId: string, period: BillingPeriod, after: string | undefined) =>
    firestore
      .collection(billingEventsPath(organisationId))
      // A client's `after` only ever narrows the period, never widens it.
      .where('sortKey', '>', after && after > period.from ? after : period.from)
      .where('sortKey', '<', nextDay(period.to))
      .orderBy('sortKey');
  return {
    append(organisationId, event) {
      return firstToCreate(() => firestore.collection(billingEventsPath(organisationId)).doc(event.id).create(event));
    },
    async page(organisationId, query) {
      const snapshot = await selection(organisationId, query, query.after)
        .limit(query.limit + 1)
        .get();
      const page = snapshot.docs.slice(0, query.limit);
      const last = page.at(-1);
      const events = page.map((document) => toEvent(document.data()));
      return snapshot.size > query.limit && last ? { events, next: String(last.get('sortKey')) } : { events };
    },
    async scan(organisationId, period, visit) {
      let after: string | undefined;
      let total = 0;
      for (;;) {
        const snapshot = await selection(organisationId, period, after).limit(scanPageSize).get();
        visit(snapshot.docs.map((document) => toEvent(document.data())));
        total += snapshot.size;
        const last = snapshot.docs.at(-1);
        if (!last || snapshot.size < scanPageSize) return total;
        after = String(last.get('sortKey'));
      }
    },
  };
}

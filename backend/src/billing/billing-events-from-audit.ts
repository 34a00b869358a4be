import { createHash } from 'node:crypto';
import { eventOf, type BillingEvent } from '../ai/ledger/billing-events';
import type { AuditLog } from '../audit/audit-log';
import type { AuditEntry } from '../audit/audit-repository';
import type { BillingEventsRepository } from './billing-events-repository';

type Prices = Record<string, unknown>;

/** The price of every model the settings price themselves: overrides win over a custom model's own prices. */
function pricesOf(settings: Record<string, unknown> | null): Map<string, Prices | null> {
  const prices = new Map<string, Prices | null>();
  const custom = Array.isArray(settings?.customModels) ? (settings.customModels as Record<string, unknown>[]) : [];
  for (const model of custom) prices.set(`${String(model.provider)}:${String(model.id)}`, (model.prices as Prices | null) ?? null);
  const overrides = (settings?.priceOverrides ?? {}) as Record<string, Prices>;
  for (const [key, value] of Object.entries(overrides)) prices.set(key, value);
  return prices;
}

/** Models whose price the saved settings changed (set, changed or removed), with the price before and after. */
export function priceChanges(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): { model: string; before: Prices | null; after: Prices | null }[] {
  const old = pricesOf(before);
  const next = pricesOf(after);
  const keys = [...new Set([...old.keys(), ...next.keys()])].sort();
  return keys
    .map((model) => ({ model, before: old.get(model) ?? null, after: next.get(model) ?? null }))
    .filter((change) => JSON.stringify(change.before) !== JSON.stringify(change.after));
}

/** Which key paid: the connection's provider and its key's fingerprint and last four characters, never the key. */
function keyOf(connection: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!connection) return null;
  const { provider, fingerprint, lastFour } = connection;
  return { provider, fingerprint, lastFour };
}

function eventsOf(entry: AuditEntry): BillingEvent[] {
  const by = { userId: entry.actorUserId };
  if (entry.action === 'connection.rotate') {
    return [
      eventOf('key_rotated', `key~${entry.id}`, entry.at, {
        ...by,
        amountNanoDollars: 0,
        provider: typeof entry.after?.provider === 'string' ? entry.after.provider : null,
        target: entry.target,
        before: keyOf(entry.before),
        after: keyOf(entry.after),
      }),
    ];
  }
  if (entry.action !== 'settings.update') return [];
  return priceChanges(entry.before, entry.after).map((change) => {
    const id = `price~${entry.id}~${createHash('sha256').update(change.model).digest('base64url').slice(0, 16)}`;
    const [provider = null] = change.model.split(':', 1);
    return eventOf('price_changed', id, entry.at, {
      ...by,
      amountNanoDollars: 0,
      provider,
      model: change.model.slice((provider ?? '').length + 1),
      target: change.model,
      before: change.before && { prices: change.before },
      after: change.after && { prices: change.after },
    });
  });
}

/**
 * Records the admin changes that move money (a price changed, a provider key rotated) as billing events too, once
 * the change is saved and audited; each event is named after its audit entry, so it is written once.
 */
export function withBillingEventsFromAudit(log: AuditLog, events: Pick<BillingEventsRepository, 'append'>): AuditLog {
  return {
    async record(caller, change) {
      const entry = await log.record(caller, change);
      for (const event of eventsOf(entry)) await events.append(caller.organisationId, event);
      return entry;
    },
  };
}

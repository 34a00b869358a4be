import { FieldValue, type Firestore } from 'firebase-admin/firestore';
import type { Logger } from '../../platform/logger';
import { firstToCreate } from '../../platform/firestore/create-once';
import type { ConnectionRateLimits } from '../providers/provider-adapter';
import { rateWindowMs, windowStartOf, type ConnectionRateLimiter, type RateAdmission } from './connection-rate-limiter';

/** Kept a day after its minute so a TTL policy on `expireAt` clears old windows. */
const keptForMs = 24 * 3600_000;

/**
 * `orgs/{orgId}/connectionWindows/{connectionId}@{windowStart}`: requests and tokens admitted on one connection
 * in one minute, by every instance. Reserve-then-check, never a transaction (the emulator's do not isolate;
 * FACTS.md): the window is created first (`create`, which only one writer wins), a request adds itself with
 * atomic increments, then reads the window; over a limit, it takes itself out again and is refused. A read
 * sees at least every admitted request whose increment came before it, so the admitted never exceed the
 * limit; racing requests near the limit may both be refused, never both admitted.
 *
 * Requests checked at the same moment would all see each other's increments and all be refused, so one
 * instance checks one connection's requests one at a time (two round trips each, well above any per-minute
 * limit); only instances racing each other at the limit can refuse a request that would have fitted.
 */
export function createConnectionWindowsRepository(options: {
  firestore: Firestore;
  logger?: Logger | undefined;
  now?: () => number;
}): ConnectionRateLimiter {
  const now = options.now ?? Date.now;
  const collection = (organisationId: string) => options.firestore.collection('orgs').doc(organisationId).collection('connectionWindows');
  // Windows this instance knows exist: their create is not sent again.
  const created = new Set<string>();

  async function ensureWindow(organisationId: string, connectionId: string, windowStart: number) {
    const path = `${organisationId}/${connectionId}@${windowStart}`;
    const reference = collection(organisationId).doc(`${connectionId}@${windowStart}`);
    if (created.has(path)) return reference;
    await firstToCreate(() =>
      reference.create({ connectionId, windowStart, requests: 0, tokens: 0, expireAt: new Date(windowStart + keptForMs) }),
    );
    if (created.size > 10_000) created.clear();
    created.add(path);
    return reference;
  }

  // One check at a time per connection on this instance (see above).
  const queues = new Map<string, Promise<unknown>>();
  function oneAtATime<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = queues.get(key) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.catch(() => undefined);
    queues.set(key, settled);
    void settled.then(() => {
      if (queues.get(key) === settled) queues.delete(key);
    });
    return next;
  }

  return {
    admit(organisationId, limits, worstCaseTokens) {
      return oneAtATime(`${organisationId}/${limits.connectionId}`, () => check(organisationId, limits, worstCaseTokens));
    },
  };

  async function check(organisationId: string, limits: ConnectionRateLimits, worstCaseTokens: number): Promise<RateAdmission> {
    const windowStart = windowStartOf(now());
    const retryAt = windowStart + rateWindowMs;
    const tokens = limits.tokensPerMinute === undefined ? 0 : Math.max(0, Math.ceil(worstCaseTokens));
    if (limits.tokensPerMinute !== undefined && tokens > limits.tokensPerMinute) return { admitted: false, retryAt, never: true };
    const reference = await ensureWindow(organisationId, limits.connectionId, windowStart);
    await reference.update({ requests: FieldValue.increment(1), tokens: FieldValue.increment(tokens) });
    const counted = (await reference.get()).data() ?? {};
    const over =
      (limits.requestsPerMinute !== undefined && Number(counted.requests) > limits.requestsPerMinute) ||
      (limits.tokensPerMinute !== undefined && Number(counted.tokens) > limits.tokensPerMinute);
    if (over) {
      await reference.update({ requests: FieldValue.increment(-1), tokens: FieldValue.increment(-tokens) });
      return { admitted: false, retryAt };
    }
    return {
      admitted: true,
      permit: {
        settle(actualTokens) {
          const difference = limits.tokensPerMinute === undefined ? 0 : Math.ceil(actualTokens) - tokens;
          if (difference === 0) return;
          // Nobody waits for it: until it lands the window holds the worst case, which only refuses sooner.
          reference.update({ tokens: FieldValue.increment(difference) }).catch((error: unknown) => {
            options.logger?.warn(
              { err: error, connectionId: limits.connectionId },
              'a rate window could not be settled to the tokens used',
            );
          });
        },
      },
    };
  }
}

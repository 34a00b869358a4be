import type { Firestore } from 'firebase-admin/firestore';
import type { Logger } from '../logger';

/** gRPC codes that mean "Firestore could not be reached or did not answer in time", not "it said no". */
const unavailable = 14;
const deadlineExceeded = 4;

/**
 * Firestore did not answer: refused, silent past the deadline, or known to be down a moment ago. Carries gRPC's
 * UNAVAILABLE code so code that tells Firestore's answers apart (ALREADY_EXISTS, NOT_FOUND) never mistakes it
 * for one; the HTTP layer turns it into a 503 with Retry-After.
 */
export class FirestoreUnavailableError extends Error {
  readonly code = unavailable;
  constructor(
    message: string,
    /** When trying again is worth it. */
    readonly retryAfterSeconds: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'FirestoreUnavailableError';
  }
}

export function isFirestoreUnavailable(error: unknown): boolean {
  if (error instanceof FirestoreUnavailableError) return true;
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return code === unavailable || code === deadlineExceeded;
}

export interface FirestoreAvailability {
  /** True while Firestore answers; false from the first call it refused or left unanswered until one succeeds again. */
  available(): boolean;
  /** Throws FirestoreUnavailableError when Firestore is known to be down (fail closed before paying a provider). */
  ensureAvailable(): void;
  /** Stops the probe that watches for Firestore's return. */
  stop(): void;
}

export interface FirestoreAvailabilityOptions {
  /** Longest any one Firestore operation may take, its own retries included (FIRESTORE_DEADLINE_MS). */
  deadlineMs: number;
  /** While Firestore is down, calls fail at once for this long, then one read checks whether it is back. */
  probeIntervalMs?: number;
  logger?: Logger | undefined;
  now?: () => number;
}

const guards = new WeakMap<Firestore, FirestoreAvailability>();

/** The client's pool of gRPC channels (internal): a channel marked failed is replaced on the next call. */
interface ClientPool {
  activeClients?: Map<unknown, unknown>;
  failedClients?: Set<unknown>;
}

/**
 * After a missed deadline the connection under the gRPC channel may be dead without a FIN or RST (a network
 * path or NAT entry gone): calls on it would wait until keepalive notices. Marking the channels failed makes
 * the next call open a fresh connection, as the client itself does after an RST_STREAM. The pool is internal
 * to @google-cloud/firestore; if its shape changes this does nothing and keepalive (connect-firestore.ts)
 * is the slower way back.
 */
function abandonChannels(firestore: Firestore): void {
  const pool = (firestore as unknown as { _clientPool?: ClientPool })._clientPool;
  if (!pool?.activeClients || !pool.failedClients) return;
  for (const client of pool.activeClients.keys()) pool.failedClients.add(client);
}

/** The two methods every Firestore operation goes through (unary calls and streams); not in the public types. */
interface FirestoreRequests {
  request(methodName: string, ...rest: unknown[]): Promise<unknown>;
  requestStream(methodName: string, ...rest: unknown[]): Promise<NodeJS.ReadableStream & { destroy(): void }>;
}

/**
 * Puts a deadline on every Firestore operation and remembers when Firestore is down. The client retries a
 * refused connection for tens of seconds and waits forever on a silent one; behind it, a request would hang
 * and then fail as a 500. Here every unary call and stream of this Firestore instance (reads, queries,
 * commits, transactions) is bounded by `deadlineMs`; a refusal or a missed deadline marks Firestore down, so
 * the calls that follow fail at once (a 503 with Retry-After within the deadline, and askAI pays no provider
 * while usage cannot be recorded) until a probe read succeeds. A timed-out write may still land later: every
 * write this backend repeats is idempotent or guarded by a create.
 */
export function guardFirestore(firestore: Firestore, options: FirestoreAvailabilityOptions): FirestoreAvailability {
  // One guard per instance: a second composition on the same Firestore (tests do this) shares the first.
  const existing = guards.get(firestore);
  if (existing) return existing;
  const now = options.now ?? Date.now;
  const probeIntervalMs = options.probeIntervalMs ?? 1000;
  const retryAfterSeconds = Math.max(1, Math.ceil((options.deadlineMs + probeIntervalMs) / 1000));
  const target = firestore as unknown as FirestoreRequests;
  const originalRequest = target.request.bind(target);
  const originalRequestStream = target.requestStream.bind(target);
  let downSince: number | undefined;
  let passAfter = 0;
  let probe: NodeJS.Timeout | undefined;
  let stopped = false;
  let probeInFlight = false;

  const markDown = (reason: string) => {
    passAfter = now() + probeIntervalMs;
    if (downSince !== undefined || stopped) return;
    downSince = now();
    options.logger?.error({ reason }, 'Firestore is not answering: requests get 503 and no provider is called until it answers again');
    probe = setInterval(
      () =>
        void firestore
          .collection('system')
          .doc('readiness')
          .get()
          .catch(() => undefined),
      probeIntervalMs,
    );
    probe.unref();
  };
  const markUp = () => {
    if (downSince === undefined) return;
    options.logger?.warn({ downForMs: now() - downSince }, 'Firestore answers again');
    downSince = undefined;
    clearInterval(probe);
  };
  const unavailableError = (message: string, cause?: unknown) => new FirestoreUnavailableError(message, retryAfterSeconds, { cause });

  const guarded = async <T>(methodName: string, call: () => Promise<T>, abandon: (late: T) => void): Promise<T> => {
    // Down: every call fails at once rather than wait out the deadline again, but for one at a time once the
    // wait between tries is over, which finds out whether Firestore is back.
    let probing = false;
    if (downSince !== undefined) {
      if (probeInFlight || now() < passAfter) throw unavailableError('Firestore is not answering.');
      probeInFlight = probing = true;
    }
    let timer: NodeJS.Timeout | undefined;
    const pending = call();
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(unavailableError(`Firestore did not answer ${methodName} within ${options.deadlineMs} ms.`)),
        options.deadlineMs,
      );
    });
    try {
      const result = await Promise.race([pending, deadline]);
      markUp();
      return result;
    } catch (error) {
      if (error instanceof FirestoreUnavailableError) {
        markDown(error.message);
        abandonChannels(firestore);
        // The call goes on inside the client; whatever it opens when it finally answers is closed.
        pending.then(abandon, () => undefined);
        throw error;
      }
      if (isFirestoreUnavailable(error)) {
        markDown(error instanceof Error ? error.message : String(error));
        throw unavailableError('Firestore is not answering.', error);
      }
      // An error with a gRPC status is Firestore's answer (ALREADY_EXISTS, NOT_FOUND, ABORTED…): it is there.
      // One without (a terminated client, credentials that could not be fetched) says nothing either way.
      if (typeof (error as { code?: unknown } | undefined)?.code === 'number') markUp();
      throw error;
    } finally {
      clearTimeout(timer);
      if (probing) probeInFlight = false;
    }
  };

  target.request = (methodName, ...rest) =>
    guarded(
      methodName,
      () => originalRequest(methodName, ...rest),
      () => undefined,
    );
  target.requestStream = (methodName, ...rest) =>
    guarded(
      methodName,
      () => originalRequestStream(methodName, ...rest),
      (stream) => stream.destroy(),
    );

  const availability: FirestoreAvailability = {
    available: () => downSince === undefined,
    ensureAvailable() {
      if (downSince !== undefined) throw unavailableError('Firestore is not answering, so nothing can be recorded.');
    },
    stop() {
      stopped = true;
      clearInterval(probe);
    },
  };
  guards.set(firestore, availability);
  return availability;
}

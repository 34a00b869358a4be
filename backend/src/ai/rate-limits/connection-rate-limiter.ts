import type { ConnectionRateLimits } from '../providers/provider-adapter';

/** One minute: the window the admin's "per minute" limits are counted in. */
export const rateWindowMs = 60_000;

/** A request admitted against a connection's window: its worst case is held until the answer says what it used. */
export interface RatePermit {
  /** Replaces the worst case held with the tokens the call really used (0 when the provider billed nothing). */
  settle(actualTokens: number): void;
}

export type RateAdmission =
  | { admitted: true; permit: RatePermit }
  /** The window is full; `retryAt` (epoch ms) is when the next one starts. `never`: one request is larger than the whole limit. */
  | { admitted: false; retryAt: number; never?: boolean };

/**
 * Counts requests and tokens per provider connection in one-minute windows shared by every backend instance,
 * so a connection's limits hold however many instances call it (connection-windows-repository.ts).
 */
export interface ConnectionRateLimiter {
  admit(organisationId: string, limits: ConnectionRateLimits, worstCaseTokens: number): Promise<RateAdmission>;
}

/** The start of the window `at` falls in. */
export function windowStartOf(at: number): number {
  return Math.floor(at / rateWindowMs) * rateWindowMs;
}

/** What the tag says when no connection it may use has room: the admin's limit, not the provider's failure. */
export function rateLimitedMessage(limits: ConnectionRateLimits): string {
  const which = [
    limits.requestsPerMinute === undefined ? undefined : `${limits.requestsPerMinute} requests`,
    limits.tokensPerMinute === undefined ? undefined : `${limits.tokensPerMinute} tokens`,
  ]
    .filter((part) => part !== undefined)
    .join(' and ');
  return (
    `The connection "${limits.connectionName}" is at the limit your admin set (${which} per minute), and no fallback model could take this tag. ` +
    'Fill it again in a minute, or ask an admin to raise the limit in Admin settings → Connections.'
  );
}

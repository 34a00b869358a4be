import type { ProviderError } from '../providers/provider-errors';

export interface CooldownPolicy {
  /** Consecutive retryable failures after which a provider:model rests. */
  failuresBeforeCooldown: number;
  cooldownMs: number;
  /** A rejected key or permission will not heal by itself: rest at once, for longer. */
  credentialCooldownMs: number;
}

export const defaultCooldownPolicy: CooldownPolicy = { failuresBeforeCooldown: 3, cooldownMs: 30_000, credentialCooldownMs: 300_000 };

/**
 * Remembers which provider:model (per key) keeps failing so requests skip it for a while instead of
 * spending their deadline on it. Held in memory: each instance learns on its own within seconds.
 */
export class CooldownTracker {
  private readonly failures = new Map<string, number>();
  private readonly until = new Map<string, number>();

  constructor(
    private readonly policy: CooldownPolicy = defaultCooldownPolicy,
    private readonly now: () => number = Date.now,
  ) {}

  isCoolingDown(key: string): boolean {
    const until = this.until.get(key);
    if (until === undefined) return false;
    if (until > this.now()) return true;
    this.until.delete(key);
    this.failures.delete(key);
    return false;
  }

  /** When the rest of a key ends; undefined when it is not resting. */
  restEndsAt(key: string): number | undefined {
    return this.isCoolingDown(key) ? this.until.get(key) : undefined;
  }

  /** A call that succeeded ends any rest and starts the count afresh: the burst is over. */
  recordSuccess(key: string): void {
    this.failures.delete(key);
    this.until.delete(key);
  }

  recordFailure(key: string, error: ProviderError): void {
    // A rest that has ended starts the count afresh.
    this.isCoolingDown(key);
    if (error.code === 'authentication' || error.code === 'permission' || error.code === 'quota_exhausted') {
      this.until.set(key, this.now() + this.policy.credentialCooldownMs);
      return;
    }
    if (!error.retryable) return;
    const failures = (this.failures.get(key) ?? 0) + 1;
    this.failures.set(key, failures);
    if (failures >= this.policy.failuresBeforeCooldown) this.until.set(key, this.now() + this.policy.cooldownMs);
  }
}

/**
 * A rest belongs to one organisation's use of one connection and model: a server-wide connection shared by
 * many organisations never rests for all of them because one of them hit its limits.
 */
export function cooldownKey(organisationId: string, connectionId: string, provider: string, model: string): string {
  return `${organisationId}|${connectionId}|${provider}:${model}`;
}

import { CooldownTracker, cooldownKey, type CooldownPolicy } from '../../../../backend/src/ai/execution/cooldown-tracker';
import {
  AuthenticationError,
  BadRequestError,
  PermissionError,
  QuotaExhaustedError,
  RateLimitedError,
  ServerError,
  type ProviderError,
} from '../../../../backend/src/ai/providers/provider-errors';

const policy: CooldownPolicy = { failuresBeforeCooldown: 3, cooldownMs: 30_000, credentialCooldownMs: 300_000 };
const key = cooldownKey('org-1', 'conn-1', 'openai', 'gpt-4o');
const options = { provider: 'openai', model: 'gpt-4o', message: 'x' };

function setup() {
  const clock = { now: 1_000_000 };
  const tracker = new CooldownTracker(policy, () => clock.now);
  return { clock, tracker };
}

describe('CooldownTracker', () => {
  it('cools a model down after N consecutive retryable failures, and only that model', () => {
    const { tracker } = setup();
    tracker.recordFailure(key, new ServerError(options));
    tracker.recordFailure(key, new RateLimitedError(options));
    expect(tracker.isCoolingDown(key)).toBe(false);
    tracker.recordFailure(key, new ServerError(options));
    expect(tracker.isCoolingDown(key)).toBe(true);
    expect(tracker.isCoolingDown(cooldownKey('org-1', 'conn-1', 'openai', 'gpt-6-luna'))).toBe(false);
    expect(tracker.isCoolingDown(cooldownKey('org-1', 'conn-2', 'openai', 'gpt-4o'))).toBe(false);
  });

  it('does not count failures that are neither retryable nor about credentials', () => {
    const { tracker } = setup();
    for (let index = 0; index < 5; index += 1) tracker.recordFailure(key, new BadRequestError(options));
    expect(tracker.isCoolingDown(key)).toBe(false);
  });

  it.each<[string, ProviderError]>([
    ['authentication', new AuthenticationError(options)],
    ['permission', new PermissionError(options)],
    ['quota', new QuotaExhaustedError(options)],
  ])('cools down at once, for the longer credential period, after a %s failure', (_name, error) => {
    const { clock, tracker } = setup();
    tracker.recordFailure(key, error);
    expect(tracker.isCoolingDown(key)).toBe(true);
    clock.now += policy.cooldownMs + 1;
    expect(tracker.isCoolingDown(key)).toBe(true);
    clock.now += policy.credentialCooldownMs;
    expect(tracker.isCoolingDown(key)).toBe(false);
  });

  it('a success ends a rest at once: the burst the retry layer rode out is over', () => {
    const tracker = new CooldownTracker(policy);
    tracker.recordFailure(key, new RateLimitedError(options));
    tracker.recordFailure(key, new RateLimitedError(options));
    tracker.recordFailure(key, new RateLimitedError(options));
    expect(tracker.isCoolingDown(key)).toBe(true);
    tracker.recordSuccess(key);
    expect(tracker.isCoolingDown(key)).toBe(false);
    expect(tracker.restEndsAt(key)).toBeUndefined();
  });

  it('resets the failure count on success', () => {
    const { tracker } = setup();
    tracker.recordFailure(key, new ServerError(options));
    tracker.recordFailure(key, new ServerError(options));
    tracker.recordSuccess(key);
    tracker.recordFailure(key, new ServerError(options));
    tracker.recordFailure(key, new ServerError(options));
    expect(tracker.isCoolingDown(key)).toBe(false);
    tracker.recordFailure(key, new ServerError(options));
    expect(tracker.isCoolingDown(key)).toBe(true);
  });

  it('expires after cooldownMs and then needs N new failures to cool down again', () => {
    const { clock, tracker } = setup();
    for (let index = 0; index < 3; index += 1) tracker.recordFailure(key, new ServerError(options));
    clock.now += policy.cooldownMs - 1;
    expect(tracker.isCoolingDown(key)).toBe(true);
    clock.now += 1;
    expect(tracker.isCoolingDown(key)).toBe(false);
    tracker.recordFailure(key, new ServerError(options));
    expect(tracker.isCoolingDown(key)).toBe(false);
  });

  it('needs N new failures after expiry even when nobody asked in between', () => {
    const { clock, tracker } = setup();
    for (let index = 0; index < 3; index += 1) tracker.recordFailure(key, new ServerError(options));
    clock.now += policy.cooldownMs + 1;
    tracker.recordFailure(key, new ServerError(options));
    expect(tracker.isCoolingDown(key)).toBe(false);
  });
});

import { percentile95, ProviderHealthMonitor } from '../../../backend/src/alerts/provider-health-monitor';
import type { SlowModelAlert } from '../../../backend/src/alerts/alert-message';

/**
 * The monitor decides "p95 above the threshold" by counting the calls over it as they come, instead of sorting
 * every call's window; here that decision is checked against the sorted percentile itself, call by call.
 */
describe('slow model alert decision', () => {
  const settings = (p95Ms: number) => ({
    slowModel: { enabled: true, p95Ms, minimumRequests: 5, windowMinutes: 60 },
    providerDown: { enabled: false, consecutiveFailures: 5 },
  });

  function monitorFor(thresholdMs: () => number) {
    const raised: SlowModelAlert[] = [];
    const monitor = new ProviderHealthMonitor({
      settings: async () => settings(thresholdMs()) as never,
      raiseSlowModel: async (alert) => {
        raised.push(alert);
      },
      raiseProviderDown: async () => undefined,
      now: () => 1_000_000,
    });
    return { monitor, raised };
  }

  const settle = () => new Promise((resolve) => setImmediate(resolve));

  test.each([1, 2, 3, 4, 5, 6, 7])('raises at the first call whose window p95 passes the threshold (seed %i)', async (seed) => {
    let state = seed;
    const random = () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const thresholdMs = 1000;
    const { monitor, raised } = monitorFor(() => thresholdMs);
    const seen: number[] = [];
    let expectedAt: number | undefined;
    for (let call = 0; call < 300; call += 1) {
      // Mostly fast calls, with slow ones becoming more frequent as the window goes on.
      const latencyMs = random() < call / 1500 ? 1500 + Math.floor(random() * 3000) : Math.floor(random() * 1000);
      seen.push(latencyMs);
      if (expectedAt === undefined && seen.length >= 5 && percentile95(seen) > thresholdMs) expectedAt = call;
      monitor.record({ organisationId: 'org', provider: 'openai', model: 'gpt-6-luna', latencyMs, failure: undefined });
      await settle();
      expect(raised.length).toBe(expectedAt === undefined ? 0 : 1);
    }
    expect(expectedAt).toBeDefined();
    expect(raised[0]).toMatchObject({
      requests: (expectedAt as number) + 1,
      p95Ms: percentile95(seen.slice(0, (expectedAt as number) + 1)),
    });
  });

  test('a threshold changed in the middle of a window is counted against again', async () => {
    let thresholdMs = 5000;
    const { monitor, raised } = monitorFor(() => thresholdMs);
    for (let call = 0; call < 20; call += 1) {
      monitor.record({ organisationId: 'org', provider: 'openai', model: 'gpt-6-luna', latencyMs: 2000, failure: undefined });
      await settle();
    }
    expect(raised).toHaveLength(0);
    thresholdMs = 1000;
    monitor.record({ organisationId: 'org', provider: 'openai', model: 'gpt-6-luna', latencyMs: 10, failure: undefined });
    await settle();
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ p95Ms: 2000, thresholdMs: 1000, requests: 21 });
  });
});

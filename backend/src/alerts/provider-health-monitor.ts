import type { AttemptObservation } from '../ai/execution/attempt-observation';
import type { ProviderErrorCode } from '../ai/providers/provider-errors';
import type { AlertSettings } from '../organisation-settings/alert-settings';
import type { Logger } from '../platform/logger';
import type { ProviderDownAlert, SlowModelAlert } from './alert-message';

/** Failures that say the provider is not answering, as opposed to refusing this request (a bad key, a long prompt). */
const downCodes: ReadonlySet<ProviderErrorCode> = new Set(['timeout', 'server', 'unavailable']);

/** Call times kept per model and window for the percentile: enough for a stable p95, bounded in memory. */
const maximumSamples = 2000;

interface LatencyWindow {
  startMs: number;
  lengthMs: number;
  latencies: number[];
  /** Of the latencies, how many are above `thresholdMs`: what decides the percentile against it, kept per call. */
  overThreshold: number;
  thresholdMs: number;
  raised: boolean;
}

interface FailureRun {
  /** When the first failure of the current run happened; the alert's id names it, so one run raises one alert. */
  sinceMs: number;
  failures: number;
  lastFailure: ProviderErrorCode;
  raised: boolean;
}

export interface ProviderHealthMonitorOptions {
  settings(organisationId: string): Promise<Pick<AlertSettings, 'slowModel' | 'providerDown'>>;
  raiseSlowModel(alert: SlowModelAlert): Promise<void>;
  raiseProviderDown(alert: ProviderDownAlert): Promise<void>;
  now?: () => number;
  logger?: Logger | undefined;
}

/** The value below which 95 % of the samples fall (nearest rank). */
export function percentile95(samples: readonly number[]): number {
  const sorted = [...samples].sort((left, right) => left - right);
  return sorted[Math.max(0, Math.ceil(sorted.length * 0.95) - 1)] ?? 0;
}

/**
 * Watches every provider call for two things budgets and error spikes do not show: a model that has become slow
 * (its 95th-percentile call time in a clock-aligned window above the organisation's threshold) and a provider
 * that stopped answering (failures in a row that say so: timeouts, 5xx, unreachable; an answer resets the run).
 * Counting is in memory and per instance, like the error-spike monitor; the alert ids (organisation, model or
 * provider, window or run start) keep it to one alert however many instances notice.
 */
export class ProviderHealthMonitor {
  private readonly latency = new Map<string, LatencyWindow>();
  private readonly failureRuns = new Map<string, FailureRun>();
  private readonly now: () => number;

  constructor(private readonly options: ProviderHealthMonitorOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Fire and forget: observing never delays or fails the request it watches. */
  record(observation: AttemptObservation): void {
    this.observe(observation).catch((error: unknown) => {
      this.options.logger?.warn(
        { err: error, organisationId: observation.organisationId },
        'a provider call could not be counted for health alerts',
      );
    });
  }

  private async observe(observation: AttemptObservation): Promise<void> {
    const settings = await this.options.settings(observation.organisationId);
    const at = this.now();
    if (settings.providerDown.enabled) await this.countFailure(observation, settings.providerDown.consecutiveFailures, at);
    if (settings.slowModel.enabled && observation.failure === undefined) await this.countLatency(observation, settings.slowModel, at);
  }

  private async countFailure(observation: AttemptObservation, threshold: number, at: number): Promise<void> {
    const key = `${observation.organisationId}|${observation.provider}`;
    if (observation.failure === undefined) {
      this.failureRuns.delete(key);
      return;
    }
    // A refusal of this request says nothing about whether the provider answers: the run goes on, uncounted.
    if (!downCodes.has(observation.failure)) return;
    if (this.failureRuns.size > 10_000) this.failureRuns.clear();
    const run = this.failureRuns.get(key) ?? { sinceMs: at, failures: 0, lastFailure: observation.failure, raised: false };
    run.failures += 1;
    run.lastFailure = observation.failure;
    this.failureRuns.set(key, run);
    if (run.raised || run.failures < threshold) return;
    run.raised = true;
    try {
      await this.options.raiseProviderDown({
        organisationId: observation.organisationId,
        provider: observation.provider,
        since: new Date(run.sinceMs).toISOString(),
        failures: run.failures,
        lastFailure: run.lastFailure,
      });
    } catch (error) {
      run.raised = false;
      throw error;
    }
  }

  private async countLatency(observation: AttemptObservation, settings: AlertSettings['slowModel'], at: number): Promise<void> {
    const key = `${observation.organisationId}|${observation.provider}:${observation.model}`;
    const lengthMs = settings.windowMinutes * 60_000;
    const startMs = Math.floor(at / lengthMs) * lengthMs;
    let window = this.latency.get(key);
    if (!window || window.startMs !== startMs || window.lengthMs !== lengthMs) {
      if (this.latency.size > 10_000) this.forgetEndedWindows(at);
      window = { startMs, lengthMs, latencies: [], overThreshold: 0, thresholdMs: settings.p95Ms, raised: false };
      this.latency.set(key, window);
    }
    if (window.thresholdMs !== settings.p95Ms) {
      window.thresholdMs = settings.p95Ms;
      window.overThreshold = window.latencies.filter((latency) => latency > settings.p95Ms).length;
    }
    if (window.latencies.length < maximumSamples) {
      window.latencies.push(observation.latencyMs);
      if (observation.latencyMs > settings.p95Ms) window.overThreshold += 1;
    }
    const count = window.latencies.length;
    if (window.raised || count < settings.minimumRequests) return;
    // The nearest-rank p95 is above the threshold exactly when fewer than ceil(0.95 n) samples are at or below it:
    // counted as calls come, so the sort happens only for the alert, not on every provider call (issue 18).
    if (count - window.overThreshold >= Math.ceil(count * 0.95)) return;
    const p95Ms = percentile95(window.latencies);
    window.raised = true;
    try {
      await this.options.raiseSlowModel({
        organisationId: observation.organisationId,
        model: `${observation.provider}:${observation.model}`,
        windowStart: new Date(startMs).toISOString(),
        windowMinutes: settings.windowMinutes,
        requests: window.latencies.length,
        p95Ms,
        thresholdMs: settings.p95Ms,
      });
    } catch (error) {
      window.raised = false;
      throw error;
    }
  }

  private forgetEndedWindows(at: number): void {
    for (const [key, window] of this.latency) if (window.startMs + window.lengthMs <= at) this.latency.delete(key);
  }
}

import { AiCoreError, NoModelAvailableError } from '../ai/ai-errors';
import type { Logger } from '../platform/logger';
import type { AlertSettings } from '../organisation-settings/alert-settings';
import type { ErrorsSpikeAlert } from './alert-message';

export type AiCallOutcome = 'succeeded' | 'failed' | 'not-counted';

/**
 * What an askAI outcome says about the providers: refusals by policy (budget, ceiling, model not allowed,
 * unpriced, no connection) are the organisation's settings working, not errors; provider failures and every
 * model cooling down are. Answers from the cache or without a model reached no provider and are not counted.
 */
export function outcomeOfAskAi(result: { attempts: number } | undefined, error?: unknown): AiCallOutcome {
  if (error === undefined) return result && result.attempts > 0 ? 'succeeded' : 'not-counted';
  if (error instanceof NoModelAvailableError) return 'failed';
  return error instanceof AiCoreError ? 'not-counted' : 'failed';
}

interface Window {
  startMs: number;
  lengthMs: number;
  requests: number;
  failures: number;
  raised: boolean;
}

export interface ErrorSpikeMonitorOptions {
  settings(organisationId: string): Promise<AlertSettings['errorSpike']>;
  raise(alert: ErrorsSpikeAlert): Promise<void>;
  now?: () => number;
  logger?: Logger | undefined;
}

/**
 * Counts AI calls and failures per organisation in fixed windows of `windowMinutes`, aligned on the clock so
 * every instance names a window alike. The counters are in memory and per instance, which keeps counting free
 * of Firestore writes: with several instances each sees its share of the traffic, so a spike is caught when
 * one instance's share crosses the rate, and the alert's create-once id (organisation and window) keeps it to
 * one alert per window however many instances notice.
 */
export class ErrorSpikeMonitor {
  private readonly windows = new Map<string, Window>();
  private readonly now: () => number;

  constructor(private readonly options: ErrorSpikeMonitorOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Fire and forget: counting never delays or fails the request it observes. */
  record(organisationId: string, outcome: AiCallOutcome): Promise<void> {
    if (outcome === 'not-counted') return Promise.resolve();
    return this.observe(organisationId, outcome === 'failed').catch((error: unknown) => {
      this.options.logger?.warn({ err: error, organisationId }, 'an AI call could not be counted for the error-spike alert');
    });
  }

  private async observe(organisationId: string, failed: boolean): Promise<void> {
    const config = await this.options.settings(organisationId);
    if (!config.enabled) return;
    const lengthMs = config.windowMinutes * 60_000;
    const at = this.now();
    const startMs = Math.floor(at / lengthMs) * lengthMs;
    let window = this.windows.get(organisationId);
    if (!window || window.startMs !== startMs || window.lengthMs !== lengthMs) {
      if (this.windows.size > 10_000) this.forgetEndedWindows(at);
      window = { startMs, lengthMs, requests: 0, failures: 0, raised: false };
      this.windows.set(organisationId, window);
    }
    window.requests += 1;
    if (failed) window.failures += 1;
    if (window.raised || window.requests < config.minimumRequests || window.failures / window.requests <= config.errorRate) return;
    window.raised = true;
    try {
      await this.options.raise({
        organisationId,
        windowStart: new Date(startMs).toISOString(),
        windowMinutes: config.windowMinutes,
        requests: window.requests,
        failures: window.failures,
      });
    } catch (error) {
      // Not raised after all: the next failure in this window tries again.
      window.raised = false;
      throw error;
    }
  }

  private forgetEndedWindows(at: number): void {
    for (const [organisationId, window] of this.windows) if (window.startMs + window.lengthMs <= at) this.windows.delete(organisationId);
  }
}

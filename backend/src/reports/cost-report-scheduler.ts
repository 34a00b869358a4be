import type { Logger } from '../platform/logger';
import type { CostReportSender } from './cost-report-sender';

export interface CostReportScheduler {
  start(): void;
  stop(): void;
  /** Waits for a run in progress. */
  drain(): Promise<void>;
}

/** Every instance looks every 10 minutes; the markers make sure one of them sends each report. */
const defaultIntervalMs = 10 * 60_000;

/** Runs `sendDue` soon after start and then on an interval; one run at a time per instance. */
export function createCostReportScheduler(
  sender: CostReportSender,
  options: { logger?: Logger | undefined; intervalMs?: number } = {},
): CostReportScheduler {
  let timer: NodeJS.Timeout | undefined;
  let first: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const run = () => {
    running ??= sender
      .sendDue()
      .then(() => undefined)
      .catch((error: unknown) => options.logger?.error({ err: error }, 'cost reports: the scheduled run failed; the next one tries again'))
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  return {
    start() {
      if (timer || sender.unavailable) return;
      timer = setInterval(() => void run(), options.intervalMs ?? defaultIntervalMs);
      timer.unref();
      first = setTimeout(() => void run(), 5_000);
      first.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      if (first) clearTimeout(first);
      timer = undefined;
      first = undefined;
    },
    async drain() {
      await running;
    },
  };
}

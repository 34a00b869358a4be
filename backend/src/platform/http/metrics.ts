import type { RequestHandler } from 'express';
import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface ServiceMetrics {
  registry: Registry;
  /** Times every request by its route pattern (never the raw path, whose ids would explode the label set). */
  requestTiming: RequestHandler;
  /** askAI's own time and the provider's time, kept apart so the core's overhead is visible on its own. */
  observeAskAi(timing: { totalMs: number; providerMs: number; cached: boolean }): void;
}

export function createServiceMetrics(): ServiceMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  const coreOverhead = new Histogram({
    name: 'ai_core_overhead_seconds',
    help: 'Time askAI spends outside provider calls (budget, cache, model selection, logging)',
    labelNames: ['cached'] as const,
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25],
    registers: [registry],
  });
  const providerTime = new Histogram({
    name: 'ai_provider_seconds',
    help: 'Time spent waiting for AI providers per askAI call, retries included',
    buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 45],
    registers: [registry],
  });
  return {
    registry,
    requestTiming(request, response, next) {
      const end = requestDuration.startTimer({ method: request.method });
      response.on('finish', () => {
        const route = (request.route as { path?: string } | undefined)?.path;
        end({ route: typeof route === 'string' ? route : 'unmatched', status: String(response.statusCode) });
      });
      next();
    },
    observeAskAi(timing) {
      coreOverhead.observe({ cached: String(timing.cached) }, Math.max(0, timing.totalMs - timing.providerMs) / 1000);
      if (!timing.cached) providerTime.observe(timing.providerMs / 1000);
    },
  };
}

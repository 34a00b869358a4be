import type { ReadinessCheck } from './health-routes';

/** Not ready once shutdown began: the load balancer stops sending new requests while the ones in flight finish. */
export function createShutdownReadinessCheck(stopping: AbortSignal): ReadinessCheck {
  return {
    name: 'accepting',
    async check() {
      if (stopping.aborted) throw new Error('shutting down');
    },
  };
}

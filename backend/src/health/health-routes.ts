import { healthResponse, readinessResponse } from '../../../contracts/health';
import { defineRoute, json, type Route } from '../platform/http/define-route';

export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

/** Liveness (the process answers) and readiness (Firestore answers too), for Cloud Run and load balancers. */
export function createHealthRoutes(checks: ReadinessCheck[]): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/healthz',
      operationId: 'health',
      summary: 'The process is up',
      tag: 'health',
      access: 'public',
      response: { status: 200, description: 'Up', schema: healthResponse },
      async handle() {
        return json({ status: 'ok' });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/readyz',
      operationId: 'readiness',
      summary: 'The service and its dependencies answer (503 when one does not)',
      tag: 'health',
      access: 'public',
      response: {
        status: 200,
        description: 'Ready',
        schema: readinessResponse,
      },
      async handle() {
        const results = await Promise.all(
          checks.map(async ({ name, check }) => {
            try {
              await check();
              return { name, ok: true };
            } catch {
              return { name, ok: false };
            }
          }),
        );
        const ready = results.every((result) => result.ok);
        return json({ status: ready ? 'ready' : 'not ready', checks: results }, ready ? 200 : 503);
      },
    }),
  ];
}

import { writeFileSync } from 'node:fs';
import http from 'node:http';
import express from 'express';
import request from 'supertest';
import { z } from 'zod';
import { defineRoute } from '../../../backend/src/platform/http/define-route';
import { mountRoutes } from '../../../backend/src/platform/http/mount-routes';
import { buildOpenApiDocument } from '../../../backend/src/platform/http/openapi-document';
import { createErrorHandler } from '../../../backend/src/platform/http/problem-handlers';
import { createLogger } from '../../../backend/src/platform/logger';
import { unauthorized } from '../../../backend/src/platform/problem';
import { startHubSpotServer, type HubSpotServer } from '../../../harness/hubspot-server';
import { startTestBackend, type TestBackend } from '../../support/test-backend';
import { fuzzOperations, violationReport } from './openapi-fuzz-runner';

/**
 * Fuzzes every operation of /openapi.json (openapi-fuzz-runner.ts) and checks that the service never answers 5xx,
 * always answers errors as RFC 9457 problem+json, and never accepts input that certainly breaks the documented
 * schema. FUZZ_SEED=<n> replays another run; the default seed is fixed. A positive control shows the run reports
 * a planted fault, so a run with no violation means something.
 */

const seed = Number(process.env.FUZZ_SEED ?? 20_250_611);

async function listen(app: express.Express): Promise<http.Server> {
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

async function stop(server: http.Server | undefined): Promise<void> {
  if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
}

/**
 * The fuzzer's requests are many and fast: the rate limits are lifted so every one reaches its route. HubSpot is
 * the local stand-in: a well-formed token then gets HubSpot's real refusal (a 4xx of ours), where the real,
 * unreachable HubSpot would make the honest answer a 503 that says nothing about our input handling.
 */
const startFuzzedBackend = (hubspotBaseUrl?: string) =>
  startTestBackend({
    RATE_LIMIT_USER_PER_MINUTE: '1000000',
    RATE_LIMIT_ORGANISATION_PER_MINUTE: '1000000',
    RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE: '100000',
    JSON_BODY_LIMIT: '1mb',
    ...(hubspotBaseUrl ? { HUBSPOT_BASE_URL: hubspotBaseUrl } : {}),
  });

describe('OpenAPI-driven fuzzing of every operation', () => {
  let backend: TestBackend;
  let server: http.Server;
  let hubspot: HubSpotServer;

  beforeAll(async () => {
    hubspot = await startHubSpotServer({ accessToken: 'pat-na1-00000000-0000-4000-8000-000000000000' });
    backend = await startFuzzedBackend(hubspot.baseUrl);
    server = await listen(backend.app);
  });

  afterAll(async () => {
    await stop(server);
    await backend.close();
    await hubspot.close();
  });

  it('answers thousands of generated requests without a 5xx, with problem+json errors, and refuses garbage', async () => {
    const run = await fuzzOperations(server, { seed });
    console.log(run.summary);
    expect(run.operations.length).toBeGreaterThan(20);
    expect(run.sent).toBeGreaterThanOrEqual(3_000);
    for (const operation of run.operations) expect(run.perOperation.get(operation.operationId) ?? 0).toBeGreaterThan(0);
    if (process.env.FUZZ_REPORT) writeFileSync(process.env.FUZZ_REPORT, JSON.stringify(run.violations, null, 2));
    if (run.violations.length > 0) throw new Error(violationReport(run, seed));
  }, 300_000);
});

describe('the fuzzer, as a positive control', () => {
  // A backend of its own: the run above removes members and changes settings as it goes.
  let backend: TestBackend;
  let planted: http.Server | undefined;

  beforeAll(async () => {
    backend = await startFuzzedBackend();
  });

  afterAll(async () => {
    await stop(planted);
    await backend.close();
  });

  it('reports a planted route that answers 500 for some valid input, and only those requests', async () => {
    // Declared and mounted like every route of the service; its handler has a bug for pages over 50.
    const plantedRoute = defineRoute({
      method: 'get',
      path: '/v1/planted-fault',
      operationId: 'plantedFault',
      summary: 'A planted fault: fails for pages over 50',
      tag: 'planted',
      access: 'public',
      query: z.strictObject({ page: z.coerce.number().int().min(1).max(100) }),
      response: { status: 200, description: 'The page asked for' },
      async handle({ query }) {
        if (query.page > 50) throw new Error('planted fault');
        return { body: { page: query.page } };
      },
    });
    const logger = createLogger({ level: 'silent' });
    const app = express();
    app.set('query parser', 'simple');
    // The service's own document with the planted operation in it, so the fuzzer finds the operation as it finds real ones.
    const serviceDocument = (await request(backend.app).get('/openapi.json').expect(200)).body as { paths: Record<string, unknown> };
    const plantedPaths = buildOpenApiDocument([plantedRoute], { title: 'planted', version: '1' }).paths as Record<string, unknown>;
    app.get('/openapi.json', (_request, response) => {
      response.json({ ...serviceDocument, paths: { ...serviceDocument.paths, ...plantedPaths } });
    });
    app.use(mountRoutes([plantedRoute], { authenticate: () => Promise.reject(unauthorized('no callers here')), logger }));
    app.use(backend.app);
    app.use(createErrorHandler(logger));
    planted = await listen(app);

    const run = await fuzzOperations(planted, { seed, only: (operation) => operation.operationId === 'plantedFault' });

    expect(run.sent).toBeGreaterThan(20);
    expect(run.violations.length).toBeGreaterThan(0);
    const pages = run.violations.map((violation) => Number(new URL(violation.url, 'http://x').searchParams.get('page')));
    expect(pages.every((page) => Number.isInteger(page) && page > 50 && page <= 100)).toBe(true);
    expect(run.violations.every((violation) => violation.status === 500 && violation.reasons.includes('server error 500'))).toBe(true);
    expect(violationReport(run, seed)).toMatch(/plantedFault \(server error 500\): \d+/);
  }, 60_000);
});

import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import type { HubSpotFieldMapping, HubSpotObjectType, HubSpotWriteBack } from '../../../contracts/hubspot';
import type { HubSpotRunSources } from '../../../backend/src/hubspot/hubspot-run-sources';
import type { RunJobQueue } from '../../../backend/src/hubspot/run-job-queue';
import { createKeyRing, createLocalKeyEncryptionKey } from '../../../backend/src/keys/key-encryption-key';
import { startHubSpotServer, type HubSpotServer } from '../../../harness/hubspot-server';
import { developmentBearer, startTestBackend, type TestBackend, type TestBackendOptions } from '../../support/test-backend';

/** A private-app token of HubSpot's shape, random each run. */
export function hubSpotToken(region = 'na1'): string {
  return `pat-${region}-${randomUUID()}`;
}

/** A client secret of the shape HubSpot shows on an app's Auth tab (a UUID). */
export function clientSecret(): string {
  return randomUUID();
}

export const organisationId = 'domain:example.com';
export const admin = developmentBearer({ sub: 'hs-admin', email: 'hana@example.com', hd: 'example.com' });
export const member = developmentBearer({ sub: 'hs-member', email: 'milo@example.com', hd: 'example.com' });

/**
 * A test double of the runs' job queue port (not of HubSpot): in memory, and idempotent per record key as the
 * port promises, so a second request for the same record of a run answers the first job.
 */
export function createInMemoryRunJobQueue(): RunJobQueue & {
  jobs: {
    organisationId: string;
    runId: string;
    jobId: string;
    record: { recordKey: string; fields: Record<string, string>; sourceReference?: string };
  }[];
} {
  const jobs: ReturnType<typeof createInMemoryRunJobQueue>['jobs'] = [];
  return {
    jobs,
    async enqueue(organisationId, runId, record) {
      const existing = jobs.find(
        (job) => job.organisationId === organisationId && job.runId === runId && job.record.recordKey === record.recordKey,
      );
      if (existing) return { jobId: existing.jobId, created: false };
      const jobId = randomUUID();
      jobs.push({ organisationId, runId, jobId, record });
      return { jobId, created: true };
    },
  };
}

/** Runs of the test, by organisation and id. */
export function runSourcesOf(
  runs: Record<string, { objectType: HubSpotObjectType; mapping: HubSpotFieldMapping; writeBack?: HubSpotWriteBack }>,
): HubSpotRunSources {
  return {
    find: async (organisation, runId) => {
      const run = runs[`${organisation}/${runId}`];
      return run && { objectType: run.objectType, mapping: run.mapping, writeBack: run.writeBack ?? null };
    },
  };
}

export interface HubSpotBench {
  backend: TestBackend;
  hubspot: HubSpotServer;
  token: string;
  queue: ReturnType<typeof createInMemoryRunJobQueue>;
  ring: ReturnType<typeof createKeyRing>;
  /** Every wait the retry layer asked for, in milliseconds. */
  sleeps: number[];
  close(): Promise<void>;
}

/** The real backend with HUBSPOT_BASE_URL at a local HubSpot stand-in that accepts `token`. */
export async function startHubSpotBench(
  options: {
    token?: string;
    environment?: Record<string, string>;
    runs?: Parameters<typeof runSourcesOf>[0];
    backend?: TestBackendOptions;
  } = {},
): Promise<HubSpotBench> {
  const token = options.token ?? hubSpotToken();
  const hubspot = await startHubSpotServer({ accessToken: token });
  const queue = createInMemoryRunJobQueue();
  const ring = createKeyRing([createLocalKeyEncryptionKey('hubspot-test', randomBytes(32))]);
  const sleeps: number[] = [];
  const backend = await startTestBackend(
    { HUBSPOT_BASE_URL: hubspot.baseUrl, ...options.environment },
    {
      keyRing: ring,
      hubSpotRuns: { sources: runSourcesOf(options.runs ?? {}), queue },
      // Real waits, recorded: the tests keep them short through the stand-in's announced windows.
      hubSpotSleep: (ms) => {
        sleeps.push(ms);
        return new Promise((resolve) => setTimeout(resolve, ms));
      },
      ...options.backend,
    },
  );
  return {
    backend,
    hubspot,
    token,
    queue,
    ring,
    sleeps,
    async close() {
      await backend.close();
      await hubspot.close();
    },
  };
}

/** Connects HubSpot for the organisation as its admin, answering the response. */
export function connectHubSpot(bench: HubSpotBench, body: { accessToken: string; clientSecret?: string | null }) {
  return request(bench.backend.app).put('/v1/hubspot/connection').set('authorization', admin).send(body);
}

/** The first user of the organisation becomes its owner; the admin and member sign in after. */
export async function signInOrganisation(bench: HubSpotBench): Promise<void> {
  const owner = developmentBearer({ sub: 'hs-owner', email: 'otto@example.com', hd: 'example.com' });
  expect((await request(bench.backend.app).get('/v1/session').set('authorization', owner)).body.role).toBe('owner');
  await request(bench.backend.app).get('/v1/session').set('authorization', admin);
  await request(bench.backend.app).get('/v1/session').set('authorization', member);
  const response = await request(bench.backend.app).patch('/v1/members/hs-admin').set('authorization', owner).send({ role: 'admin' });
  expect(response.status).toBe(200);
}

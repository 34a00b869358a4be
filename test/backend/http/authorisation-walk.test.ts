import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { signHubSpotRequest, startHubSpotServer, type HubSpotServer } from '../../../harness/hubspot-server';
import { startOpenAIServer, type ProviderServer } from '../../../harness/provider-servers';
import { createInMemoryRunJobQueue, runSourcesOf } from '../hubspot/hubspot-test-support';
import { createTestTokenIssuer } from '../../support/google-id-tokens';
import { expectContractBody, hasContractBody } from '../../support/response-contracts';
import { startGoogleAuthTestBackend, type TestBackend } from '../../support/test-backend';

/**
 * Walks every operation of /openapi.json with a real sample request and checks who may call it: nobody
 * without a valid Google ID token, members only where the document says `member`, admins not where it says
 * `owner`, and nobody from another organisation on this organisation's ids. A route added to the service
 * without a sample here fails the coverage test, so no route ships without authorisation coverage. Every JSON
 * answer on the way is checked against its operation's schema in contracts/ (the add-on's types come from there).
 */

type Role = 'member' | 'admin' | 'owner';
type Access = 'public' | Role;
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
/** Who sends a sample: A's owner, admin or member, or B's owner aiming at A's ids. */
type Actor = 'owner' | 'admin' | 'member' | 'outsider';

interface SampleRequest {
  /** Values for the `{name}` segments of the path. */
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  /** Request headers besides Authorization (HubSpot's signature on its webhook). */
  headers?: Record<string, string>;
}

interface OperationSample {
  method: Method;
  path: string;
  /** The role this walk expects the document to require; pinned so a weakened route fails loudly. */
  role: Access;
  build(actor: Actor): SampleRequest | Promise<SampleRequest>;
  /**
   * What B's owner gets on A's ids when that is not "404, nothing of A's" (path ids) or "the documented
   * success, nothing of A's" (no path ids).
   */
  outsider?: (response: request.Response) => void;
}

interface DocumentedOperation {
  key: string;
  operationId: string;
  method: Method;
  path: string;
  access: Access;
  successStatus: number;
  pathParameters: string[];
}

const keyOf = (method: string, path: string) => `${method.toUpperCase()} ${path}`;

const issuer = createTestTokenIssuer();
const strangerIssuer = createTestTokenIssuer();

interface User {
  sub: string;
  email: string;
  hd: string;
}

const alphaOwner: User = { sub: 'alpha-owner-sub', email: 'owner@alpha.example', hd: 'alpha.example' };
const alphaAdmin: User = { sub: 'alpha-admin-sub', email: 'admin@alpha.example', hd: 'alpha.example' };
const alphaMember: User = { sub: 'alpha-member-sub', email: 'member@alpha.example', hd: 'alpha.example' };
const alphaOtherMember: User = { sub: 'alpha-member2-sub', email: 'member2@alpha.example', hd: 'alpha.example' };
const betaOwner: User = { sub: 'beta-owner-sub', email: 'owner@beta.example', hd: 'beta.example' };

const bearer = (user: User, claims: Record<string, unknown> = {}) =>
  `Bearer ${issuer.idToken({ sub: user.sub, email: user.email, hd: user.hd, ...claims })}`;

const alphaKey = 'sk-test-alpha-0000000000000000';
const betaKey = 'sk-test-beta-0000000000000000';
const alphaDocument = 'alpha-doc-1';
/** Only B's owner saves under this id (in B's organisation); A's copy must stay untouched. */
const alphaSecondDocument = 'alpha-doc-2';
const alphaTemplate = {
  name: 'Alpha proposal template',
  tags: { intro: { prompt: 'Alpha secret prompt: introduce {{client}}.' } },
};
const betaDocument = 'beta-doc-1';
const betaTemplate = { name: 'Beta proposal template', tags: { intro: { prompt: 'Beta prompt: introduce {{client}}.' } } };

function today(offsetDays: number): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}
const period = { from: today(-1), to: today(1) };

let backend: TestBackend;
let provider: ProviderServer;
/** HubSpot's stand-in; both organisations connect the same HubSpot account with this token. */
let hubspot: HubSpotServer;
const hubSpotToken = 'pat-na1-0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const hubSpotClientSecret = 'walk-client-secret-0000-1111';
const hubSpotPublicBaseUrl = 'https://fill.example.com';
let hubSpotDealId = '';
/** Stands in for Google Chat, so test alerts never leave the machine. */
let chat: Server;
let documented: Map<string, DocumentedOperation>;

/** Ids of A's objects (connections, fills) that do not spell "alpha" themselves. */
const alphaIds = new Set<string>();
const ids = {
  alphaConnection: '',
  betaConnection: '',
  ownerFill: '',
  memberFill: '',
  otherMemberFill: '',
  betaFill: '',
  ownerRun: '',
  memberRun: '',
  betaRun: '',
};
let serial = 0;

function connectionBody(owner: 'alpha' | 'beta', name: string) {
  return {
    provider: 'openai-compatible',
    name,
    apiKey: owner === 'alpha' ? alphaKey : betaKey,
    baseUrl: provider.baseUrl,
    defaultModel: 'gpt-6-luna',
  };
}

function fillBody(documentId: string) {
  return { documentId, documentName: `${documentId} name`, fieldValues: { client: 'Acme' }, tags: [{ name: 'intro' }] };
}

function pathOf(template: string, params: Record<string, string> = {}): string {
  return template.replace(/\{([A-Za-z][A-Za-z0-9_]*)\}/g, (_whole, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`The sample for ${template} has no value for {${name}}`);
    return encodeURIComponent(value);
  });
}

function send(method: Method, path: string, sample: SampleRequest, authorization?: string): request.Test {
  let pending = request(backend.app)[method](pathOf(path, sample.params));
  if (sample.query) pending = pending.query(sample.query);
  if (authorization !== undefined) pending = pending.set('authorization', authorization);
  if (sample.headers) pending = pending.set(sample.headers);
  if (sample.body !== undefined) pending = pending.send(sample.body as object);
  return pending;
}

async function as(user: User, method: Method, path: string, sample: SampleRequest = {}): Promise<request.Response> {
  return send(method, path, sample, bearer(user));
}

async function expectOk(response: request.Response, status = 200): Promise<request.Response> {
  if (response.status !== status) throw new Error(`Expected ${status}, got ${response.status}: ${response.text}`);
  return response;
}

/** A fresh connection of A's, for operations that destroy what they are given. */
async function freshAlphaConnection(): Promise<string> {
  serial += 1;
  const response = await expectOk(
    await as(alphaOwner, 'post', '/v1/connections', { body: connectionBody('alpha', `Alpha spare connection ${serial}`) }),
    201,
  );
  alphaIds.add(response.body.id);
  return response.body.id as string;
}

/** A fresh member of A's, for operations that remove who they are given. */
async function freshAlphaMember(): Promise<string> {
  serial += 1;
  const user: User = { sub: `alpha-spare-${serial}`, email: `spare${serial}@alpha.example`, hd: 'alpha.example' };
  await expectOk(await as(user, 'get', '/v1/session'));
  return user.sub;
}

function runBody(owner: 'alpha' | 'beta') {
  return {
    name: `${owner === 'alpha' ? 'Alpha' : 'Beta'} run`,
    templateDocumentId: owner === 'alpha' ? alphaDocument : betaDocument,
    source: { kind: 'api' },
    fieldMapping: { client: 'Client' },
    outputFolderId: `${owner}-folder`,
    namePattern: 'Proposal for {{client}}',
  };
}

/** A's run made by `user`; the walk acts on it as that user (a run is its maker's and admins'). */
async function alphaRunOf(user: User): Promise<string> {
  const response = await expectOk(await as(user, 'post', '/v1/runs', { body: runBody('alpha') }), 201);
  alphaIds.add(response.body.runId);
  return response.body.runId as string;
}

/** Who makes the run a sample acts on: each actor of A their own; B's owner aims at A's owner's. */
const runMakerOf = (actor: Actor) => ({ owner: alphaOwner, admin: alphaAdmin, member: alphaMember, outsider: alphaOwner })[actor];
const runOf = (actor: Actor) => (actor === 'member' ? ids.memberRun : ids.ownerRun);

/** A fresh job of A's, claimed by its run's maker; with `document`, its document (A's filled document) reported. */
async function freshAlphaJob(actor: Actor, document: boolean): Promise<{ runId: string; jobId: string; leaseId: string }> {
  const user = runMakerOf(actor);
  const runId = await alphaRunOf(user);
  serial += 1;
  await expectOk(
    await as(user, 'post', '/v1/runs/{runId}/records', {
      params: { runId },
      body: { records: [{ recordKey: `record-${serial}`, fields: { Client: 'Acme' } }] },
    }),
  );
  const claimed = await expectOk(await as(user, 'post', '/v1/runs/{runId}/claims', { params: { runId }, body: {} }));
  const job = claimed.body.jobs[0] as { jobId: string; leaseId: string };
  if (document) {
    await expectOk(
      await as(user, 'post', '/v1/runs/{runId}/jobs/{jobId}/document', {
        params: { runId, jobId: job.jobId },
        body: { leaseId: job.leaseId, documentId: alphaDocument, documentUrl: `https://docs.google.com/document/d/${alphaDocument}/edit` },
      }),
    );
  }
  return { runId, jobId: job.jobId, leaseId: job.leaseId };
}

async function latestVersion(user: User, path: string): Promise<{ version: number; body: Record<string, unknown> }> {
  const response = await as(user, 'get', path);
  if (response.status === 404) return { version: 0, body: {} };
  await expectOk(response);
  return { version: response.body.version as number, body: response.body };
}

/** The text of a response with the ids the caller sent itself taken out (a 404 may name what was asked for). */
function textWithout(response: request.Response, requested: readonly string[]): string {
  let text = response.text ?? '';
  for (const value of requested) if (value.length > 0) text = text.split(value).join('<requested>');
  return text;
}

function expectNothingOfAlpha(response: request.Response, requested: readonly string[] = []): void {
  const text = textWithout(response, requested);
  expect(text.toLowerCase()).not.toContain('alpha');
  for (const id of alphaIds) if (!requested.includes(id)) expect(text).not.toContain(id);
}

/** A successful JSON answer has the shape its contract declares (/openapi.json, which declares none, aside). */
function expectContractAnswer(operation: DocumentedOperation, response: request.Response): void {
  const success = response.status >= 200 && response.status < 300;
  if (success && response.type === 'application/json' && hasContractBody(operation.operationId)) {
    expectContractBody(operation.operationId, response.body);
  }
}

function expectProblem(response: request.Response, status: number): void {
  expect({ status: response.status, type: response.type, bodyStatus: response.body?.status }).toEqual({
    status,
    type: 'application/problem+json',
    bodyStatus: status,
  });
}

const scopeFor = (actor: Actor) => (actor === 'member' ? 'mine' : 'organisation');

/** The actor's organisation has HubSpot connected (a sample may have disconnected it). */
async function hubSpotConnectedFor(actor: Actor): Promise<void> {
  await expectOk(
    await as(actor === 'outsider' ? betaOwner : alphaOwner, 'put', '/v1/hubspot/connection', {
      body: { accessToken: hubSpotToken, clientSecret: hubSpotClientSecret },
    }),
  );
}

/** A workflow request for A's run, signed with A's client secret as HubSpot signs it. */
function signedHubSpotDelivery(): SampleRequest {
  const params = { organisationId: 'domain:alpha.example', runId: 'walk-run' };
  const body = { objectId: Number(hubSpotDealId) };
  const uri = `${hubSpotPublicBaseUrl}${pathOf('/v1/hubspot/webhooks/{organisationId}/runs/{runId}', params)}`;
  const headers = signHubSpotRequest({
    clientSecret: hubSpotClientSecret,
    method: 'POST',
    uri,
    body: JSON.stringify(body),
    timestamp: Date.now(),
  });
  return { params, body, headers };
}
const fillOf = (actor: Actor) => (actor === 'member' ? ids.memberFill : ids.ownerFill);

/** One sample request per operation of the service. */
const samples: OperationSample[] = [
  { method: 'get', path: '/healthz', role: 'public', build: () => ({}) },
  { method: 'get', path: '/readyz', role: 'public', build: () => ({}) },
  { method: 'get', path: '/openapi.json', role: 'public', build: () => ({}) },
  { method: 'get', path: '/metrics', role: 'public', build: () => ({}) },
  { method: 'get', path: '/v1/session', role: 'member', build: () => ({}) },
  { method: 'get', path: '/v1/budget', role: 'member', build: () => ({}) },
  { method: 'get', path: '/v1/members', role: 'admin', build: () => ({}) },
  {
    method: 'patch',
    path: '/v1/members/{userId}',
    role: 'admin',
    build: (actor) => ({ params: { userId: alphaMember.sub }, body: { role: actor === 'outsider' ? 'admin' : 'member' } }),
  },
  { method: 'delete', path: '/v1/members/{userId}', role: 'admin', build: async () => ({ params: { userId: await freshAlphaMember() } }) },
  { method: 'get', path: '/v1/audit', role: 'admin', build: () => ({ query: { limit: '100' } }) },
  { method: 'get', path: '/v1/settings', role: 'admin', build: () => ({}) },
  {
    method: 'put',
    path: '/v1/settings',
    role: 'admin',
    build: async (actor) => {
      const current = await latestVersion(actor === 'outsider' ? betaOwner : alphaOwner, '/v1/settings');
      return { body: { baseVersion: current.version, settings: current.body.settings } };
    },
  },
  { method: 'get', path: '/v1/models', role: 'member', build: () => ({}) },
  { method: 'get', path: '/v1/configuration', role: 'admin', build: () => ({}) },
  // A dry run: the walk checks who may compare a file, without changing the organisation it compares with.
  { method: 'post', path: '/v1/configuration/import', role: 'admin', build: () => ({ body: { yaml: 'version: 1\n', dryRun: true } }) },
  { method: 'get', path: '/v1/providers', role: 'member', build: () => ({}) },
  { method: 'get', path: '/v1/alerts', role: 'admin', build: () => ({ query: { limit: '20' } }) },
  {
    method: 'put',
    path: '/v1/alerts/google-chat',
    role: 'admin',
    build: (actor) => ({
      body: {
        url: `https://chat.googleapis.com/v1/spaces/${actor === 'outsider' ? 'BBBB' : 'AAAA'}/messages?key=walk-key&token=walk-token-${actor}`,
      },
    }),
  },
  { method: 'post', path: '/v1/alerts/test', role: 'admin', build: () => ({ body: {} }) },
  { method: 'delete', path: '/v1/alerts/google-chat', role: 'admin', build: () => ({}) },
  { method: 'get', path: '/v1/reports/subscription', role: 'admin', build: () => ({}) },
  { method: 'put', path: '/v1/reports/subscription', role: 'admin', build: () => ({ body: { daily: true, weekly: false } }) },
  { method: 'get', path: '/v1/connections', role: 'admin', build: () => ({}) },
  {
    method: 'post',
    path: '/v1/connections',
    role: 'admin',
    build: (actor) => {
      serial += 1;
      return {
        body:
          actor === 'outsider'
            ? connectionBody('beta', `Beta connection ${serial}`)
            : connectionBody('alpha', `Alpha connection ${serial}`),
      };
    },
  },
  {
    method: 'get',
    path: '/v1/connections/{connectionId}',
    role: 'admin',
    build: () => ({ params: { connectionId: ids.alphaConnection } }),
  },
  {
    method: 'patch',
    path: '/v1/connections/{connectionId}',
    role: 'admin',
    build: (actor) => ({
      params: { connectionId: ids.alphaConnection },
      body: actor === 'outsider' ? { name: 'Beta takeover', enabled: false } : { name: 'Alpha main connection', enabled: true },
    }),
  },
  {
    method: 'delete',
    path: '/v1/connections/{connectionId}',
    role: 'admin',
    build: async () => ({ params: { connectionId: await freshAlphaConnection() } }),
  },
  {
    method: 'post',
    path: '/v1/connections/{connectionId}/rotate',
    role: 'admin',
    build: (actor) => ({ params: { connectionId: ids.alphaConnection }, body: { apiKey: actor === 'outsider' ? betaKey : alphaKey } }),
  },
  {
    method: 'post',
    path: '/v1/connections/{connectionId}/test',
    role: 'admin',
    build: () => ({ params: { connectionId: ids.alphaConnection }, body: {} }),
  },
  { method: 'get', path: '/v1/templates', role: 'member', build: () => ({ query: { limit: '200' } }) },
  { method: 'get', path: '/v1/templates/{documentId}', role: 'member', build: () => ({ params: { documentId: alphaDocument } }) },
  {
    method: 'put',
    path: '/v1/templates/{documentId}',
    role: 'member',
    build: async (actor) => {
      if (actor === 'outsider') return { params: { documentId: alphaSecondDocument }, body: { baseVersion: 0, template: betaTemplate } };
      const current = await latestVersion(alphaOwner, `/v1/templates/${alphaDocument}`);
      return { params: { documentId: alphaDocument }, body: { baseVersion: current.version, template: alphaTemplate } };
    },
    // A document id names a Google Doc, not an object of A's: B configuring the same id gets a template of
    // its own (version 1, its own content), and A's configuration stays as it was (checked afterwards).
    outsider: (response) => {
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ documentId: alphaSecondDocument, version: 1, name: betaTemplate.name, inherited: false });
    },
  },
  {
    method: 'get',
    path: '/v1/templates/{documentId}/versions',
    role: 'member',
    build: () => ({ params: { documentId: alphaDocument }, query: { limit: '5' } }),
  },
  {
    method: 'post',
    path: '/v1/templates/{documentId}/copies',
    role: 'member',
    build: (actor) => {
      serial += 1;
      return {
        params: { documentId: alphaDocument },
        body: { copyDocumentId: `${actor === 'outsider' ? 'beta' : 'alpha'}-copy-${serial}` },
      };
    },
  },
  {
    method: 'post',
    path: '/v1/fills/check',
    role: 'member',
    build: () => ({ body: fillBody(alphaDocument) }),
    // B naming A's document must not get A's configuration: the tag is simply not configured for B.
    outsider: (response) => {
      expect(response.status).toBe(200);
      expect(response.body.ready).toBe(false);
      expect(response.body.problems).toEqual([expect.objectContaining({ tag: 'intro', code: 'unconfigured_tag' })]);
    },
  },
  {
    method: 'post',
    path: '/v1/fills',
    role: 'member',
    build: (actor) => ({ body: fillBody(actor === 'outsider' ? betaDocument : alphaDocument) }),
  },
  { method: 'get', path: '/v1/fills', role: 'member', build: (actor) => ({ query: { scope: scopeFor(actor), limit: '200' } }) },
  { method: 'get', path: '/v1/fills/{fillId}', role: 'member', build: (actor) => ({ params: { fillId: fillOf(actor) } }) },
  {
    method: 'post',
    path: '/v1/fills/{fillId}/tags/{tag}/refinements',
    role: 'member',
    build: (actor) => ({
      params: { fillId: fillOf(actor), tag: 'intro' },
      body: { previousText: 'An introduction from the walk.', instruction: 'Shorter' },
    }),
  },
  {
    method: 'put',
    path: '/v1/fills/{fillId}/feedback/{tag}',
    role: 'member',
    build: (actor) => ({
      params: { fillId: fillOf(actor), tag: 'intro' },
      body: { rating: actor === 'outsider' ? 'down' : 'up', comment: 'feedback from the walk' },
    }),
  },
  { method: 'get', path: '/v1/usage/summary', role: 'member', build: (actor) => ({ query: { ...period, scope: scopeFor(actor) } }) },
  {
    method: 'get',
    path: '/v1/usage/records',
    role: 'member',
    build: (actor) => ({ query: { ...period, scope: scopeFor(actor), limit: '500' } }),
  },
  { method: 'get', path: '/v1/usage/export', role: 'member', build: (actor) => ({ query: { ...period, scope: scopeFor(actor) } }) },
  {
    method: 'post',
    path: '/v1/runs',
    role: 'member',
    build: (actor) => ({ body: runBody(actor === 'outsider' ? 'beta' : 'alpha') }),
  },
  { method: 'get', path: '/v1/runs', role: 'member', build: (actor) => ({ query: { scope: scopeFor(actor), limit: '100' } }) },
  { method: 'get', path: '/v1/runs/export', role: 'member', build: (actor) => ({ query: { scope: scopeFor(actor) } }) },
  { method: 'get', path: '/v1/runs/{runId}', role: 'member', build: (actor) => ({ params: { runId: runOf(actor) } }) },
  { method: 'get', path: '/v1/runs/{runId}/jobs', role: 'member', build: (actor) => ({ params: { runId: runOf(actor) } }) },
  { method: 'post', path: '/v1/runs/{runId}/pause', role: 'member', build: (actor) => ({ params: { runId: runOf(actor) } }) },
  { method: 'post', path: '/v1/runs/{runId}/resume', role: 'member', build: (actor) => ({ params: { runId: runOf(actor) } }) },
  {
    method: 'post',
    path: '/v1/runs/{runId}/cancel',
    role: 'member',
    build: async (actor) => ({ params: { runId: await alphaRunOf(runMakerOf(actor)) } }),
  },
  {
    method: 'post',
    path: '/v1/runs/{runId}/records',
    role: 'member',
    build: (actor) => {
      serial += 1;
      return { params: { runId: runOf(actor) }, body: { records: [{ recordKey: `walk-${serial}`, fields: { Client: 'Acme' } }] } };
    },
  },
  { method: 'post', path: '/v1/runs/{runId}/claims', role: 'member', build: (actor) => ({ params: { runId: runOf(actor) }, body: {} }) },
  {
    method: 'post',
    path: '/v1/runs/{runId}/jobs/{jobId}/document',
    role: 'member',
    build: async (actor) => {
      const { runId, jobId, leaseId } = await freshAlphaJob(actor, false);
      return {
        params: { runId, jobId },
        body: { leaseId, documentId: 'walk-copy', documentUrl: 'https://docs.google.com/document/d/walk-copy/edit' },
      };
    },
  },
  {
    method: 'post',
    path: '/v1/runs/{runId}/jobs/{jobId}/done',
    role: 'member',
    build: async (actor) => {
      const { runId, jobId, leaseId } = await freshAlphaJob(actor, true);
      return { params: { runId, jobId }, body: { leaseId, executionId: ids.ownerFill } };
    },
  },
  {
    method: 'post',
    path: '/v1/runs/{runId}/jobs/{jobId}/failure',
    role: 'member',
    build: async (actor) => {
      const { runId, jobId, leaseId } = await freshAlphaJob(actor, false);
      return { params: { runId, jobId }, body: { leaseId, message: 'The walk failed this job.' } };
    },
  },
  {
    method: 'get',
    path: '/v1/hubspot/connection',
    role: 'admin',
    build: async (actor) => {
      await hubSpotConnectedFor(actor);
      return {};
    },
  },
  {
    method: 'put',
    path: '/v1/hubspot/connection',
    role: 'admin',
    build: () => ({ body: { accessToken: hubSpotToken, clientSecret: hubSpotClientSecret } }),
  },
  {
    method: 'delete',
    path: '/v1/hubspot/connection',
    role: 'admin',
    build: async (actor) => {
      await hubSpotConnectedFor(actor);
      return {};
    },
  },
  {
    method: 'post',
    path: '/v1/hubspot/connection/test',
    role: 'admin',
    build: async (actor) => {
      await hubSpotConnectedFor(actor);
      return { body: {} };
    },
  },
  {
    method: 'post',
    path: '/v1/hubspot/records',
    role: 'member',
    build: async (actor) => {
      await hubSpotConnectedFor(actor);
      return { body: { objectType: 'deals', mapping: { title: 'dealname' }, select: { ids: [hubSpotDealId] } } };
    },
  },
  {
    method: 'post',
    path: '/v1/hubspot/webhooks/{organisationId}/runs/{runId}',
    role: 'public',
    build: async () => {
      await hubSpotConnectedFor('owner');
      return signedHubSpotDelivery();
    },
  },
  { method: 'get', path: '/v1/billing/events', role: 'admin', build: () => ({ query: { ...period, limit: '500' } }) },
  { method: 'get', path: '/v1/billing/events/export', role: 'admin', build: () => ({ query: period }) },
];

const nonPublic = samples.filter((sample) => sample.role !== 'public');
const publicSamples = samples.filter((sample) => sample.role === 'public');
const named = (list: OperationSample[]) => list.map((sample) => [keyOf(sample.method, sample.path), sample] as const);

function documentedOf(sample: OperationSample): DocumentedOperation {
  const operation = documented.get(keyOf(sample.method, sample.path));
  if (!operation) throw new Error(`${keyOf(sample.method, sample.path)} is not in /openapi.json`);
  return operation;
}

async function sendSample(
  sample: OperationSample,
  actor: Actor,
  authorization: string | undefined,
): Promise<{ response: request.Response; built: SampleRequest }> {
  const built = await sample.build(actor);
  return { response: await send(sample.method, sample.path, built, authorization), built };
}

beforeAll(async () => {
  provider = await startOpenAIServer();
  hubspot = await startHubSpotServer({ accessToken: hubSpotToken });
  hubSpotDealId = hubspot.crm.create('deals', { dealname: 'Walk deal' }).id;
  chat = createServer((incoming, response) => {
    incoming.resume();
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((resolve) => chat.listen(0, '127.0.0.1', resolve));
  backend = await startGoogleAuthTestBackend(
    issuer,
    {
      GOOGLE_CHAT_WEBHOOK_BASE_URL: `http://127.0.0.1:${(chat.address() as AddressInfo).port}`,
      RATE_LIMIT_USER_PER_MINUTE: '100000',
      RATE_LIMIT_ORGANISATION_PER_MINUTE: '1000000',
      // The walk sends every route a missing, forged and expired token: it tests the 401s, not the limit on them.
      RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE: '100000',
      AI_REQUEST_TIMEOUT_MS: '2000',
      AI_RETRY_BASE_DELAY_MS: '1',
      HUBSPOT_BASE_URL: hubspot.baseUrl,
      PUBLIC_BASE_URL: hubSpotPublicBaseUrl,
    },
    {
      hubSpotRuns: {
        sources: runSourcesOf({ 'domain:alpha.example/walk-run': { objectType: 'deals', mapping: { title: 'dealname' } } }),
        queue: createInMemoryRunJobQueue(),
      },
    },
  );

  const openApi = await expectOk(await request(backend.app).get('/openapi.json'));
  documented = new Map();
  for (const [path, operations] of Object.entries(openApi.body.paths as Record<string, Record<string, Record<string, unknown>>>)) {
    for (const [method, operation] of Object.entries(operations)) {
      const security = operation.security as unknown[] | undefined;
      const access = (Array.isArray(security) && security.length === 0 ? 'public' : operation['x-required-role']) as Access;
      const successStatus = Number(Object.keys(operation.responses as object).find((status) => /^2\d\d$/.test(status)));
      const pathParameters = ((operation.parameters ?? []) as { name: string; in: string }[])
        .filter((parameter) => parameter.in === 'path')
        .map((parameter) => parameter.name);
      documented.set(keyOf(method, path), {
        key: keyOf(method, path),
        operationId: operation.operationId as string,
        method: method as Method,
        path,
        access,
        successStatus,
        pathParameters,
      });
    }
  }

  // Organisation A: the first user is its owner; a member, another member, and an admin.
  expect((await expectOk(await as(alphaOwner, 'get', '/v1/session'))).body.role).toBe('owner');
  expect((await expectOk(await as(alphaMember, 'get', '/v1/session'))).body.role).toBe('member');
  await expectOk(await as(alphaOtherMember, 'get', '/v1/session'));
  await expectOk(await as(alphaAdmin, 'get', '/v1/session'));
  await expectOk(await as(alphaOwner, 'patch', '/v1/members/{userId}', { params: { userId: alphaAdmin.sub }, body: { role: 'admin' } }));
  expect((await expectOk(await as(alphaAdmin, 'get', '/v1/session'))).body.role).toBe('admin');

  const connection = await expectOk(
    await as(alphaOwner, 'post', '/v1/connections', { body: connectionBody('alpha', 'Alpha main connection') }),
    201,
  );
  ids.alphaConnection = connection.body.id;
  alphaIds.add(ids.alphaConnection);
  await expectOk(
    await as(alphaOwner, 'put', '/v1/templates/{documentId}', {
      params: { documentId: alphaDocument },
      body: { baseVersion: 0, template: alphaTemplate },
    }),
  );
  await expectOk(
    await as(alphaOwner, 'put', '/v1/templates/{documentId}', {
      params: { documentId: alphaSecondDocument },
      body: { baseVersion: 0, template: alphaTemplate },
    }),
  );
  for (const [user, key] of [
    [alphaOwner, 'ownerFill'],
    [alphaMember, 'memberFill'],
    [alphaOtherMember, 'otherMemberFill'],
  ] as const) {
    const fill = await expectOk(await as(user, 'post', '/v1/fills', { body: fillBody(alphaDocument) }));
    ids[key] = fill.body.fillId;
    alphaIds.add(fill.body.fillId);
  }

  // Organisation B, with data of its own so its lists are not trivially empty.
  expect((await expectOk(await as(betaOwner, 'get', '/v1/session'))).body.role).toBe('owner');
  ids.betaConnection = (
    await expectOk(await as(betaOwner, 'post', '/v1/connections', { body: connectionBody('beta', 'Beta main connection') }), 201)
  ).body.id;
  await expectOk(
    await as(betaOwner, 'put', '/v1/templates/{documentId}', {
      params: { documentId: betaDocument },
      body: { baseVersion: 0, template: betaTemplate },
    }),
  );
  ids.betaFill = (await expectOk(await as(betaOwner, 'post', '/v1/fills', { body: fillBody(betaDocument) }))).body.fillId;
  ids.ownerRun = await alphaRunOf(alphaOwner);
  ids.memberRun = await alphaRunOf(alphaMember);
  ids.betaRun = (await expectOk(await as(betaOwner, 'post', '/v1/runs', { body: runBody('beta') }), 201)).body.runId;
  await backend.drain();
}, 60_000);

afterAll(async () => {
  await backend?.close();
  await provider?.close();
  await hubspot?.close();
  await new Promise<void>((resolve) => (chat ? chat.close(() => resolve()) : resolve()));
});

describe('the walk covers /openapi.json', () => {
  it('has a sample request for every documented operation, and no sample for an operation that is gone', () => {
    const walked = samples.map((sample) => keyOf(sample.method, sample.path)).sort();
    expect(walked).toEqual([...documented.keys()].sort());
  });

  it('finds in the document the role each operation is expected to require', () => {
    const expected = Object.fromEntries(samples.map((sample) => [keyOf(sample.method, sample.path), sample.role]));
    const actual = Object.fromEntries([...documented.values()].map((operation) => [operation.key, operation.access]));
    expect(actual).toEqual(expected);
  });

  it('sets up two organisations with the roles the walk relies on', async () => {
    const members = await expectOk(await as(alphaOwner, 'get', '/v1/members'));
    const roleOf = (sub: string) =>
      (members.body.members as { userId: string; role: string }[]).find((member) => member.userId === sub)?.role;
    expect([roleOf(alphaOwner.sub), roleOf(alphaAdmin.sub), roleOf(alphaMember.sub), roleOf(alphaOtherMember.sub)]).toEqual([
      'owner',
      'admin',
      'member',
      'member',
    ]);
    expect(ids.ownerFill).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set([ids.ownerFill, ids.memberFill, ids.otherMemberFill, ids.betaFill]).size).toBe(4);
  });
});

describe('public operations answer without a token', () => {
  it.each(named(publicSamples))('%s', async (_name, sample) => {
    expect(documentedOf(sample).access).toBe('public');
    const { response } = await sendSample(sample, 'owner', undefined);
    expect(response.status).toBe(documentedOf(sample).successStatus);
    expectContractAnswer(documentedOf(sample), response);
  });
});

describe('no Authorization header → 401 problem+json', () => {
  it.each(named(nonPublic))('%s', async (_name, sample) => {
    const { response } = await sendSample(sample, 'owner', undefined);
    expectProblem(response, 401);
  });
});

describe('an invalid token → 401', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const owner = { sub: alphaOwner.sub, email: alphaOwner.email, hd: alphaOwner.hd };
  const badTokens: Record<string, () => string> = {
    expired: () => issuer.idToken({ ...owner, iat: now() - 7200, exp: now() - 3600 }),
    'wrong audience': () => issuer.idToken({ ...owner, aud: 'someone-else.apps.googleusercontent.com' }),
    'wrong issuer': () => issuer.idToken({ ...owner, iss: 'https://accounts.evil.example' }),
    "another issuer's key": () => strangerIssuer.idToken({ ...owner, aud: issuer.audience }),
    'unverified email': () => issuer.idToken({ ...owner, email_verified: false }),
    'not a JWT': () => 'not-a-jwt',
  };
  const cases = nonPublic.flatMap((sample) =>
    Object.keys(badTokens).map((kind) => [keyOf(sample.method, sample.path), kind, sample] as const),
  );
  it.each(cases)('%s with %s', async (_name, kind, sample) => {
    const { response } = await sendSample(sample, 'owner', `Bearer ${(badTokens[kind] as () => string)()}`);
    expectProblem(response, 401);
  });
});

describe("A's owner may call every operation (the samples are valid)", () => {
  it.each(named(nonPublic))('%s', async (_name, sample) => {
    const { response } = await sendSample(sample, 'owner', bearer(alphaOwner));
    expect([response.status, response.text]).toEqual([documentedOf(sample).successStatus, response.text]);
    expectContractAnswer(documentedOf(sample), response);
  });
});

describe("B's owner sees none of A's data in B's lists", () => {
  const lists: [string, string, Record<string, string>, () => string][] = [
    ['connections', '/v1/connections', {}, () => ids.betaConnection],
    ['members', '/v1/members', {}, () => betaOwner.email],
    ['templates', '/v1/templates', {}, () => betaDocument],
    ['audit', '/v1/audit', {}, () => ids.betaConnection],
    ['fills', '/v1/fills', { scope: 'organisation' }, () => ids.betaFill],
    ['usage summary', '/v1/usage/summary', { ...period, scope: 'organisation' }, () => '"records"'],
    ['runs', '/v1/runs', { scope: 'organisation', limit: '100' }, () => ids.betaRun],
  ];
  it.each(lists)('%s', async (_name, path, query, own) => {
    const response = await as(betaOwner, 'get', path, { query });
    expect(response.status).toBe(200);
    expect(response.text).toContain(own());
    expectNothingOfAlpha(response);
  });

  it("while A's owner does see A's data in the same lists (so the check above can fail)", async () => {
    for (const [path, query, marker] of [
      ['/v1/connections', {}, ids.alphaConnection],
      ['/v1/members', {}, alphaMember.email],
      ['/v1/templates', {}, alphaDocument],
      ['/v1/audit', {}, ids.alphaConnection],
      ['/v1/fills', { scope: 'organisation' }, ids.otherMemberFill],
      ['/v1/usage/summary', { ...period, scope: 'organisation' }, alphaOwner.sub],
      ['/v1/runs', { scope: 'organisation', limit: '100' }, ids.memberRun],
    ] as const) {
      const response = await as(alphaOwner, 'get', path, { query });
      expect([path, response.status, response.text.includes(marker)]).toEqual([path, 200, true]);
    }
  });
});

describe("B's owner on A's ids → 404, and never A's data", () => {
  let connectionBefore: unknown;
  beforeAll(async () => {
    connectionBefore = (
      await expectOk(await as(alphaOwner, 'get', '/v1/connections/{connectionId}', { params: { connectionId: ids.alphaConnection } }))
    ).body;
  });

  it.each(named(nonPublic))('%s', async (_name, sample) => {
    const operation = documentedOf(sample);
    const { response, built } = await sendSample(sample, 'outsider', bearer(betaOwner));
    // First: nothing of A's, whatever the status; then the status itself.
    expectNothingOfAlpha(response, Object.values(built.params ?? {}));
    if (sample.outsider) sample.outsider(response);
    else if (operation.pathParameters.length > 0) expectProblem(response, 404);
    else expect([response.status, response.text]).toEqual([operation.successStatus, response.text]);
    expectContractAnswer(operation, response);
  });

  it("left A's objects as they were", async () => {
    const connection = await expectOk(
      await as(alphaOwner, 'get', '/v1/connections/{connectionId}', { params: { connectionId: ids.alphaConnection } }),
    );
    expect(connection.body).toEqual(connectionBefore);
    const second = await expectOk(
      await as(alphaOwner, 'get', '/v1/templates/{documentId}', { params: { documentId: alphaSecondDocument } }),
    );
    expect(second.body).toMatchObject({ version: 1, name: alphaTemplate.name });
    const members = await expectOk(await as(alphaOwner, 'get', '/v1/members'));
    expect(members.body.members).toContainEqual(expect.objectContaining({ userId: alphaMember.sub, role: 'member', removed: false }));
    const firestore = backend.firestore.firestore;
    const feedback = await firestore.doc(`orgs/domain:alpha.example/tagFeedback/${ids.ownerFill}:intro`).get();
    expect(feedback.get('rating')).toBe('up');
    expect(feedback.get('ratedBy')).toBe(alphaOwner.sub);
  });
});

describe("A's member: 403 on admin operations, served on member operations", () => {
  it.each(named(nonPublic))('%s', async (_name, sample) => {
    const operation = documentedOf(sample);
    const { response } = await sendSample(sample, 'member', bearer(alphaMember));
    if (operation.access === 'member') {
      expect([401, 403]).not.toContain(response.status);
      expect([response.status, response.text]).toEqual([operation.successStatus, response.text]);
      expectContractAnswer(operation, response);
    } else {
      expectProblem(response, 403);
    }
  });
});

describe("A's admin: 403 on owner operations, served on admin and member operations", () => {
  it.each(named(nonPublic))('%s', async (_name, sample) => {
    const operation = documentedOf(sample);
    const { response } = await sendSample(sample, 'admin', bearer(alphaAdmin));
    if (operation.access === 'owner') {
      expectProblem(response, 403);
    } else {
      expect([401, 403]).not.toContain(response.status);
      expect([response.status, response.text]).toEqual([operation.successStatus, response.text]);
      expectContractAnswer(operation, response);
    }
  });
});

describe('only an owner makes, changes or removes an owner', () => {
  it("an admin cannot demote A's owner → 403", async () => {
    expectProblem(
      await as(alphaAdmin, 'patch', '/v1/members/{userId}', { params: { userId: alphaOwner.sub }, body: { role: 'member' } }),
      403,
    );
  });

  it('an admin cannot make someone an owner → 403', async () => {
    expectProblem(
      await as(alphaAdmin, 'patch', '/v1/members/{userId}', { params: { userId: alphaMember.sub }, body: { role: 'owner' } }),
      403,
    );
  });

  it("an admin cannot remove A's owner → 403", async () => {
    expectProblem(await as(alphaAdmin, 'delete', '/v1/members/{userId}', { params: { userId: alphaOwner.sub } }), 403);
  });

  it("A's owner is still A's owner", async () => {
    expect((await expectOk(await as(alphaOwner, 'get', '/v1/session'))).body.role).toBe('owner');
  });
});

describe('a member sees only their own fills and usage', () => {
  it("GET /v1/fills/{fillId} of another member's fill → 404", async () => {
    const response = await as(alphaMember, 'get', '/v1/fills/{fillId}', { params: { fillId: ids.otherMemberFill } });
    expectProblem(response, 404);
    expect(response.text).not.toContain(alphaOtherMember.email);
  });

  it("PUT /v1/fills/{fillId}/feedback/{tag} on another member's fill → 404", async () => {
    const response = await as(alphaMember, 'put', '/v1/fills/{fillId}/feedback/{tag}', {
      params: { fillId: ids.otherMemberFill, tag: 'intro' },
      body: { rating: 'down' },
    });
    expectProblem(response, 404);
  });

  it("GET /v1/fills (scope=mine) lists none of another member's fills", async () => {
    const response = await expectOk(await as(alphaMember, 'get', '/v1/fills', { query: { limit: '200' } }));
    expect(response.text).toContain(ids.memberFill);
    expect(response.text).not.toContain(ids.otherMemberFill);
    expect(response.text).not.toContain(ids.ownerFill);
  });

  it.each([
    ['/v1/fills', {}],
    ['/v1/usage/summary', period],
    ['/v1/usage/records', period],
    ['/v1/usage/export', period],
  ] as const)('GET %s?scope=organisation → 403', async (path, query) => {
    const response = await as(alphaMember, 'get', path, { query: { ...query, scope: 'organisation' } });
    expectProblem(response, 403);
  });
});

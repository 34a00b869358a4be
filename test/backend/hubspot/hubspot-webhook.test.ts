import { Signature } from '@hubspot/api-client';
import request from 'supertest';
import { signHubSpotRequest } from '../../../harness/hubspot-server';
import {
  clientSecret,
  connectHubSpot,
  organisationId,
  signInOrganisation,
  startHubSpotBench,
  type HubSpotBench,
} from './hubspot-test-support';

const publicBaseUrl = 'https://fill.example.com';
const path = (runId: string, organisation = organisationId) => `/v1/hubspot/webhooks/${encodeURIComponent(organisation)}/runs/${runId}`;

/** A HubSpot workflow asks for a document: signed as HubSpot signs (v3), verified, one job per record. */
describe('the HubSpot workflow webhook', () => {
  let bench: HubSpotBench;
  const secret = clientSecret();
  let dealId = '';

  /** Posts `body` to `target` signed with `signingSecret` at `timestamp`, as HubSpot would. */
  function deliver(target: string, body: object, options: { signingSecret?: string; timestamp?: number; signedBody?: string } = {}) {
    const raw = JSON.stringify(body);
    const headers = signHubSpotRequest({
      clientSecret: options.signingSecret ?? secret,
      method: 'POST',
      uri: `${publicBaseUrl}${target}`,
      body: options.signedBody ?? raw,
      timestamp: options.timestamp ?? Date.now(),
    });
    return request(bench.backend.app).post(target).set(headers).set('content-type', 'application/json').send(raw);
  }

  beforeAll(async () => {
    bench = await startHubSpotBench({
      environment: { PUBLIC_BASE_URL: publicBaseUrl },
      runs: {
        [`${organisationId}/run-proposals`]: {
          objectType: 'deals',
          mapping: { title: 'dealname', client: 'company.name' },
          writeBack: { kind: 'note' },
        },
      },
    });
    await signInOrganisation(bench);
    expect((await connectHubSpot(bench, { accessToken: bench.token, clientSecret: secret })).status).toBe(200);
    const company = bench.hubspot.crm.create('companies', { name: 'Acme Rockets' });
    dealId = bench.hubspot.crm.create('deals', { dealname: 'Rocket fleet' }).id;
    bench.hubspot.crm.associate('deals', dealId, 'companies', company.id, { primary: true });
  });
  afterAll(() => bench?.close());

  it('signs as the official client computes v3 signatures, on the URI with the characters HubSpot decodes', () => {
    const body = '{"objectId":1}';
    const timestamp = Date.now();
    const decodedUri = `${publicBaseUrl}/v1/hubspot/webhooks/domain:example.com/runs/run-proposals`;
    const official = Signature.getSignature('POST', 'v3', {
      signature: '',
      clientSecret: secret,
      requestBody: body,
      url: decodedUri,
      timestamp,
    });
    const ours = signHubSpotRequest({
      clientSecret: secret,
      method: 'POST',
      uri: `${publicBaseUrl}${path('run-proposals')}`,
      body,
      timestamp,
    });
    expect(ours['X-HubSpot-Signature-v3']).toBe(official);
  });

  it("accepts a signed request, reads the record from HubSpot with the run's mapping and queues one job", async () => {
    // The body's other values are not trusted: the record is read from HubSpot.
    const response = await deliver(path('run-proposals'), { objectId: Number(dealId), properties: { dealname: 'Forged name' } });
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ jobId: expect.any(String), created: true, recordKey: dealId });
    expect(bench.queue.jobs).toEqual([
      {
        organisationId,
        runId: 'run-proposals',
        jobId: response.body.jobId,
        record: {
          recordKey: dealId,
          fields: { title: 'Rocket fleet', client: 'Acme Rockets' },
          sourceReference: `hubspot:deals/${dealId}`,
        },
      },
    ]);
    // One record: the per-record v4 associations listing.
    expect(bench.hubspot.requests.map((call) => `${call.method} ${call.path}`)).toContain(
      `GET /crm/v4/objects/deals/${dealId}/associations/companies`,
    );
  });

  it('makes no second job when HubSpot delivers the same request again, or the record id as hs_object_id', async () => {
    const first = bench.queue.jobs[0]!.jobId;
    const again = await deliver(path('run-proposals'), { objectId: Number(dealId) });
    expect(again.status).toBe(202);
    expect(again.body).toEqual({ jobId: first, created: false, recordKey: dealId });
    const customised = await deliver(path('run-proposals'), { hs_object_id: dealId });
    expect(customised.body).toEqual({ jobId: first, created: false, recordKey: dealId });
    expect(bench.queue.jobs).toHaveLength(1);
  });

  it('answers 401 for a signature made with another secret, and queues nothing', async () => {
    const response = await deliver(path('run-proposals'), { objectId: Number(dealId) }, { signingSecret: clientSecret() });
    expect(response.status).toBe(401);
    expect(response.body.detail).toMatch(/signature does not match/);
    expect(bench.queue.jobs).toHaveLength(1);
  });

  it('answers 401 for a body other than the one signed', async () => {
    const response = await deliver(path('run-proposals'), { objectId: 1 }, { signedBody: JSON.stringify({ objectId: Number(dealId) }) });
    expect(response.status).toBe(401);
  });

  it('answers 401 for a timestamp older than 5 minutes, even correctly signed', async () => {
    const response = await deliver(path('run-proposals'), { objectId: Number(dealId) }, { timestamp: Date.now() - 5 * 60_000 - 1000 });
    expect(response.status).toBe(401);
    expect(response.body.detail).toMatch(/more than 5 minutes/);
    const recent = await deliver(path('run-proposals'), { objectId: Number(dealId) }, { timestamp: Date.now() - 4 * 60_000 });
    expect(recent.status).toBe(202);
  });

  it('answers 401 without the signature headers', async () => {
    const response = await request(bench.backend.app)
      .post(path('run-proposals'))
      .send({ objectId: Number(dealId) });
    expect(response.status).toBe(401);
    expect(response.body.detail).toMatch(/X-HubSpot-Signature-v3/);
  });

  it('answers 401 for an organisation that has not connected HubSpot, without telling more', async () => {
    const response = await deliver(path('run-proposals', 'domain:other.example'), { objectId: Number(dealId) });
    expect(response.status).toBe(401);
  });

  it('answers 404 for a run that does not read HubSpot, and 422 for a record HubSpot does not have', async () => {
    expect((await deliver(path('run-unknown'), { objectId: Number(dealId) })).status).toBe(404);
    const missing = await deliver(path('run-proposals'), { objectId: 424242 });
    expect(missing.status).toBe(422);
    expect(missing.body.detail).toMatch(/HubSpot has no deals record 424242/);
  });

  it('answers 503 when HubSpot rate limits the record read past the retries, so HubSpot delivers again later', async () => {
    bench.hubspot.rateLimitNext(4, { intervalMs: 10 });
    const deal = bench.hubspot.crm.create('deals', { dealname: 'Later' });
    const response = await deliver(path('run-proposals'), { objectId: Number(deal.id) });
    expect(response.status).toBe(503);
    expect(response.body.detail).toMatch(/rate limiting.*deliver this request again/);
    const again = await deliver(path('run-proposals'), { objectId: Number(deal.id) });
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ created: true, recordKey: deal.id });
  });

  it('answers 400 for a signed body without a record id', async () => {
    const response = await deliver(path('run-proposals'), { portalId: 1234 });
    expect(response.status).toBe(400);
    expect(response.body.detail).toMatch(/objectId or hs_object_id/);
  });
});

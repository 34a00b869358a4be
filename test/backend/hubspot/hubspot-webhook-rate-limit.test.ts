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
const runId = 'run-limited';
const path = (organisation = organisationId) => `/v1/hubspot/webhooks/${encodeURIComponent(organisation)}/runs/${runId}`;

/**
 * The webhook is public: anyone can post to it. Its limits are counted per client address and per organisation
 * before the signature is checked, so a flood costs no secret opened, no HMAC, no HubSpot call and no job.
 */
describe('rate limits of the public HubSpot webhook', () => {
  let bench: HubSpotBench;
  const secret = clientSecret();
  let dealId = '';

  /** From `address` (X-Forwarded-For, behind the trusted proxy), signed as HubSpot signs or not at all. */
  function deliver(address: string, options: { signed: boolean; organisation?: string }) {
    const target = path(options.organisation);
    const raw = JSON.stringify({ objectId: Number(dealId) });
    const headers = options.signed
      ? signHubSpotRequest({ clientSecret: secret, method: 'POST', uri: `${publicBaseUrl}${target}`, body: raw, timestamp: Date.now() })
      : {};
    return request(bench.backend.app)
      .post(target)
      .set(headers)
      .set('x-forwarded-for', address)
      .set('content-type', 'application/json')
      .send(raw);
  }

  function expectLimited(response: request.Response, detail: RegExp) {
    expect(response.status).toBe(429);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 429, title: 'Too many requests', detail: expect.stringMatching(detail) });
    const retryAfter = Number(response.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
  }

  beforeAll(async () => {
    bench = await startHubSpotBench({
      environment: {
        PUBLIC_BASE_URL: publicBaseUrl,
        TRUST_PROXY: 'true',
        RATE_LIMIT_WEBHOOK_PER_ADDRESS_PER_MINUTE: '3',
        RATE_LIMIT_WEBHOOK_PER_ORGANISATION_PER_MINUTE: '6',
      },
      runs: { [`${organisationId}/${runId}`]: { objectType: 'deals', mapping: { title: 'dealname' } } },
    });
    await signInOrganisation(bench);
    expect((await connectHubSpot(bench, { accessToken: bench.token, clientSecret: secret })).status).toBe(200);
    dealId = bench.hubspot.crm.create('deals', { dealname: 'Rocket fleet' }).id;
  });
  afterAll(() => bench?.close());

  it('turns an address away after its limit, before the signature is checked: even a signed request then makes no job', async () => {
    const flooder = '203.0.113.7';
    const statuses: number[] = [];
    for (let index = 0; index < 3; index += 1) statuses.push((await deliver(flooder, { signed: false })).status);
    expect(statuses).toEqual([401, 401, 401]);
    const hubSpotCallsBefore = bench.hubspot.requests.length;
    expectLimited(await deliver(flooder, { signed: true }), /^More than 3 requests came from your address in a minute/);
    expect(bench.queue.jobs).toHaveLength(0);
    expect(bench.hubspot.requests).toHaveLength(hubSpotCallsBefore);

    // Another address is not affected: its signed request becomes the record's job.
    const hubspot = await deliver('198.51.100.20', { signed: true });
    expect([hubspot.status, hubspot.body.recordKey]).toEqual([202, dealId]);
    expect(bench.queue.jobs).toHaveLength(1);
  });

  it("limits one organisation's webhook from any address, and leaves other organisations' alone", async () => {
    // Four of the first test's requests counted for this organisation (the one its address limit refused did
    // not get this far); two more from fresh addresses reach its limit of 6.
    expect((await deliver('198.51.100.30', { signed: false })).status).toBe(401);
    expect((await deliver('198.51.100.33', { signed: false })).status).toBe(401);
    expectLimited(await deliver('198.51.100.31', { signed: false }), /^More than 6 requests for this organisationId came in a minute/);
    // Another organisation (unknown here, so unverifiable: 401) is still answered.
    expect((await deliver('198.51.100.32', { signed: false, organisation: 'domain:other.example' })).status).toBe(401);
  });
});

import request from 'supertest';
import { connectHubSpot, member, signInOrganisation, startHubSpotBench, type HubSpotBench } from './hubspot-test-support';

/** Reading records through the official client from the local HubSpot stand-in: by id, by search, one association deep. */
describe('HubSpot records with a field mapping', () => {
  let bench: HubSpotBench;
  const ids = { acme: '', globex: '', bigDeal: '', smallDeal: '', loneDeal: '' };
  const mapping = { title: 'dealname', amount: 'amount', client: 'company.name', city: 'company.city', stage: 'dealstage' };
  const read = (body: object) => request(bench.backend.app).post('/v1/hubspot/records').set('authorization', member).send(body);

  beforeAll(async () => {
    bench = await startHubSpotBench();
    await signInOrganisation(bench);
    expect((await connectHubSpot(bench, { accessToken: bench.token })).status).toBe(200);
    const crm = bench.hubspot.crm;
    ids.acme = crm.create('companies', { name: 'Acme Rockets', city: 'Springfield' }).id;
    ids.globex = crm.create('companies', { name: 'Globex', city: 'Cypress Creek' }).id;
    ids.bigDeal = crm.create('deals', { dealname: 'Rocket fleet', amount: '90000', dealstage: 'contractsent' }).id;
    ids.smallDeal = crm.create('deals', { dealname: 'Spare fins', amount: '1200', dealstage: 'appointmentscheduled' }).id;
    ids.loneDeal = crm.create('deals', { dealname: 'No company yet', amount: '500', dealstage: 'appointmentscheduled' }).id;
    // The big deal has two companies; the primary one is its client.
    crm.associate('deals', ids.bigDeal, 'companies', ids.globex);
    crm.associate('deals', ids.bigDeal, 'companies', ids.acme, { primary: true });
    crm.associate('deals', ids.smallDeal, 'companies', ids.globex, { primary: true });
  });
  afterAll(() => bench?.close());

  it("reads deals by id with their primary company's name, in the order asked, and names the ids HubSpot lacks", async () => {
    const response = await read({ objectType: 'deals', mapping, select: { ids: [ids.smallDeal, ids.bigDeal, '999', ids.loneDeal] } });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      records: [
        {
          recordKey: ids.smallDeal,
          fields: { title: 'Spare fins', amount: '1200', client: 'Globex', city: 'Cypress Creek', stage: 'appointmentscheduled' },
          sourceReference: `hubspot:deals/${ids.smallDeal}`,
        },
        {
          recordKey: ids.bigDeal,
          fields: { title: 'Rocket fleet', amount: '90000', client: 'Acme Rockets', city: 'Springfield', stage: 'contractsent' },
          sourceReference: `hubspot:deals/${ids.bigDeal}`,
        },
        {
          recordKey: ids.loneDeal,
          fields: { title: 'No company yet', amount: '500', client: '', city: '', stage: 'appointmentscheduled' },
          sourceReference: `hubspot:deals/${ids.loneDeal}`,
        },
      ],
      missing: ['999'],
      next: null,
      total: null,
    });
    // What went over the wire: a batch read of the mapped properties, v4 batch associations, a batch read of the companies.
    const calls = bench.hubspot.requests.slice(-3).map((call) => `${call.method} ${call.path} ${call.status}`);
    expect(calls).toEqual([
      'POST /crm/v3/objects/deals/batch/read 207',
      'POST /crm/v4/associations/deals/companies/batch/read 207',
      'POST /crm/v3/objects/companies/batch/read 200',
    ]);
    expect(bench.hubspot.requests.at(-3)!.body).toMatchObject({ properties: ['dealname', 'amount', 'dealstage'] });
    expect(bench.hubspot.requests.at(-1)!.body).toMatchObject({ properties: ['name', 'city'] });
  });

  it('picks records by a HubSpot search, page by page', async () => {
    const search = { filterGroups: [{ filters: [{ propertyName: 'amount', operator: 'GTE', value: '1000' }] }] };
    const first = await read({ objectType: 'deals', mapping, select: { search }, limit: 1 });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ total: 2, next: '1', missing: [] });
    expect(first.body.records).toEqual([
      expect.objectContaining({ recordKey: ids.bigDeal, fields: expect.objectContaining({ client: 'Acme Rockets' }) }),
    ]);
    const second = await read({ objectType: 'deals', mapping, select: { search }, limit: 1, after: first.body.next });
    expect(second.body).toMatchObject({ total: 2, next: null });
    expect(second.body.records).toEqual([
      expect.objectContaining({ recordKey: ids.smallDeal, fields: expect.objectContaining({ client: 'Globex' }) }),
    ]);
    const sent = bench.hubspot.requests.filter((call) => call.path === '/crm/v3/objects/deals/search').at(-1)!;
    expect(sent.body).toMatchObject({
      filterGroups: search.filterGroups,
      properties: ['dealname', 'amount', 'dealstage'],
      limit: 1,
      after: '1',
    });
  });

  it("waits the window HubSpot's 429 headers announce, then succeeds", async () => {
    bench.hubspot.rateLimitNext(1, { intervalMs: 300 });
    const sleepsBefore = bench.sleeps.length;
    const response = await read({ objectType: 'deals', mapping: { title: 'dealname' }, select: { ids: [ids.bigDeal] } });
    expect(response.status).toBe(200);
    expect(response.body.records[0].fields).toEqual({ title: 'Rocket fleet' });
    expect(bench.sleeps.slice(sleepsBefore)).toEqual([300]);
    const [limited, retried] = bench.hubspot.requests.slice(-2);
    expect([limited!.status, retried!.status]).toEqual([429, 200]);
    expect(retried!.receivedAt - limited!.receivedAt).toBeGreaterThanOrEqual(290);
  });

  it('gives up after the capped attempts and answers 429 with a Retry-After', async () => {
    bench.hubspot.rateLimitNext(4, { intervalMs: 50 });
    const before = bench.hubspot.requests.length;
    const response = await read({ objectType: 'deals', mapping: { title: 'dealname' }, select: { ids: [ids.bigDeal] } });
    expect(response.status).toBe(429);
    expect(response.headers['retry-after']).toBe('1');
    expect(response.body).toMatchObject({ code: 'rate_limited', detail: expect.stringMatching(/rate limiting/) });
    expect(bench.hubspot.requests.length - before).toBe(4);
  });

  it('does not wait out the daily limit: it says when it resets', async () => {
    bench.hubspot.rateLimitNext(1, { policy: 'DAILY' });
    const before = bench.hubspot.requests.length;
    const response = await read({ objectType: 'deals', mapping: { title: 'dealname' }, select: { ids: [ids.bigDeal] } });
    expect(response.status).toBe(429);
    expect(response.body.detail).toMatch(/daily API limit.*resets at midnight/);
    expect(bench.hubspot.requests.length - before).toBe(1);
  });

  it('refuses a mapping deeper than one association, and a search HubSpot would refuse', async () => {
    expect((await read({ objectType: 'deals', mapping: { x: 'company.owner.name' }, select: { ids: [ids.bigDeal] } })).status).toBe(400);
    const tooMany = {
      filterGroups: Array.from({ length: 6 }, () => ({ filters: [{ propertyName: 'amount', operator: 'EQ', value: '1' }] })),
    };
    expect((await read({ objectType: 'deals', mapping, select: { search: tooMany } })).status).toBe(400);
  });
});

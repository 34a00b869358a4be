import request from 'supertest';
import { signHubSpotRequest } from '../../../harness/hubspot-server';
import {
  admin,
  clientSecret,
  connectHubSpot,
  organisationId,
  signInOrganisation,
  startHubSpotBench,
  type HubSpotBench,
} from './hubspot-test-support';

const publicBaseUrl = 'https://fill.example.com';

/*
 * The webhook wired to the real runs: a HubSpot workflow's signed request becomes one job of the run, its
 * fields read from HubSpot with the run's mapping, and the worker claiming it gets the document's name and the
 * template's field values from that record. Nothing here is a stand-in but HubSpot itself.
 */
describe('a HubSpot workflow asks a run for a document', () => {
  let bench: HubSpotBench;
  const secret = clientSecret();
  let dealId = '';
  let runId = '';

  const asAdmin = (method: 'get' | 'post' | 'put', path: string, body?: object) => {
    const pending = request(bench.backend.app)[method](path).set('authorization', admin);
    return body === undefined ? pending : pending.send(body);
  };
  const deliver = (target: string, body: object) => {
    const raw = JSON.stringify(body);
    const headers = signHubSpotRequest({
      clientSecret: secret,
      method: 'POST',
      uri: `${publicBaseUrl}${target}`,
      body: raw,
      timestamp: Date.now(),
    });
    return request(bench.backend.app).post(target).set(headers).set('content-type', 'application/json').send(raw);
  };
  const runBody = (fieldMapping: Record<string, string>) => ({
    name: 'Proposals from HubSpot',
    templateDocumentId: 'proposal-template',
    source: { kind: 'hubspot', objectType: 'deals', writeBack: { kind: 'note' } },
    fieldMapping,
    outputFolderId: 'proposals-folder',
    namePattern: 'Proposal – {{client}}',
  });

  beforeAll(async () => {
    // No runs override: the webhook reaches the runs this backend keeps.
    bench = await startHubSpotBench({ environment: { PUBLIC_BASE_URL: publicBaseUrl }, backend: { hubSpotRuns: undefined } });
    await signInOrganisation(bench);
    expect((await connectHubSpot(bench, { accessToken: bench.token, clientSecret: secret })).status).toBe(200);
    const company = bench.hubspot.crm.create('companies', { name: 'Acme Rockets' });
    dealId = bench.hubspot.crm.create('deals', { dealname: 'Rocket fleet' }).id;
    bench.hubspot.crm.associate('deals', dealId, 'companies', company.id, { primary: true });
    const template = await asAdmin('put', '/v1/templates/proposal-template', {
      baseVersion: 0,
      template: { name: 'Proposal', tags: { intro: { prompt: 'Introduce {{client}} and their {{title}}.' } } },
    });
    expect(template.status).toBe(200);
    const run = await asAdmin('post', '/v1/runs', runBody({ client: 'company.name', title: 'dealname' }));
    expect(run.status).toBe(201);
    runId = run.body.runId;
  });
  afterAll(() => bench?.close());

  it('refuses a HubSpot run whose mapping names something that is not a HubSpot property', async () => {
    const response = await asAdmin('post', '/v1/runs', runBody({ client: 'Company Name' }));
    expect(response.status).toBe(400);
    expect(response.body.detail).toContain("map a field to a property (dealname) or an associated record's property (company.name)");
  });

  it('queues one job per record however often HubSpot delivers, and the worker gets the name and fields from HubSpot', async () => {
    const target = `/v1/hubspot/webhooks/${encodeURIComponent(organisationId)}/runs/${runId}`;
    const first = await deliver(target, { objectId: Number(dealId) });
    expect([first.status, first.body.detail]).toEqual([202, undefined]);
    expect(first.body).toEqual({ jobId: expect.any(String), created: true, recordKey: dealId });
    const again = await deliver(target, { objectId: Number(dealId) });
    expect(again.body).toEqual({ ...first.body, created: false });

    const jobs = await asAdmin('get', `/v1/runs/${runId}/jobs`);
    expect(jobs.status).toBe(200);
    expect(jobs.body.jobs).toHaveLength(1);
    const claimed = await asAdmin('post', `/v1/runs/${runId}/claims`, {});
    expect(claimed.status).toBe(200);
    expect(claimed.body.jobs).toEqual([
      expect.objectContaining({
        jobId: first.body.jobId,
        documentName: 'Proposal – Acme Rockets',
        fieldValues: { client: 'Acme Rockets', title: 'Rocket fleet' },
      }),
    ]);
  });

  it('answers 404 for a run that does not read HubSpot', async () => {
    const apiRun = await asAdmin('post', '/v1/runs', { ...runBody({ client: 'Client' }), source: { kind: 'api' } });
    expect(apiRun.status).toBe(201);
    const response = await deliver(`/v1/hubspot/webhooks/${encodeURIComponent(organisationId)}/runs/${apiRun.body.runId}`, {
      objectId: Number(dealId),
    });
    expect(response.status).toBe(404);
  });
});

import request from 'supertest';
import type { ClaimedJob, RunJobView } from '../../../contracts/runs';
import { startOpenAIServer, type ProviderServer } from '../../../harness/provider-servers';
import { admin, connectHubSpot, organisationId, signInOrganisation, startHubSpotBench, type HubSpotBench } from './hubspot-test-support';

/*
 * A done job of a HubSpot run puts its document's link on the HubSpot record, through the real runs, the
 * real fills (against the OpenAI stand-in) and the official client against the HubSpot stand-in: once,
 * however often or concurrently the job is reported done, and through HubSpot's failures.
 */
describe('a HubSpot run writes each document link back to its record', () => {
  let bench: HubSpotBench;
  let provider: ProviderServer;
  let copies = 0;
  /** How far the backend's clock is moved ahead, so a write-back claim expires without waiting. */
  let clockAheadMs = 0;

  const as = (method: 'get' | 'post' | 'put', path: string, body?: object) => {
    const pending = request(bench.backend.app)[method](path).set('authorization', admin);
    return body === undefined ? pending : pending.send(body);
  };

  async function createHubSpotRun(writeBack: object | null): Promise<string> {
    const run = await as('post', '/v1/runs', {
      name: 'Proposals from HubSpot',
      templateDocumentId: 'write-back-template',
      source: { kind: 'hubspot', objectType: 'deals', writeBack },
      fieldMapping: { title: 'dealname' },
      outputFolderId: 'proposals-folder',
      namePattern: 'Proposal – {{title}}',
    });
    expect(run.status).toBe(201);
    return run.body.runId as string;
  }

  /** A deal in HubSpot, enqueued into the run as HubSpot's records are (its id the key) and claimed. */
  async function claimedDealJob(runId: string, dealname: string): Promise<{ dealId: string; job: ClaimedJob }> {
    const dealId = bench.hubspot.crm.create('deals', { dealname }).id;
    const enqueued = await as('post', `/v1/runs/${runId}/records`, {
      records: [{ recordKey: dealId, fields: { dealname }, sourceReference: `hubspot:deals/${dealId}` }],
    });
    expect(enqueued.status).toBe(200);
    const claimed = await as('post', `/v1/runs/${runId}/claims`, { limit: 1 });
    const job = claimed.body.jobs[0] as ClaimedJob;
    expect(job.recordKey).toBe(dealId);
    return { dealId, job };
  }

  /** What the add-on's worker does up to the done report: copy (reported), link the copy, fill it. */
  async function copyAndFill(runId: string, job: ClaimedJob): Promise<{ fillId: string; documentUrl: string }> {
    copies += 1;
    const copyId = `write-back-copy-${copies}`;
    const documentUrl = `https://docs.google.com/document/d/${copyId}/edit`;
    expect(
      (await as('post', `/v1/runs/${runId}/jobs/${job.jobId}/document`, { leaseId: job.leaseId, documentId: copyId, documentUrl })).status,
    ).toBe(200);
    expect((await as('post', '/v1/templates/write-back-template/copies', { copyDocumentId: copyId })).status).toBe(201);
    const fill = await as('post', '/v1/fills', {
      fillId: job.fillId,
      waitSeconds: 30,
      documentId: copyId,
      documentName: job.documentName,
      fieldValues: job.fieldValues,
      tags: [{ name: 'intro' }],
    });
    expect([fill.status, fill.body.status]).toEqual([200, 'completed']);
    return { fillId: job.fillId, documentUrl };
  }

  const done = (runId: string, job: ClaimedJob, executionId: string) =>
    as('post', `/v1/runs/${runId}/jobs/${job.jobId}/done`, { leaseId: job.leaseId, executionId });

  const notesOf = (dealId: string) =>
    bench.hubspot.crm.associationsOf('deals', dealId, 'notes').map((association) => bench.hubspot.crm.get('notes', association.toId)!);
  const noteCreates = () => bench.hubspot.requests.filter((call) => call.method === 'POST' && call.path === '/crm/v3/objects/notes');

  async function jobView(runId: string, jobId: string): Promise<RunJobView> {
    const jobs = await as('get', `/v1/runs/${runId}/jobs`);
    return (jobs.body.jobs as RunJobView[]).find((job) => job.jobId === jobId)!;
  }

  beforeAll(async () => {
    provider = await startOpenAIServer();
    bench = await startHubSpotBench({
      environment: {
        OPENAI_API_KEY: 'sk-test-write-back',
        OPENAI_BASE_URL: provider.baseUrl,
        OPENAI_DEFAULT_MODEL: 'gpt-6-luna',
        AI_REQUEST_TIMEOUT_MS: '2000',
        RATE_LIMIT_USER_PER_MINUTE: '100000',
        RATE_LIMIT_ORGANISATION_PER_MINUTE: '100000',
      },
      // The real runs; HubSpot's retry waits are not slept through (their lengths are the retry tests' concern).
      backend: { hubSpotRuns: undefined, hubSpotSleep: async () => undefined, now: () => Date.now() + clockAheadMs },
    });
    await signInOrganisation(bench);
    expect((await connectHubSpot(bench, { accessToken: bench.token })).status).toBe(200);
    const template = await as('put', '/v1/templates/write-back-template', {
      baseVersion: 0,
      template: { name: 'Proposal', tags: { intro: { prompt: 'Introduce the deal {{title}}.' } } },
    });
    expect(template.status).toBe(200);
  });
  afterAll(async () => {
    await bench?.close();
    await provider?.close();
  });

  it('makes one note however often and however concurrently the job is reported done', async () => {
    const runId = await createHubSpotRun({ kind: 'note' });
    const { dealId, job } = await claimedDealJob(runId, 'Rocket fleet');
    const { fillId, documentUrl } = await copyAndFill(runId, job);
    const createsBefore = noteCreates().length;

    const reports = await Promise.all(Array.from({ length: 5 }, () => done(runId, job, fillId)));
    for (const report of reports) expect([report.status, report.body.state]).toEqual([200, 'done']);
    // The report that claimed the write-back answers once it is written; the others while it is being written.
    expect(reports.map((report) => report.body.writeBack.state).sort()).toEqual(['writing', 'writing', 'writing', 'writing', 'written']);
    expect((await done(runId, job, fillId)).body.writeBack).toMatchObject({ state: 'written', attempts: 1 });

    const notes = notesOf(dealId);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.properties.hs_note_body).toBe(`Document generated: <a href="${documentUrl}">Proposal – Rocket fleet</a>`);
    expect(noteCreates().length - createsBefore).toBe(1);
    expect(await jobView(runId, job.jobId)).toMatchObject({
      state: 'done',
      documentUrl,
      writeBack: { state: 'written', attempts: 1, reference: `note ${notes[0]!.id}`, error: null },
    });
  });

  it('makes no second note when HubSpot wrote the first but its answer was lost (a 504 after the write)', async () => {
    const runId = await createHubSpotRun({ kind: 'note' });
    const { dealId, job } = await claimedDealJob(runId, 'Spare fins');
    const { fillId } = await copyAndFill(runId, job);
    bench.hubspot.failNext(1, { status: 504, afterApplying: true, method: 'POST' });
    const createsBefore = noteCreates().length;

    const report = await done(runId, job, fillId);
    expect(report.body).toMatchObject({ state: 'done', writeBack: { state: 'written', attempts: 1 } });
    // The create that timed out made the note; the retry found it instead of making another.
    expect(
      noteCreates()
        .slice(createsBefore)
        .map((call) => call.status),
    ).toEqual([504]);
    expect(notesOf(dealId)).toHaveLength(1);
    expect(report.body.writeBack.reference).toBe(`note ${notesOf(dealId)[0]!.id}`);
  });

  it('takes over a write-back whose writer vanished, and finds the note it had already made', async () => {
    const runId = await createHubSpotRun({ kind: 'note' });
    const { dealId, job } = await claimedDealJob(runId, 'Launch pad');
    const { fillId, documentUrl } = await copyAndFill(runId, job);
    // HubSpot is down for the first report: its write-back is recorded as failed and the job stays done.
    bench.hubspot.failNext(10, { status: 503 });
    expect((await done(runId, job, fillId)).body).toMatchObject({ state: 'done', writeBack: { state: 'failed' } });
    bench.hubspot.clearFailures();
    // What a writer leaves when its instance stops after HubSpot made the note and before recording it: the
    // note in HubSpot, the job's write-back `writing` under a claim nobody will release (written here as it
    // would have written it; nothing else can make an instance vanish mid-call).
    const note = bench.hubspot.crm.create('notes', {
      hs_note_body: `Document generated: <a href="${documentUrl}">Proposal – Launch pad</a>`,
    });
    bench.hubspot.crm.associate('notes', note.id, 'deals', dealId, { typeId: 214 });
    await bench.backend.firestore.firestore.doc(`orgs/${organisationId}/runs/${runId}/jobs/${job.jobId}`).update({
      writeBack: {
        state: 'writing',
        attempts: 2,
        claimId: 'vanished',
        claimExpiresAt: new Date(Date.now() + 60_000),
        reference: null,
        error: null,
      },
    });
    // Still claimed: a report now leaves it to its writer.
    expect((await done(runId, job, fillId)).body.writeBack).toMatchObject({ state: 'writing', attempts: 2 });

    clockAheadMs = 3 * 60_000;
    const createsBefore = noteCreates().length;
    try {
      const takeover = await done(runId, job, fillId);
      expect(takeover.body.writeBack).toEqual({ state: 'written', attempts: 3, reference: `note ${note.id}`, error: null });
    } finally {
      clockAheadMs = 0;
    }
    expect(notesOf(dealId)).toHaveLength(1);
    expect(noteCreates().length).toBe(createsBefore);
  });

  it('sets the property once, and a HubSpot outage after the retries is shown on the job, which stays done', async () => {
    const runId = await createHubSpotRun({ kind: 'property', property: 'proposal_link' });
    const { dealId, job } = await claimedDealJob(runId, 'Orbit insurance');
    const { fillId, documentUrl } = await copyAndFill(runId, job);
    const patchesBefore = bench.hubspot.requests.filter((call) => call.method === 'PATCH').length;
    await Promise.all([done(runId, job, fillId), done(runId, job, fillId)]);
    expect(bench.hubspot.crm.get('deals', dealId)!.properties.proposal_link).toBe(documentUrl);
    expect(bench.hubspot.requests.filter((call) => call.method === 'PATCH').length - patchesBefore).toBe(1);

    const down = await claimedDealJob(runId, 'Moon base');
    const downFill = await copyAndFill(runId, down.job);
    bench.hubspot.failNext(10, { status: 503 });
    const report = await done(runId, down.job, downFill.fillId);
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({
      state: 'done',
      documentUrl: downFill.documentUrl,
      writeBack: { state: 'failed', attempts: 1, reference: null, error: 'HubSpot: HubSpot had a server error.' },
    });
    // Four attempts (the retry layer's cap), all refused.
    expect(bench.hubspot.requests.slice(-4).map((call) => [call.method, call.status])).toEqual(
      Array.from({ length: 4 }, () => ['PATCH', 503]),
    );
    expect((await jobView(runId, down.job.jobId)).writeBack).toMatchObject({ state: 'failed' });
    const run = await as('get', `/v1/runs/${runId}`);
    expect(run.body.progress).toMatchObject({ done: 2, failed: 0 });
    expect(bench.hubspot.crm.get('deals', down.dealId)!.properties.proposal_link).toBeUndefined();
    bench.hubspot.clearFailures();
  });

  it('writes nothing back for a job that failed, and nothing for a run without a write-back', async () => {
    const runId = await createHubSpotRun({ kind: 'note' });
    const { dealId, job } = await claimedDealJob(runId, 'Failed probe');
    const callsBefore = bench.hubspot.requests.length;
    const failed = await as('post', `/v1/runs/${runId}/jobs/${job.jobId}/failure`, {
      leaseId: job.leaseId,
      message: 'template gone',
      retry: false,
    });
    expect(failed.body).toMatchObject({ state: 'failed', writeBack: null });
    expect(bench.hubspot.requests).toHaveLength(callsBefore);
    expect(notesOf(dealId)).toHaveLength(0);

    const quietRun = await createHubSpotRun(null);
    const quiet = await claimedDealJob(quietRun, 'Quiet deal');
    const quietFill = await copyAndFill(quietRun, quiet.job);
    const quietCallsBefore = bench.hubspot.requests.length;
    const report = await done(quietRun, quiet.job, quietFill.fillId);
    expect(report.body).toMatchObject({ state: 'done', writeBack: null });
    expect(bench.hubspot.requests).toHaveLength(quietCallsBefore);
    expect(notesOf(quiet.dealId)).toHaveLength(0);
  });
});

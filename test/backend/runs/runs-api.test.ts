import { expectContractBody } from '../../support/response-contracts';
import { startTestBackend, type TestBackend } from '../../support/test-backend';
import { claim, createRun, enqueue, prepareOrganisation, record, runBody, runClient, templateDocumentId } from './run-requests';

let backend: TestBackend;
const organisation = 'domain:example.com';

beforeAll(async () => {
  backend = await startTestBackend({ RATE_LIMIT_USER_PER_MINUTE: '100000', RATE_LIMIT_ORGANISATION_PER_MINUTE: '100000' });
  await prepareOrganisation(backend);
});
afterAll(async () => {
  await backend.close();
});

describe('creating, listing and reading runs', () => {
  it('creates a run, stores it under the organisation and answers it with empty progress and metrics', async () => {
    const response = await runClient(backend).post('/v1/runs', runBody());
    expect(response.status).toBe(201);
    expectContractBody('createRun', response.body);
    expect(response.body).toMatchObject({
      name: 'Q3 proposals',
      templateDocumentId,
      status: 'active',
      finished: false,
      createdBy: 'owner@example.com',
      namePattern: 'Proposal – {{company}}',
      maxAttempts: 3,
      progress: { total: 0, done: 0, failed: 0, cancelled: 0, remaining: 0, inFlight: 0 },
      metrics: { tags: 0, costNanoDollars: 0 },
    });
    const stored = await backend.firestore.firestore.doc(`orgs/${organisation}/runs/${response.body.runId}`).get();
    expect(stored.data()).toMatchObject({ status: 'active', createdByUserId: 'run-owner', outputFolderId: 'folder-1' });

    const read = await runClient(backend).get(`/v1/runs/${response.body.runId}`);
    expect(read.status).toBe(200);
    expectContractBody('getRun', read.body);
    expect(read.body).toEqual(response.body);
  });

  it('refuses a name pattern naming a field the mapping lacks, saying which (422)', async () => {
    const response = await runClient(backend).post('/v1/runs', runBody({ namePattern: 'Proposal – {{company}} for {{ dealName }}' }));
    expect(response.status).toBe(422);
    expect(response.type).toBe('application/problem+json');
    expect(response.body.detail).toContain('{{dealName}}');
    expect(response.body.unknownFields).toEqual(['dealName']);
  });

  it('refuses a template without a saved configuration (422) and malformed requests (400)', async () => {
    const unconfigured = await runClient(backend).post('/v1/runs', runBody({ templateDocumentId: 'never-configured' }));
    expect(unconfigured.status).toBe(422);
    expect(unconfigured.body.detail).toContain('never-configured');
    for (const body of [
      runBody({ source: { kind: 'ftp' } }),
      runBody({ fieldMapping: { '1bad': 'x' } }),
      runBody({ namePattern: '' }),
      runBody({ maxAttempts: 0 }),
      runBody({ fieldMapping: { company: '' } }),
      { ...runBody(), extra: true },
    ]) {
      const response = await runClient(backend).post('/v1/runs', body);
      expect([response.status, response.type]).toEqual([400, 'application/problem+json']);
    }
  });

  it('lists the caller’s runs newest first, a page at a time; admins may list the organisation’s', async () => {
    const first = await createRun(backend, 'member', { name: 'Member run 1' });
    const second = await createRun(backend, 'member', { name: 'Member run 2' });
    const page = await runClient(backend, 'member').get('/v1/runs', { limit: '1' });
    expect(page.status).toBe(200);
    expectContractBody('listRuns', page.body);
    expect(page.body.runs.map((run: { runId: string }) => run.runId)).toEqual([second]);
    const next = await runClient(backend, 'member').get('/v1/runs', { limit: '1', after: page.body.next });
    expect(next.body.runs.map((run: { runId: string }) => run.runId)).toEqual([first]);
    expect(next.body.next).toBeUndefined();

    expect((await runClient(backend, 'member').get('/v1/runs', { scope: 'organisation' })).status).toBe(403);
    const organisationWide = await runClient(backend, 'owner').get('/v1/runs', { scope: 'organisation', limit: '100' });
    expect(organisationWide.body.runs.map((run: { runId: string }) => run.runId)).toEqual(expect.arrayContaining([first, second]));
    const ownersOwn = await runClient(backend, 'owner').get('/v1/runs', { limit: '100' });
    expect(ownersOwn.body.runs.map((run: { runId: string }) => run.runId)).not.toContain(first);
  });

  it('shows a run to its maker and admins only; another organisation gets 404 for every operation on it', async () => {
    const runId = await createRun(backend, 'member');
    await enqueue(backend, runId, [record(1)], 'member');
    expect((await runClient(backend, 'owner').get(`/v1/runs/${runId}`)).status).toBe(200);
    expect((await runClient(backend, 'otherMember').get(`/v1/runs/${runId}`)).status).toBe(404);
    const outsider = runClient(backend, 'outsider');
    const attempts = [
      outsider.get(`/v1/runs/${runId}`),
      outsider.get(`/v1/runs/${runId}/jobs`),
      outsider.post(`/v1/runs/${runId}/records`, { records: [record(2)] }),
      outsider.post(`/v1/runs/${runId}/claims`, {}),
      outsider.post(`/v1/runs/${runId}/pause`),
      outsider.post(`/v1/runs/${runId}/cancel`),
      runClient(backend, 'otherMember').post(`/v1/runs/${runId}/claims`, {}),
    ];
    for (const response of await Promise.all(attempts)) {
      expect([response.status, response.text]).toEqual([404, expect.not.stringContaining('Company')]);
    }
    const listed = await outsider.get('/v1/runs', { limit: '100' });
    expect(listed.body.runs).toEqual([]);
    // Nothing was enqueued, paused, cancelled or claimed by them.
    const run = await runClient(backend, 'member').get(`/v1/runs/${runId}`);
    expect(run.body).toMatchObject({ status: 'active', progress: { total: 1, remaining: 1, inFlight: 0 } });
  });
});

describe('enqueueing records', () => {
  it('makes one job per record key: the same record again is the same job', async () => {
    const runId = await createRun(backend);
    const first = await enqueue(backend, runId, [record(1), record(2)]);
    expect(first.map((job) => job.created)).toEqual([true, true]);
    const again = await enqueue(backend, runId, [record(2), record(3)]);
    expect(again).toEqual([
      { recordKey: 'row-2', jobId: first[1]?.jobId, created: false },
      expect.objectContaining({ recordKey: 'row-3', created: true }),
    ]);
    const jobs = await backend.firestore.firestore.collection(`orgs/${organisation}/runs/${runId}/jobs`).get();
    expect(jobs.docs.map((job) => job.get('recordKey')).sort()).toEqual(['row-1', 'row-2', 'row-3']);
    const read = await runClient(backend).get(`/v1/runs/${runId}`);
    expect(read.body.progress).toEqual({ total: 3, done: 0, failed: 0, cancelled: 0, remaining: 3, inFlight: 0 });
  });

  it('makes exactly one job of twenty concurrent enqueues of the same record, through the API and the queue', async () => {
    const runId = await createRun(backend);
    const answers = await Promise.all([
      ...Array.from({ length: 10 }, () => enqueue(backend, runId, [record(7)])),
      ...Array.from({ length: 10 }, async () => [await backend.runs.queue.enqueue(organisation, runId, record(7))]),
    ]);
    const outcomes = answers.flat();
    expect(outcomes.filter((outcome) => outcome.created)).toHaveLength(1);
    expect(new Set(outcomes.map((outcome) => outcome.jobId)).size).toBe(1);
    const jobs = await backend.firestore.firestore.collection(`orgs/${organisation}/runs/${runId}/jobs`).get();
    expect(jobs.size).toBe(1);
    expect(jobs.docs[0]?.data()).toMatchObject({ recordKey: 'row-7', state: 'pending', sourceReference: '8' });
  });

  it('refuses malformed records (400): a reserved field name, an empty key, too many records', async () => {
    const runId = await createRun(backend);
    for (const records of [
      [{ recordKey: 'row-1', fields: JSON.parse('{"__proto__": "x"}') as Record<string, string> }],
      [{ recordKey: 'row-1', fields: { constructor: 'x' } }],
      [{ recordKey: '', fields: {} }],
      Array.from({ length: 501 }, (_, index) => record(index)),
      [],
    ]) {
      const response = await runClient(backend).post(`/v1/runs/${runId}/records`, { records });
      expect([response.status, response.type]).toEqual([400, 'application/problem+json']);
    }
    expect((await runClient(backend).get(`/v1/runs/${runId}`)).body.progress.total).toBe(0);
  });

  it('refuses records into a cancelled run (409) and a run that does not exist (404)', async () => {
    const runId = await createRun(backend);
    expect((await runClient(backend).post(`/v1/runs/${runId}/cancel`)).status).toBe(200);
    const refused = await runClient(backend).post(`/v1/runs/${runId}/records`, { records: [record(1)] });
    expect(refused.status).toBe(409);
    await expect(backend.runs.queue.enqueue(organisation, runId, record(1))).rejects.toMatchObject({ status: 409 });
    await expect(backend.runs.queue.enqueue(organisation, '00000000-0000-4000-8000-000000000000', record(1))).rejects.toMatchObject({
      status: 404,
    });
  });

  it('lists a run’s records in order, a page at a time, with a state filter', async () => {
    const runId = await createRun(backend);
    await enqueue(backend, runId, [record(1), record(2), record(3)]);
    const page = await runClient(backend).get(`/v1/runs/${runId}/jobs`, { limit: '2' });
    expect(page.status).toBe(200);
    expectContractBody('listRunJobs', page.body);
    expect(page.body.jobs).toHaveLength(2);
    const rest = await runClient(backend).get(`/v1/runs/${runId}/jobs`, { limit: '2', after: page.body.next });
    const keys = [...page.body.jobs, ...rest.body.jobs].map((job: { recordKey: string }) => job.recordKey).sort();
    expect(keys).toEqual(['row-1', 'row-2', 'row-3']);
    const done = await runClient(backend).get(`/v1/runs/${runId}/jobs`, { state: 'done' });
    expect(done.body.jobs).toEqual([]);
  });
});

describe('pause, resume and cancel', () => {
  it('a paused run hands out no jobs; resumed, it does again', async () => {
    const runId = await createRun(backend);
    await enqueue(backend, runId, [record(1), record(2)]);
    const paused = await runClient(backend).post(`/v1/runs/${runId}/pause`);
    expect(paused.status).toBe(200);
    expectContractBody('pauseRun', paused.body);
    expect(paused.body.status).toBe('paused');
    expect(await claim(backend, runId)).toEqual({ runStatus: 'paused', jobs: [] });
    // Pausing again changes nothing.
    expect((await runClient(backend).post(`/v1/runs/${runId}/pause`)).body.status).toBe('paused');
    expect((await runClient(backend).post(`/v1/runs/${runId}/resume`)).body.status).toBe('active');
    const claimed = await claim(backend, runId, { limit: 5 });
    expect(claimed.jobs.map((job) => job.recordKey).sort()).toEqual(['row-1', 'row-2']);
  });

  it('cancel gives up pending jobs, lets a job in flight finish, hands out nothing more and cannot be undone', async () => {
    const runId = await createRun(backend);
    await enqueue(backend, runId, [record(1), record(2), record(3)]);
    const [inFlight] = (await claim(backend, runId, { limit: 1 })).jobs;
    const cancelled = await runClient(backend).post(`/v1/runs/${runId}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', progress: { total: 3, cancelled: 2, remaining: 1, inFlight: 1 } });
    expect(await claim(backend, runId)).toEqual({ runStatus: 'cancelled', jobs: [] });
    // The job in flight may still report.
    const document = await runClient(backend).post(`/v1/runs/${runId}/jobs/${inFlight?.jobId}/document`, {
      leaseId: inFlight?.leaseId,
      documentId: 'copy-in-flight',
      documentUrl: 'https://docs.google.com/document/d/copy-in-flight/edit',
    });
    expect(document.status).toBe(200);
    expect((await runClient(backend).post(`/v1/runs/${runId}/resume`)).status).toBe(409);
    expect((await runClient(backend).post(`/v1/runs/${runId}/pause`)).status).toBe(409);
    expect((await runClient(backend).post(`/v1/runs/${runId}/cancel`)).body.status).toBe('cancelled');
    const states = await backend.firestore.firestore.collection(`orgs/${organisation}/runs/${runId}/jobs`).get();
    expect(states.docs.map((job) => job.get('state')).sort()).toEqual(['cancelled', 'cancelled', 'leased']);
  });

  it('a resume racing a cancel never brings the run back', async () => {
    const runId = await createRun(backend);
    await runClient(backend).post(`/v1/runs/${runId}/pause`);
    await Promise.all([
      runClient(backend).post(`/v1/runs/${runId}/cancel`),
      ...Array.from({ length: 5 }, () => runClient(backend).post(`/v1/runs/${runId}/resume`)),
    ]);
    expect((await runClient(backend).get(`/v1/runs/${runId}`)).body.status).toBe('cancelled');
  });
});

describe('the dashboard export', () => {
  it('writes one CSV line per run with its progress and metrics; names cannot become formulas', async () => {
    const runId = await createRun(backend, 'otherMember', { name: '=HYPERLINK("x")' });
    await enqueue(backend, runId, [record(1), record(2)], 'otherMember');
    const response = await runClient(backend, 'otherMember').get('/v1/runs/export');
    expect(response.status).toBe(200);
    expect(response.type).toBe('text/csv');
    const [header, line, end] = response.text.split('\r\n');
    expect(header).toBe(
      'runId,name,status,finished,createdBy,createdAt,templateDocumentId,source,records,done,failed,cancelled,remaining,tags,tagsSucceeded,tagsFailed,tagsFellBack,tagsCached,inputTokens,outputTokens,costUsd,durationMs',
    );
    expect(line).toContain(`${runId},"'=HYPERLINK(""x"")",active,false,member2@example.com,`);
    expect(line).toMatch(/,sheet,2,0,0,0,2,0,0,0,0,0,0,0,0,0$/);
    expect(end).toBe('');
  });
});

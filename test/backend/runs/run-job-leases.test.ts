import { startTestBackend, type TestBackend } from '../../support/test-backend';
import { claim, createRun, enqueue, prepareOrganisation, record, runClient } from './run-requests';

let backend: TestBackend;
/** How far the backend's clock is moved ahead, so leases expire without waiting. */
let clockAheadMs = 0;
const organisation = 'domain:example.com';

beforeAll(async () => {
  backend = await startTestBackend(
    { RATE_LIMIT_USER_PER_MINUTE: '100000', RATE_LIMIT_ORGANISATION_PER_MINUTE: '100000' },
    { now: () => Date.now() + clockAheadMs },
  );
  await prepareOrganisation(backend);
});
afterAll(async () => {
  await backend.close();
});

const documentUrl = (documentId: string) => `https://docs.google.com/document/d/${documentId}/edit`;
const reportDocument = (runId: string, job: { jobId: string; leaseId: string }, documentId: string) =>
  runClient(backend).post(`/v1/runs/${runId}/jobs/${job.jobId}/document`, {
    leaseId: job.leaseId,
    documentId,
    documentUrl: documentUrl(documentId),
  });
const reportFailure = (runId: string, job: { jobId: string; leaseId: string }, body: object = {}) =>
  runClient(backend).post(`/v1/runs/${runId}/jobs/${job.jobId}/failure`, { leaseId: job.leaseId, message: 'Drive said no.', ...body });

describe('claiming jobs', () => {
  it('hands out pending jobs in order with a lease, the rendered name and the mapped values; never the same job twice', async () => {
    const runId = await createRun(backend);
    await enqueue(backend, runId, [record(1), record(2), record(3)]);
    const first = await claim(backend, runId, { limit: 2 });
    expect(first.runStatus).toBe('active');
    expect(first.jobs.map((job) => job.recordKey)).toEqual(['row-1', 'row-2']);
    expect(first.jobs[0]).toMatchObject({
      attempt: 1,
      documentName: 'Proposal – Company 1',
      fieldValues: { company: 'Company 1', contact: 'Person 1' },
      templateDocumentId: 'run-template-doc',
      outputFolderId: 'folder-1',
      sourceReference: '2',
      documentId: null,
    });
    expect(first.jobs[0]?.fillId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Date.parse(first.jobs[0]?.leaseExpiresAt ?? '') - Date.now()).toBeGreaterThan(6 * 60_000);
    const second = await claim(backend, runId, { limit: 5 });
    expect(second.jobs.map((job) => job.recordKey)).toEqual(['row-3']);
    expect((await claim(backend, runId)).jobs).toEqual([]);
  });

  it('gives each of ten concurrent workers different jobs', async () => {
    const runId = await createRun(backend);
    await enqueue(
      backend,
      runId,
      Array.from({ length: 12 }, (_, index) => record(index)),
    );
    const claims = await Promise.all(Array.from({ length: 10 }, () => claim(backend, runId, { limit: 2 })));
    const jobIds = claims.flatMap((claimed) => claimed.jobs.map((job) => job.jobId));
    expect(new Set(jobIds).size).toBe(jobIds.length);
    expect(jobIds.length).toBe(12);
  });

  it('lets another worker claim a job once its lease expired, with the document the first attempt made', async () => {
    const runId = await createRun(backend);
    await enqueue(backend, runId, [record(1)]);
    const [first] = (await claim(backend, runId, { leaseSeconds: 60 })).jobs;
    if (!first) throw new Error('nothing claimed');
    const reported = await reportDocument(runId, first, 'copy-first-attempt');
    expect(reported.body).toEqual({ documentId: 'copy-first-attempt', documentUrl: documentUrl('copy-first-attempt'), accepted: true });
    // The worker dies. Before the lease expires nobody else gets the job.
    clockAheadMs += 59_000;
    expect((await claim(backend, runId)).jobs).toEqual([]);
    clockAheadMs += 2_000;
    const [second] = (await claim(backend, runId)).jobs;
    expect(second).toMatchObject({
      jobId: first.jobId,
      attempt: 2,
      documentId: 'copy-first-attempt',
      documentUrl: documentUrl('copy-first-attempt'),
      documentName: first.documentName,
    });
    expect(second?.leaseId).not.toBe(first.leaseId);
    expect(second?.fillId).not.toBe(first.fillId);
    // The first worker, back from the dead, is told its lease is gone.
    const late = await reportFailure(runId, first);
    expect([late.status, late.body.code]).toEqual([409, 'lease_lost']);
    // A second copy reported for the job is not taken: the worker is told which document is the job's.
    const duplicate = await reportDocument(runId, second as { jobId: string; leaseId: string }, 'copy-second-attempt');
    expect(duplicate.body).toEqual({ documentId: 'copy-first-attempt', documentUrl: documentUrl('copy-first-attempt'), accepted: false });
  });

  it('gives a record up once its worker stopped without reporting on every attempt', async () => {
    const runId = await createRun(backend, 'owner', { maxAttempts: 2 });
    await enqueue(backend, runId, [record(1)]);
    expect((await claim(backend, runId, { leaseSeconds: 30 })).jobs).toHaveLength(1);
    clockAheadMs += 31_000;
    expect((await claim(backend, runId, { leaseSeconds: 30 })).jobs).toHaveLength(1);
    clockAheadMs += 31_000;
    expect((await claim(backend, runId, { leaseSeconds: 30 })).jobs).toEqual([]);
    const run = await runClient(backend).get(`/v1/runs/${runId}`);
    expect(run.body.progress).toMatchObject({ total: 1, failed: 1, remaining: 0 });
    const jobs = await runClient(backend).get(`/v1/runs/${runId}/jobs`);
    expect(jobs.body.jobs[0]).toMatchObject({ state: 'failed', attempts: 2, error: expect.stringContaining('2 times') });
  });
});

describe('failures', () => {
  it('retries a failed job until the run’s attempts are used up, then fails it for good, counting each report once', async () => {
    const runId = await createRun(backend, 'owner', { maxAttempts: 3 });
    await enqueue(backend, runId, [record(1)]);
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const [job] = (await claim(backend, runId)).jobs;
      if (!job) throw new Error(`attempt ${attempt} got no job`);
      expect(job.attempt).toBe(attempt);
      const failed = await reportFailure(runId, job, { message: `Attempt ${attempt} failed.` });
      expect(failed.status).toBe(200);
      // The same report again (a lost answer) changes nothing.
      const repeated = await reportFailure(runId, job, { message: `Attempt ${attempt} failed.` });
      expect(repeated.body).toEqual(failed.body);
      expect(failed.body).toMatchObject({
        state: attempt < 3 ? 'pending' : 'failed',
        failures: attempt,
        error: `Attempt ${attempt} failed.`,
      });
    }
    expect((await claim(backend, runId)).jobs).toEqual([]);
    const run = await runClient(backend).get(`/v1/runs/${runId}`);
    expect(run.body.progress).toMatchObject({ total: 1, done: 0, failed: 1, remaining: 0 });
    const stored = await backend.firestore.firestore.doc(`orgs/${organisation}/runs/${runId}`).get();
    expect(stored.get('failed')).toBe(1);
  });

  it('fails a job at once when the worker says another attempt cannot help', async () => {
    const runId = await createRun(backend);
    await enqueue(backend, runId, [record(1)]);
    const [job] = (await claim(backend, runId)).jobs;
    const failed = await reportFailure(runId, job as { jobId: string; leaseId: string }, {
      retry: false,
      message: 'The template was deleted.',
    });
    expect(failed.body).toMatchObject({ state: 'failed', failures: 1 });
    expect((await runClient(backend).get(`/v1/runs/${runId}`)).body.progress).toMatchObject({ failed: 1, remaining: 0 });
  });

  it('refuses reports on a job of another run or with a malformed lease', async () => {
    const runId = await createRun(backend);
    const otherRunId = await createRun(backend);
    await enqueue(backend, runId, [record(1)]);
    const [job] = (await claim(backend, runId)).jobs;
    if (!job) throw new Error('nothing claimed');
    expect((await reportFailure(otherRunId, job)).status).toBe(404);
    expect((await reportFailure(runId, { ...job, leaseId: 'not-a-lease' })).status).toBe(400);
    const badLink = await runClient(backend).post(`/v1/runs/${runId}/jobs/${job.jobId}/document`, {
      leaseId: job.leaseId,
      documentId: 'copy-1',
      documentUrl: 'javascript:alert(1)',
    });
    expect(badLink.status).toBe(400);
  });
});

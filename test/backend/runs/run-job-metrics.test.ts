import { startOpenAIServer, type ProviderServer } from '../../../harness/provider-servers';
import { startTestBackend, type TestBackend } from '../../support/test-backend';
import { claim, createRun, enqueue, prepareOrganisation, record, runClient, templateDocumentId, type ClaimedJob } from './run-requests';

let provider: ProviderServer;
let backend: TestBackend;
/** How far the backend's clock is moved ahead, so leases expire without waiting. */
let clockAheadMs = 0;
const organisation = 'domain:example.com';

beforeAll(async () => {
  provider = await startOpenAIServer();
  backend = await startTestBackend(
    {
      OPENAI_API_KEY: 'sk-test-runs',
      OPENAI_BASE_URL: provider.baseUrl,
      OPENAI_DEFAULT_MODEL: 'gpt-6-luna',
      AI_REQUEST_TIMEOUT_MS: '2000',
      AI_RETRY_BASE_DELAY_MS: '1',
      RATE_LIMIT_USER_PER_MINUTE: '100000',
      RATE_LIMIT_ORGANISATION_PER_MINUTE: '100000',
    },
    { now: () => Date.now() + clockAheadMs },
  );
  await prepareOrganisation(backend);
});
afterEach(() => provider.reset());
afterAll(async () => {
  await backend.close();
  await provider.close();
});

/** What the add-on's worker does for one claimed job, up to the fill: copy (reported), link the copy, fill it. */
async function copyAndFill(runId: string, job: ClaimedJob, copyId: string) {
  const client = runClient(backend);
  const reported = await client.post(`/v1/runs/${runId}/jobs/${job.jobId}/document`, {
    leaseId: job.leaseId,
    documentId: copyId,
    documentUrl: `https://docs.google.com/document/d/${copyId}/edit`,
  });
  expect(reported.status).toBe(200);
  expect((await client.post(`/v1/templates/${templateDocumentId}/copies`, { copyDocumentId: copyId })).status).toBe(201);
  const fill = await client.post('/v1/fills', {
    fillId: job.fillId,
    waitSeconds: 30,
    documentId: copyId,
    documentName: job.documentName,
    fieldValues: job.fieldValues,
    tags: [{ name: 'intro' }],
  });
  expect(fill.status).toBe(200);
  return fill.body as { fillId: string; status: string; totals: { cost: number; inputTokens: number; outputTokens: number } };
}

const done = (runId: string, job: ClaimedJob, executionId: string) =>
  runClient(backend).post(`/v1/runs/${runId}/jobs/${job.jobId}/done`, { leaseId: job.leaseId, executionId });

describe('done rolls the fill’s execution record up into the run', () => {
  it('once, however often and however concurrently it is reported', async () => {
    const runId = await createRun(backend);
    await enqueue(backend, runId, [record(1), record(2)]);
    const [first, second] = (await claim(backend, runId, { limit: 2 })).jobs;
    if (!first || !second) throw new Error('expected two jobs');
    const firstFill = await copyAndFill(runId, first, 'copy-metrics-1');
    expect(firstFill).toMatchObject({ fillId: first.fillId, status: 'completed' });
    const sent = provider.requests.filter((recorded) => recorded.path === '/v1/chat/completions');
    // Records enqueued together may be claimed in either order: the prompt is the first job's own record.
    const company = first.recordKey === 'row-1' ? 'Company 1' : 'Company 2';
    expect(JSON.stringify(sent[0]?.body)).toContain(`Write an introduction for ${company}.`);

    const reports = await Promise.all(Array.from({ length: 5 }, () => done(runId, first, firstFill.fillId)));
    for (const report of reports) {
      expect(report.status).toBe(200);
      expect(report.body).toMatchObject({ state: 'done', executionId: firstFill.fillId, documentId: 'copy-metrics-1' });
    }
    expect((await done(runId, first, firstFill.fillId)).status).toBe(200);

    const secondFill = await copyAndFill(runId, second, 'copy-metrics-2');
    expect((await done(runId, second, secondFill.fillId)).status).toBe(200);

    const run = await runClient(backend).get(`/v1/runs/${runId}`);
    expect(run.body.finished).toBe(true);
    expect(run.body.progress).toEqual({ total: 2, done: 2, failed: 0, cancelled: 0, remaining: 0, inFlight: 0 });
    const executions = await Promise.all(
      [firstFill.fillId, secondFill.fillId].map(async (fillId) =>
        (await backend.firestore.firestore.doc(`orgs/${organisation}/executions/${fillId}`).get()).data(),
      ),
    );
    const sum = (pick: (totals: Record<string, number>) => number) =>
      executions.reduce((total, execution) => total + pick(execution?.totals as Record<string, number>), 0);
    expect(run.body.metrics).toEqual({
      tags: 2,
      succeeded: 2,
      failed: 0,
      fellBack: 0,
      cached: 0,
      inputTokens: sum((totals) => totals.inputTokens as number),
      outputTokens: sum((totals) => totals.outputTokens as number),
      costNanoDollars: Math.round(sum((totals) => totals.cost as number) * 1e9),
      durationMs: expect.any(Number),
    });
    expect(run.body.metrics.inputTokens).toBeGreaterThan(0);
    expect(run.body.metrics.costNanoDollars).toBeGreaterThan(0);

    const links = await runClient(backend).get(`/v1/runs/${runId}/jobs`, { state: 'done' });
    expect(links.body.jobs.map((job: { documentUrl: string }) => job.documentUrl).sort()).toEqual([
      'https://docs.google.com/document/d/copy-metrics-1/edit',
      'https://docs.google.com/document/d/copy-metrics-2/edit',
    ]);
    const csv = await runClient(backend).get('/v1/runs/export');
    const line = csv.text.split('\r\n').find((row) => row.startsWith(runId));
    expect(line).toContain(`,2,2,0,0,0,2,2,0,0,0,${run.body.metrics.inputTokens},${run.body.metrics.outputTokens},`);
  });

  it('refuses a fill of another document, a fill still unknown, and done before the document was reported', async () => {
    const runId = await createRun(backend);
    await enqueue(backend, runId, [record(1), record(2)]);
    const [first, second] = (await claim(backend, runId, { limit: 2 })).jobs;
    if (!first || !second) throw new Error('expected two jobs');
    const firstFill = await copyAndFill(runId, first, 'copy-refusals-1');
    const early = await done(runId, second, firstFill.fillId);
    expect([early.status, early.body.code]).toEqual([409, 'document_not_reported']);
    await runClient(backend).post(`/v1/runs/${runId}/jobs/${second.jobId}/document`, {
      leaseId: second.leaseId,
      documentId: 'copy-refusals-2',
      documentUrl: 'https://docs.google.com/document/d/copy-refusals-2/edit',
    });
    expect((await done(runId, second, firstFill.fillId)).status).toBe(422);
    expect((await done(runId, second, '00000000-0000-4000-8000-000000000000')).status).toBe(422);
    const run = await runClient(backend).get(`/v1/runs/${runId}`);
    expect(run.body.progress).toMatchObject({ done: 0, remaining: 2 });
    expect(run.body.metrics.tags).toBe(0);
  });

  it('hands a job whose worker stopped after its fill completed out again with that fill, to report instead of filling again', async () => {
    const runId = await createRun(backend);
    await enqueue(backend, runId, [record(41)]);
    const [first] = (await claim(backend, runId, { leaseSeconds: 60 })).jobs;
    if (!first) throw new Error('nothing claimed');
    expect(first.earlierFillId).toBeNull();
    const fill = await copyAndFill(runId, first, 'copy-worker-died');
    expect(fill.status).toBe('completed');
    // The worker stops before reporting done; its lease expires.
    clockAheadMs += 61_000;
    const [second] = (await claim(backend, runId)).jobs;
    expect(second).toMatchObject({ jobId: first.jobId, attempt: 2, documentId: 'copy-worker-died', earlierFillId: first.fillId });
    const sentBefore = provider.requests.length;
    expect((await done(runId, second as ClaimedJob, fill.fillId)).body).toMatchObject({ state: 'done', executionId: fill.fillId });
    expect(provider.requests.length).toBe(sentBefore);
    const run = await runClient(backend).get(`/v1/runs/${runId}`);
    expect(run.body.progress).toMatchObject({ done: 1, remaining: 0 });
    expect(run.body.metrics.tags).toBe(1);
  });

  it('an aborted fill is a failure: done is refused, and the failure counts what the fill spent', async () => {
    const runId = await createRun(backend, 'owner', { maxAttempts: 1 });
    // A company no other test used: its prompt is not in the cache, so the provider is asked.
    await enqueue(backend, runId, [record(31)]);
    const [job] = (await claim(backend, runId)).jobs;
    if (!job) throw new Error('nothing claimed');
    provider.enqueue({ kind: 'error', status: 401, message: 'Incorrect API key provided.' });
    const fill = await copyAndFill(runId, job, 'copy-aborted');
    expect(fill.status).toBe('aborted');
    expect((await done(runId, job, fill.fillId)).status).toBe(422);
    const failed = await runClient(backend).post(`/v1/runs/${runId}/jobs/${job.jobId}/failure`, {
      leaseId: job.leaseId,
      message: 'The fill was aborted: the provider refused the key.',
      executionId: fill.fillId,
    });
    expect(failed.body).toMatchObject({ state: 'failed', error: 'The fill was aborted: the provider refused the key.' });
    const run = await runClient(backend).get(`/v1/runs/${runId}`);
    expect(run.body.progress).toMatchObject({ done: 0, failed: 1, remaining: 0 });
    expect(run.body.metrics.tags).toBe(1);
  });
});

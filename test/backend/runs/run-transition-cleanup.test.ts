import { createSettledTransitionsSweeper } from '../../../backend/src/platform/firestore/settled-transitions-sweeper';
import { transitionRetentionMs } from '../../../backend/src/platform/firestore/sequenced-transition';
import { createLogger } from '../../../backend/src/platform/logger';
import { startTestBackend, type TestBackend } from '../../support/test-backend';
import { claim, createRun, enqueue, prepareOrganisation, record, runClient } from './run-requests';

const organisation = 'domain:example.com';
const hour = 60 * 60_000;

/*
 * Every change of a run or a job leaves a `transitions/{n}` document (sequenced-transition.ts). Once the run or
 * job is settled (ended, cancelled) and a day has passed, the sweep deletes them; those of jobs still in
 * flight, and recent ones, stay.
 */
describe('transitions of settled runs and jobs are swept', () => {
  let backend: TestBackend;

  beforeAll(async () => {
    backend = await startTestBackend({ RATE_LIMIT_USER_PER_MINUTE: '100000', RATE_LIMIT_ORGANISATION_PER_MINUTE: '100000' });
    await prepareOrganisation(backend);
  });
  afterAll(() => backend.close());

  const runDocument = (runId: string) => backend.firestore.firestore.doc(`orgs/${organisation}/runs/${runId}`);
  const transitionsOf = async (path: string) =>
    (await backend.firestore.firestore.doc(path).collection('transitions').get()).docs.map((document) => document.id).sort();
  const sweeperAt = (aheadMs: number) =>
    createSettledTransitionsSweeper({
      firestore: backend.firestore.firestore,
      logger: createLogger({ level: 'silent' }),
      now: () => Date.now() + aheadMs,
    });

  it('deletes the transitions of a failed job, a cancelled job and a cancelled run a day on, and keeps a job in flight’s', async () => {
    const runId = await createRun(backend);
    const [one, two, three] = await enqueue(backend, runId, [record(1), record(2), record(3)]);
    if (!one || !two || !three) throw new Error('expected three jobs');
    const claimed = (await claim(backend, runId, { limit: 2 })).jobs;
    const [failing, inFlight] = claimed;
    if (!failing || !inFlight) throw new Error('expected two claimed jobs');
    const client = runClient(backend);
    const failed = await client.post(`/v1/runs/${runId}/jobs/${failing.jobId}/failure`, {
      leaseId: failing.leaseId,
      message: 'The template is gone.',
      retry: false,
    });
    expect(failed.body.state).toBe('failed');
    // Cancelling ends the pending job and the run; the job in flight goes on.
    expect((await client.post(`/v1/runs/${runId}/cancel`)).body.status).toBe('cancelled');
    const pendingJobId = [one, two, three].map((job) => job.jobId).find((jobId) => jobId !== failing.jobId && jobId !== inFlight.jobId)!;
    const jobPath = (jobId: string) => `${runDocument(runId).path}/jobs/${jobId}`;

    expect(await transitionsOf(jobPath(failing.jobId))).toEqual(['1', '2']);
    expect(await transitionsOf(jobPath(pendingJobId))).toEqual(['1']);
    expect(await transitionsOf(jobPath(inFlight.jobId))).toEqual(['1']);
    expect(await transitionsOf(runDocument(runId).path)).toEqual(['1']);
    // Each carries its expiry for Firestore's TTL policy too.
    const firstTransition = (await runDocument(runId).collection('transitions').doc('1').get()).data()!;
    expect(firstTransition.expireAt.toMillis() - firstTransition.at.toMillis()).toBe(transitionRetentionMs);

    // An hour on, nothing is old enough.
    expect(await sweeperAt(hour).sweep()).toEqual({ documents: 0, transitions: 0 });
    expect(await transitionsOf(jobPath(failing.jobId))).toEqual(['1', '2']);

    // A day on: the settled ones go, the job in flight keeps its own.
    const swept = await sweeperAt(25 * hour).sweep();
    expect(swept.documents).toBeGreaterThanOrEqual(3);
    expect(await transitionsOf(jobPath(failing.jobId))).toEqual([]);
    expect(await transitionsOf(jobPath(pendingJobId))).toEqual([]);
    expect(await transitionsOf(runDocument(runId).path)).toEqual([]);
    expect(await transitionsOf(jobPath(inFlight.jobId))).toEqual(['1']);
    const entriesLeft = await backend.firestore.firestore
      .collection('settledTransitions')
      .where('path', '==', jobPath(failing.jobId))
      .get();
    expect(entriesLeft.size).toBe(0);

    // The jobs read as they were, and the one in flight still ends normally: its next change is transition 2.
    const jobs = await client.get(`/v1/runs/${runId}/jobs`);
    expect(Object.fromEntries(jobs.body.jobs.map((job: { jobId: string; state: string }) => [job.jobId, job.state]))).toEqual({
      [failing.jobId]: 'failed',
      [pendingJobId]: 'cancelled',
      [inFlight.jobId]: 'leased',
    });
    const late = await client.post(`/v1/runs/${runId}/jobs/${inFlight.jobId}/failure`, {
      leaseId: inFlight.leaseId,
      message: 'The document could not be copied.',
      retry: false,
    });
    expect(late.body.state).toBe('failed');
    expect(await transitionsOf(jobPath(inFlight.jobId))).toEqual(['1', '2']);
    // Settled only now: swept a day after this, not before.
    expect(await sweeperAt(23 * hour).sweep()).toEqual({ documents: 0, transitions: 0 });
    expect(await transitionsOf(jobPath(inFlight.jobId))).toEqual(['1', '2']);
    expect(await sweeperAt(25 * hour).sweep()).toEqual({ documents: 1, transitions: 2 });
    expect(await transitionsOf(jobPath(inFlight.jobId))).toEqual([]);
  });
});

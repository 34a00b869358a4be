import { conflict, notFound } from '../platform/problem';
import { cancelPendingJobs } from './cancel-pending-jobs';
import { jobIdOf } from './job-ids';
import type { RunsContext } from './runs-context';

/** One record to make a document of. */
export interface RunRecord {
  /** Identifies the record within its run (a sheet row's key, a HubSpot object id): one job per key, ever. */
  recordKey: string;
  /** The record's values by source field name; the run's mapping turns them into template fields. */
  fields: Record<string, string>;
  /** Where the link goes back to: a sheet row number, a HubSpot object id. */
  sourceReference?: string | undefined;
}

/**
 * How other modules (the HubSpot webhook) ask for a document: enqueue a record into a run. Enqueueing the same
 * record again, however often and however concurrently, answers the same job and never makes a second one.
 * Throws an HttpProblem: 404 when the organisation has no such run, 409 when the run was cancelled.
 */
export interface RunJobQueue {
  enqueue(
    organisationId: string,
    runId: string,
    record: { recordKey: string; fields: Record<string, string>; sourceReference?: string },
  ): Promise<{ jobId: string; created: boolean }>;
}

const concurrency = 10;

/** Enqueues records into a run (404 when there is none, 409 when it was cancelled); a known record is left as it is. */
export async function enqueueRecords(
  context: RunsContext,
  organisationId: string,
  runId: string,
  records: readonly RunRecord[],
): Promise<{ recordKey: string; jobId: string; created: boolean }[]> {
  const run = await context.runs.get(organisationId, runId);
  if (!run) throw notFound(`There is no run ${runId}.`);
  if (run.status === 'cancelled') throw conflict(`The run ${runId} was cancelled; start a new run for these records.`);
  const results: { recordKey: string; jobId: string; created: boolean }[] = [];
  // One time for the request, and each record's place in it: jobs created in the same millisecond still come out in
  // the order they were sent.
  const enqueuedAt = new Date(context.now());
  for (let start = 0; start < records.length; start += concurrency) {
    const slice = records.slice(start, start + concurrency);
    results.push(
      ...(await Promise.all(
        slice.map(async (record, index) => {
          const jobId = jobIdOf(runId, record.recordKey);
          const created = await context.jobs.enqueue(organisationId, {
            jobId,
            runId,
            recordKey: record.recordKey,
            fields: record.fields,
            sourceReference: record.sourceReference ?? null,
            enqueuedAt,
            position: start + index,
          });
          return { recordKey: record.recordKey, jobId, created };
        }),
      )),
    );
  }
  // A cancel that swept the pending jobs while these were being created missed them: they end as cancelled too.
  const created = results.filter((result) => result.created).map((result) => result.jobId);
  if (created.length > 0 && (await context.runs.get(organisationId, runId))?.status === 'cancelled') {
    await cancelPendingJobs(context, organisationId, runId, created);
  }
  return results;
}

export function createRunJobQueue(context: RunsContext): RunJobQueue {
  return {
    async enqueue(organisationId, runId, record) {
      const [result] = await enqueueRecords(context, organisationId, runId, [record]);
      if (!result) throw new Error('enqueueRecords answered nothing for one record');
      return { jobId: result.jobId, created: result.created };
    },
  };
}

/**
 * The port through which a HubSpot request for a document becomes a job of a run. Declared here, beside its
 * one caller, with the same shape as backend/src/runs/run-job-queue.ts (built at the same time); the lead
 * points the composition at the runs' implementation. Enqueueing is idempotent per record key: a second
 * request for the same record of the same run answers the first job with `created: false`.
 */
export interface RunJobQueue {
  enqueue(
    organisationId: string,
    runId: string,
    record: { recordKey: string; fields: Record<string, string>; sourceReference?: string },
  ): Promise<{ jobId: string; created: boolean }>;
}

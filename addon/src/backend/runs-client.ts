import type {
  ClaimJobsResponse,
  CreateRunRequest,
  EnqueueRecordsRequest,
  RunJobView,
  RunListResponse,
  RunView,
} from '../../../contracts/runs';
import type { RunAction } from '../../shared/bulk-run-contract';
import { createBackendCalls, pathSegment, type BackendClientOptions } from './backend-call';

type RunJobListResponse = { jobs: RunJobView[]; next?: string };

export type EnqueueRecordsAnswer = { jobs: Array<{ recordKey: string; jobId: string; created: boolean }> };
export type ReportDocumentAnswer = { documentId: string; documentUrl: string; accepted: boolean };

/** Typed calls to the backend's runs API (contracts/runs.ts): what starting a run and the worker need. */
export function createRunsClient(options: BackendClientOptions) {
  const { call } = createBackendCalls(options);
  const runPath = (runId: string) => `/v1/runs/${pathSegment(runId)}`;
  const jobPath = (runId: string, jobId: string) => `${runPath(runId)}/jobs/${pathSegment(jobId)}`;
  return {
    createRun: (request: CreateRunRequest) => call<RunView>('post', '/v1/runs', { body: request }).body,
    enqueueRecords: (runId: string, request: EnqueueRecordsRequest) =>
      call<EnqueueRecordsAnswer>('post', `${runPath(runId)}/records`, { body: request }).body,
    /** This user's runs, newest first; one page of at most 100. */
    listMyRuns: (status?: RunView['status']) =>
      call<RunListResponse>('get', '/v1/runs', { query: { scope: 'mine', limit: 100, status } }).body.runs,
    getRun: (runId: string) => call<RunView>('get', runPath(runId)).body,
    listJobs: (runId: string, limit: number) => call<RunJobListResponse>('get', `${runPath(runId)}/jobs`, { query: { limit } }).body.jobs,
    changeStatus: (runId: string, action: RunAction) => call<RunView>('post', `${runPath(runId)}/${action}`).body,
    claimJobs: (runId: string, limit: number) => call<ClaimJobsResponse>('post', `${runPath(runId)}/claims`, { body: { limit } }).body,
    reportDocument: (runId: string, jobId: string, report: { leaseId: string; documentId: string; documentUrl: string }) =>
      call<ReportDocumentAnswer>('post', `${jobPath(runId, jobId)}/document`, { body: report }).body,
    completeJob: (runId: string, jobId: string, report: { leaseId: string; executionId: string }) =>
      call<RunJobView>('post', `${jobPath(runId, jobId)}/done`, { body: report }).body,
    failJob: (runId: string, jobId: string, report: { leaseId: string; message: string; retry: boolean; executionId?: string }) =>
      call<RunJobView>('post', `${jobPath(runId, jobId)}/failure`, { body: report }).body,
  };
}

export type RunsClient = ReturnType<typeof createRunsClient>;

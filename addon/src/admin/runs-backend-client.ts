import type { RunJobView, RunListResponse } from '../../../contracts/runs';
import { createBackendCalls, pathSegment, type BackendClientOptions } from '../backend/backend-call';
import type { RunRecordsInput, RunRecordsPage, RunsPage, RunsPageInput, RunsScope } from '../../shared/runs-dashboard-api';

/** The backend routes behind the dashboard's runs list, with the user's identity token. */
export interface RunsBackendClient {
  listRuns(input: RunsPageInput): RunsPage;
  listRecords(input: RunRecordsInput): RunRecordsPage;
  /** Every run of the scope as CSV text (RFC 4180, CRLF line endings). */
  exportCsv(scope: RunsScope): string;
}

/** Runs per page of the dashboard's list. */
const runsPerPage = 20;
/** Records per page of a run's records. */
const recordsPerPage = 100;

export function createRunsBackendClient(options: BackendClientOptions): RunsBackendClient {
  const { call } = createBackendCalls(options);
  return {
    listRuns: (input) => {
      const page = call<RunListResponse>('get', '/v1/runs', { query: { scope: input.scope, limit: runsPerPage, after: input.after } }).body;
      return page.next ? { runs: page.runs, next: page.next } : { runs: page.runs };
    },
    listRecords: (input) => {
      const page = call<{ jobs: RunJobView[]; next?: string }>('get', `/v1/runs/${pathSegment(input.runId)}/jobs`, {
        query: { limit: recordsPerPage, after: input.after },
      }).body;
      return page.next ? { jobs: page.jobs, next: page.next } : { jobs: page.jobs };
    },
    exportCsv: (scope) => {
      const answer = call<unknown>('get', '/v1/runs/export', { query: { scope } });
      // Text answers are handed over as they are; an export without runs is the header line only.
      return typeof answer.body === 'string' ? answer.body : '';
    },
  };
}

/** Arguments come from a page, so they are checked here; the backend checks them (and the role) again. */
export function runsScopeOf(input: unknown): RunsScope {
  const scope = (input as { scope?: unknown } | null | undefined)?.scope;
  if (scope !== 'mine' && scope !== 'organisation') throw new Error('The scope is "mine" or "organisation".');
  return scope;
}

export function afterOf(input: unknown): string | undefined {
  const after = (input as { after?: unknown } | null | undefined)?.after;
  if (after === undefined || after === null) return undefined;
  if (typeof after !== 'string' || after === '') throw new Error('The page sent a position in the list that is not text.');
  return after;
}

export function runIdOf(input: unknown): string {
  const runId = (input as { runId?: unknown } | null | undefined)?.runId;
  if (typeof runId !== 'string' || runId.trim() === '') throw new Error('The page sent no run.');
  return runId;
}

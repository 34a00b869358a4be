import type { RunJobView, RunView } from '../../contracts/runs';

/**
 * Server functions behind the runs list of the usage dashboard (issue 20): the backend's GET /v1/runs,
 * GET /v1/runs/{runId}/jobs and GET /v1/runs/export, with the user's identity token. The answers are the
 * contract's types.
 */

export type RunsScope = 'mine' | 'organisation';

export interface RunsPageInput {
  /** `organisation` is for admins; the backend answers a member's request for it with 403. */
  scope: RunsScope;
  /** The `next` of the page before. */
  after?: string;
}

export interface RunsPage {
  runs: RunView[];
  next?: string;
}

export interface RunRecordsInput {
  runId: string;
  after?: string;
}

export interface RunRecordsPage {
  jobs: RunJobView[];
  next?: string;
}

export interface RunsCsvExport {
  filename: string;
  csv: string;
  /** Data rows (the header excluded). */
  rows: number;
}

export interface RunsDashboardApi {
  getDashboardRuns(input: RunsPageInput): RunsPage;
  getDashboardRunRecords(input: RunRecordsInput): RunRecordsPage;
  exportRunsCsv(input: { scope: RunsScope }): RunsCsvExport;
}

export const runsDashboardFunctionNames = ['getDashboardRuns', 'getDashboardRunRecords', 'exportRunsCsv'] as const;

// Fails to compile when a function of RunsDashboardApi is missing from the list above.
type MissingName = Exclude<keyof RunsDashboardApi, (typeof runsDashboardFunctionNames)[number]>;
const everyNameListed: MissingName extends never ? true : never = true;
void everyNameListed;

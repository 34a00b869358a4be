import {
  claimJobsRequest,
  claimJobsResponse,
  completeJobRequest,
  createRunRequest,
  enqueueRecordsRequest,
  enqueueRecordsResponse,
  failJobRequest,
  reportDocumentRequest,
  reportDocumentResponse,
  runExportQuery,
  runJobListResponse,
  runJobParams,
  runJobReportResponse,
  runJobsQuery,
  runListQuery,
  runListResponse,
  runParams,
  runView,
} from '../../../contracts/runs';
import { defineRoute, json, type Route } from '../platform/http/define-route';
import { changeRunStatus, type RunCommand } from './change-run-status';
import { claimRunJobs } from './claim-run-jobs';
import { completeRunJob } from './complete-run-job';
import { createRun } from './create-run';
import { failRunJob } from './fail-run-job';
import { listRuns, readRun } from './read-runs';
import { reportJobDocument } from './report-job-document';
import { enqueueRecords } from './run-job-queue';
import { runJobViewOf, runViewOf } from './run-views';
import type { RunsContext } from './runs-context';
import { runsToCsv } from './runs-csv';
import { visibleRun } from './visible-run';

/** The most runs one CSV export holds. */
const maximumExportedRuns = 5000;

const commandSummaries: Record<RunCommand, string> = {
  pause: 'Pause a run: no more jobs are handed out; jobs in flight finish',
  resume: 'Resume a paused run',
  cancel: 'Cancel a run: pending records are given up, jobs in flight may finish, nothing is handed out again',
};

/** Runs (SPEC.md section 5b): many documents from one template, made in the background by the add-on's trigger. */
export function createRunRoutes(context: RunsContext): Route[] {
  const commandRoute = (command: RunCommand) =>
    defineRoute({
      method: 'post',
      path: `/v1/runs/{runId}/${command}`,
      operationId: `${command}Run`,
      summary: commandSummaries[command],
      tag: 'runs',
      access: 'member',
      params: runParams,
      response: { status: 200, description: 'The run', schema: runView },
      async handle({ caller, params }) {
        await changeRunStatus(context, caller, params.runId, command);
        return json(await readRun(context, caller, params.runId));
      },
    });
  return [
    defineRoute({
      method: 'post',
      path: '/v1/runs',
      operationId: 'createRun',
      summary: 'Start a run: a template, a data source, a field mapping, an output folder and a name pattern',
      tag: 'runs',
      access: 'member',
      body: createRunRequest,
      response: { status: 201, description: 'The run, with no records yet', schema: runView },
      async handle({ caller, body }) {
        const run = await createRun(context, caller, body);
        return json(runViewOf(run, { remaining: 0, inFlight: 0, cancelled: 0 }), 201);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/runs',
      operationId: 'listRuns',
      summary: 'Runs, newest first, with their progress and rolled-up metrics (the dashboard list)',
      tag: 'runs',
      access: 'member',
      query: runListQuery,
      response: { status: 200, description: 'One page of runs', schema: runListResponse },
      async handle({ caller, query }) {
        return json(await listRuns(context, caller, query));
      },
    }),
    // Before /v1/runs/{runId}, which would take "export" for a run id.
    defineRoute({
      method: 'get',
      path: '/v1/runs/export',
      operationId: 'exportRuns',
      summary: 'Runs with their progress and rolled-up metrics as CSV',
      tag: 'runs',
      access: 'member',
      query: runExportQuery,
      response: { status: 200, description: 'CSV, one row per run', contentType: 'text/csv' },
      async handle({ caller, query }) {
        const runs = [];
        let after: string | undefined;
        do {
          const page = await listRuns(context, caller, { scope: query.scope, limit: 100, after });
          runs.push(...page.runs);
          after = page.next;
        } while (after && runs.length < maximumExportedRuns);
        return {
          status: 200,
          contentType: 'text/csv; charset=utf-8',
          headers: { 'content-disposition': 'attachment; filename="runs.csv"' },
          body: runsToCsv(runs.slice(0, maximumExportedRuns)),
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/runs/{runId}',
      operationId: 'getRun',
      summary: 'A run: progress (done, failed, remaining), cost so far and rolled-up metrics',
      tag: 'runs',
      access: 'member',
      params: runParams,
      response: { status: 200, description: 'The run', schema: runView },
      async handle({ caller, params }) {
        return json(await readRun(context, caller, params.runId));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/runs/{runId}/jobs',
      operationId: 'listRunJobs',
      summary: "A run's records in the order they were enqueued: state, document link or error",
      tag: 'runs',
      access: 'member',
      params: runParams,
      query: runJobsQuery,
      response: { status: 200, description: 'One page of jobs', schema: runJobListResponse },
      async handle({ caller, params, query }) {
        await visibleRun(context, caller, params.runId);
        const page = await context.jobs.list(caller.organisationId, params.runId, query);
        const jobs = page.jobs.map(runJobViewOf);
        return json(page.next ? { jobs, next: page.next } : { jobs });
      },
    }),
    commandRoute('pause'),
    commandRoute('resume'),
    commandRoute('cancel'),
    defineRoute({
      method: 'post',
      path: '/v1/runs/{runId}/records',
      operationId: 'enqueueRunRecords',
      summary: 'Enqueue records into a run, one job each; a record already enqueued is not enqueued again',
      tag: 'runs',
      access: 'member',
      params: runParams,
      body: enqueueRecordsRequest,
      response: { status: 200, description: 'The job of each record, and whether this request created it', schema: enqueueRecordsResponse },
      async handle({ caller, params, body }) {
        await visibleRun(context, caller, params.runId);
        return json({ jobs: await enqueueRecords(context, caller.organisationId, params.runId, body.records) });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/runs/{runId}/claims',
      operationId: 'claimRunJobs',
      summary: "The worker's call: up to `limit` jobs of an active run, each under a lease",
      tag: 'runs',
      access: 'member',
      params: runParams,
      body: claimJobsRequest,
      response: { status: 200, description: 'The jobs claimed (none while the run is paused or cancelled)', schema: claimJobsResponse },
      async handle({ caller, params, body }) {
        return json(await claimRunJobs(context, caller, params.runId, body));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/runs/{runId}/jobs/{jobId}/document',
      operationId: 'reportRunJobDocument',
      summary: 'The worker copied the template for this job: later attempts fill that copy',
      tag: 'runs',
      access: 'member',
      params: runJobParams,
      body: reportDocumentRequest,
      response: { status: 200, description: "The job's document", schema: reportDocumentResponse },
      async handle({ caller, params, body }) {
        return json(await reportJobDocument(context, caller, params, body));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/runs/{runId}/jobs/{jobId}/done',
      operationId: 'completeRunJob',
      summary: "The worker filled this job's document: its fill's metrics are added to the run once",
      tag: 'runs',
      access: 'member',
      params: runJobParams,
      body: completeJobRequest,
      response: { status: 200, description: 'The job', schema: runJobReportResponse },
      async handle({ caller, params, body }) {
        return json(runJobViewOf(await completeRunJob(context, caller, params, body)));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/runs/{runId}/jobs/{jobId}/failure',
      operationId: 'failRunJob',
      summary: 'The attempt failed: the job is retried until the run’s attempts are used up',
      tag: 'runs',
      access: 'member',
      params: runJobParams,
      body: failJobRequest,
      response: { status: 200, description: 'The job', schema: runJobReportResponse },
      async handle({ caller, params, body }) {
        return json(runJobViewOf(await failRunJob(context, caller, params, body)));
      },
    }),
  ];
}

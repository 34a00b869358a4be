import type { ClaimedJob, RunView } from '../../../contracts/runs';
import type { BackendClient } from '../../../addon/src/backend/backend-client';
import type { RunsClient } from '../../../addon/src/backend/runs-client';
import { appsScriptWorkerLimits, workOnRuns } from '../../../addon/src/runs/work-on-runs';

/**
 * How the worker stays inside one Apps Script execution, on a clock the test moves: it claims no job once less
 * than the minimum job time is left, and says it stopped for time (the bundle tests in the harness cover the
 * work itself; 6 real minutes per case would be too slow to run here).
 */
const run: RunView = {
  runId: '00000000-0000-4000-8000-000000000001',
  name: 'Run',
  templateDocumentId: 'template',
  source: { kind: 'api' },
  fieldMapping: {},
  outputFolderId: 'folder',
  namePattern: 'Doc',
  maxAttempts: 3,
  status: 'active',
  finished: false,
  createdBy: 'ana@example.com',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  progress: { total: 10, done: 0, failed: 0, cancelled: 0, remaining: 10, inFlight: 0 },
  metrics: { tags: 0, succeeded: 0, failed: 0, fellBack: 0, cached: 0, inputTokens: 0, outputTokens: 0, costNanoDollars: 0, durationMs: 0 },
};

function job(index: number): ClaimedJob {
  return {
    runId: run.runId,
    jobId: index.toString(16).padStart(32, '0'),
    leaseId: `00000000-0000-4000-8000-${index.toString().padStart(12, '0')}`,
    leaseExpiresAt: '2026-01-01T00:07:00.000Z',
    attempt: 1,
    fillId: `10000000-0000-4000-8000-${index.toString().padStart(12, '0')}`,
    recordKey: `record-${index}`,
    sourceReference: null,
    templateDocumentId: 'template',
    outputFolderId: 'folder',
    documentName: `Doc ${index}`,
    fieldValues: {},
    documentId: null,
    documentUrl: null,
    earlierFillId: null,
  };
}

test('claims while a job fits in the budget, then stops for time with work left and keeps the trigger', () => {
  let clock = 0;
  const claims: number[] = [];
  const failures: Array<{ message: string; retry: boolean }> = [];
  let noWorkLeftCalls = 0;
  const runs = {
    listMyRuns: () => [run],
    claimJobs: () => {
      claims.push(clock);
      return { runStatus: 'active', jobs: [job(claims.length)] };
    },
    failJob: (_runId: string, jobId: string, report: { message: string; retry: boolean }) => {
      failures.push(report);
      return { jobId, state: 'pending' };
    },
  } as unknown as RunsClient;
  const outcome = workOnRuns({
    runs,
    backend: {} as BackendClient,
    documents: {
      // Each copy takes 100 s of the execution and fails: Drive was away, so another attempt may do better.
      copyIntoFolder: () => {
        clock += 100_000;
        throw new Error('Service Drive failed');
      },
      trashFile: () => undefined,
      openDocument: () => {
        throw new Error('not reached');
      },
    },
    now: () => clock,
    limits: appsScriptWorkerLimits,
    openSheet: () => null,
    loadSettings: () => null,
    forgetSettings: () => undefined,
    noWorkLeft: () => {
      noWorkLeftCalls += 1;
    },
  });
  // 300 s budget, 90 s minimum: jobs start at 0, 100 and 200 s; at 300 s nothing is left.
  expect(claims).toEqual([0, 100_000, 200_000]);
  expect(outcome).toEqual({ documentsMade: 0, failures: 3, stoppedBecause: 'time' });
  expect(failures.every((failure) => failure.retry && failure.message.includes('Service Drive failed'))).toBe(true);
  expect(noWorkLeftCalls).toBe(0);
  // The budget and the minimum leave a started job well inside Apps Script's 6 minutes.
  expect(appsScriptWorkerLimits.budgetMs + appsScriptWorkerLimits.writeMarginMs).toBeLessThan(6 * 60_000);
});

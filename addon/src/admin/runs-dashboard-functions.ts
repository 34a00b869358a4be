import type {
  RunRecordsInput,
  RunRecordsPage,
  RunsCsvExport,
  RunsDashboardApi,
  RunsPage,
  RunsPageInput,
  RunsScope,
} from '../../shared/runs-dashboard-api';
import { backendClientOptions } from '../gas/services';
import { afterOf, createRunsBackendClient, runIdOf, runsScopeOf } from './runs-backend-client';
import { countCsvRows } from './usage-backend-client';

/** `google.script.run` targets of the usage dashboard's runs list (issue 20). */

function runsBackend() {
  return createRunsBackendClient(backendClientOptions());
}

export function getDashboardRuns(input: RunsPageInput): RunsPage {
  const after = afterOf(input);
  return runsBackend().listRuns({ scope: runsScopeOf(input), ...(after ? { after } : {}) });
}

export function getDashboardRunRecords(input: RunRecordsInput): RunRecordsPage {
  const after = afterOf(input);
  return runsBackend().listRecords({ runId: runIdOf(input), ...(after ? { after } : {}) });
}

export function exportRunsCsv(input: { scope: RunsScope }): RunsCsvExport {
  const scope = runsScopeOf(input);
  const csv = runsBackend().exportCsv(scope);
  return { filename: `runs-${scope}-${new Date().toISOString().slice(0, 10)}.csv`, csv, rows: countCsvRows(csv) };
}

// The compiler checks here that these functions match what the dashboard calls. Not exported: every exported
// function of the bundle becomes a google.script.run target.
void ({ getDashboardRuns, getDashboardRunRecords, exportRunsCsv } satisfies RunsDashboardApi);

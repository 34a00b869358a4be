import type { UsageCsvExport, UsageDashboardApi, UsageDashboardData, UsagePeriodInput } from '../../shared/usage-dashboard-api';
import { backendClientOptions } from '../gas/services';
import { countCsvRows, createUsageBackendClient, loadUsageDashboard, periodOf, type UsageBackendClient } from './usage-backend-client';

/** `google.script.run` targets of the admin dialog's usage dashboard (SPEC.md section 8). */

function usageBackend(): UsageBackendClient {
  return createUsageBackendClient(backendClientOptions());
}

export function getUsageDashboard(input: UsagePeriodInput): UsageDashboardData {
  return loadUsageDashboard(usageBackend(), input);
}

export function exportUsageCsv(input: UsagePeriodInput): UsageCsvExport {
  const period = periodOf(input);
  const csv = usageBackend().exportCsv(period);
  return {
    filename: `usage-${period.scope === 'organisation' ? 'organisation' : 'mine'}-${period.from}-to-${period.to}.csv`,
    csv,
    rows: countCsvRows(csv),
  };
}

// The compiler checks here that these functions match what the dashboard expects to call. Not exported: every
// exported function of the bundle becomes a google.script.run target.
void ({ getUsageDashboard, exportUsageCsv } satisfies UsageDashboardApi);

import type { AdminCallApi } from './admin-operations';
import type { UsageDashboardApi } from './usage-dashboard-api';
import { usageDashboardFunctionNames } from './usage-dashboard-api';
import type { RunsDashboardApi } from './runs-dashboard-api';
import { runsDashboardFunctionNames } from './runs-dashboard-api';

/** What the admin dialog calls: adminCall for the settings screens (connections, policy, budgets, alerts, members, audit) and the dashboard (usage and runs). */
export interface AdminServerApi extends AdminCallApi, UsageDashboardApi, RunsDashboardApi {}

export const adminServerFunctionNames = ['adminCall', ...usageDashboardFunctionNames, ...runsDashboardFunctionNames] as const;

// Fails to compile when a function of AdminServerApi is missing from the list above.
type MissingName = Exclude<keyof AdminServerApi, (typeof adminServerFunctionNames)[number]>;
const everyNameListed: MissingName extends never ? true : never = true;
void everyNameListed;

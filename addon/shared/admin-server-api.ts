import type { AdminCallApi } from './admin-operations';
import type { UsageDashboardApi } from './usage-dashboard-api';
import { usageDashboardFunctionNames } from './usage-dashboard-api';

/** What the admin dialog calls: adminCall for the settings screens (connections, policy, budgets, alerts, members, audit) and the dashboard. */
export interface AdminServerApi extends AdminCallApi, UsageDashboardApi {}

export const adminServerFunctionNames = ['adminCall', ...usageDashboardFunctionNames] as const;

// Fails to compile when a function of AdminServerApi is missing from the list above.
type MissingName = Exclude<keyof AdminServerApi, (typeof adminServerFunctionNames)[number]>;
const everyNameListed: MissingName extends never ? true : never = true;
void everyNameListed;

import type { AdminSettingsApi } from './admin-settings-api';
import type { UsageDashboardApi } from './usage-dashboard-api';
import { adminSettingsFunctionNames } from './admin-settings-api';
import { usageDashboardFunctionNames } from './usage-dashboard-api';

/** What the admin dialog calls: settings (connections, policy, budgets, alerts, members, audit) and the dashboard. */
export interface AdminServerApi extends AdminSettingsApi, UsageDashboardApi {}

export const adminServerFunctionNames = [...adminSettingsFunctionNames, ...usageDashboardFunctionNames] as const;

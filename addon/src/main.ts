/**
 * The Apps Script entry point. It only exposes globals: the build turns each export into a top-level
 * `function` declaration, because Apps Script calls triggers, menu items and `google.script.run` targets by
 * global name. Everything a person starts goes through entryPoint (all scopes granted, or a consent prompt);
 * the simple triggers do not, as they run before the user authorised anything.
 */
import * as admin from './admin/admin-functions';
import * as runsDashboard from './admin/runs-dashboard-functions';
import * as usage from './admin/usage-functions';
import * as bulk from './bulk-run-functions';
import { entryPoint } from './entry-point';
import * as server from './server-functions';
import * as triggers from './triggers';

export { onInstall, onOpen } from './triggers';

// Menu items.
export const showSidebar = entryPoint(triggers.showSidebar);
export const showHelp = entryPoint(triggers.showHelp);
export const fillAllTags = entryPoint(server.fillAllTags);
export const showAdminSettings = entryPoint(admin.showAdminSettings);

// The sidebar's google.script.run targets.
export const getSidebarState = entryPoint(server.getSidebarState);
export const rescanDocument = entryPoint(server.rescanDocument);
export const saveTemplate = entryPoint(server.saveTemplate);
export const saveDrafts = entryPoint(server.saveDrafts);
export const saveFieldValues = entryPoint(server.saveFieldValues);
export const fillDocument = entryPoint(server.fillDocument);
export const getFillProgress = entryPoint(server.getFillProgress);
export const writeFill = entryPoint(server.writeFill);
export const sendFeedback = entryPoint(server.sendFeedback);
export const refineTag = entryPoint(server.refineTag);

// The sidebar's Bulk panel (addon/shared/bulk-run-contract.ts).
export const getSheetOverview = entryPoint(bulk.getSheetOverview);
export const startSheetRun = entryPoint(bulk.startSheetRun);
export const startHubSpotRun = entryPoint(bulk.startHubSpotRun);
export const listMyRuns = entryPoint(bulk.listMyRuns);
export const getRunProgress = entryPoint(bulk.getRunProgress);
export const changeRunStatus = entryPoint(bulk.changeRunStatus);
export const workOnRuns = entryPoint(bulk.workOnRuns);
// The hourly time-driven trigger (gas/background-trigger.ts names it): no consent prompt can be shown there.
export const workOnRunsInBackground = bulk.workOnRunsInBackground;

// The admin dialog's google.script.run targets.
export const getUsageDashboard = entryPoint(usage.getUsageDashboard);
export const exportUsageCsv = entryPoint(usage.exportUsageCsv);
export const getDashboardRuns = entryPoint(runsDashboard.getDashboardRuns);
export const getDashboardRunRecords = entryPoint(runsDashboard.getDashboardRunRecords);
export const exportRunsCsv = entryPoint(runsDashboard.exportRunsCsv);
// The settings screens call one target for every operation (addon/shared/admin-operations.ts).
export const adminCall = entryPoint(admin.adminCall);

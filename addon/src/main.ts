/**
 * The Apps Script entry point. It only exposes globals: the build turns each export into a top-level
 * `function` declaration, because Apps Script calls triggers, menu items and `google.script.run` targets by
 * global name. Everything a person starts goes through entryPoint (all scopes granted, or a consent prompt);
 * the simple triggers do not, as they run before the user authorised anything.
 */
import * as admin from './admin/admin-functions';
import * as usage from './admin/usage-functions';
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
export const runFill = entryPoint(server.runFill);
export const getFillProgress = entryPoint(server.getFillProgress);
export const writeFill = entryPoint(server.writeFill);

// The admin dialog's google.script.run targets.
export const getUsageDashboard = entryPoint(usage.getUsageDashboard);
export const exportUsageCsv = entryPoint(usage.exportUsageCsv);
export const getAdminSession = entryPoint(admin.getAdminSession);
export const listConnections = entryPoint(admin.listConnections);
export const addConnection = entryPoint(admin.addConnection);
export const updateConnection = entryPoint(admin.updateConnection);
export const testConnection = entryPoint(admin.testConnection);
export const rotateConnectionKey = entryPoint(admin.rotateConnectionKey);
export const deleteConnection = entryPoint(admin.deleteConnection);
export const getAdminSettings = entryPoint(admin.getAdminSettings);
export const listCatalogModels = entryPoint(admin.listCatalogModels);
export const saveAdminSettings = entryPoint(admin.saveAdminSettings);
export const getAdminBudgetStatus = entryPoint(admin.getAdminBudgetStatus);
export const getAlerts = entryPoint(admin.getAlerts);
export const setGoogleChatWebhook = entryPoint(admin.setGoogleChatWebhook);
export const removeGoogleChatWebhook = entryPoint(admin.removeGoogleChatWebhook);
export const sendTestAlert = entryPoint(admin.sendTestAlert);
export const listMembers = entryPoint(admin.listMembers);
export const updateMember = entryPoint(admin.updateMember);
export const removeMember = entryPoint(admin.removeMember);
export const listAuditEntries = entryPoint(admin.listAuditEntries);

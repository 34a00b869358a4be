import type { z } from 'zod';
import { alertListResponse, googleChatView, testAlertResponse } from './alerts';
import { auditPageResponse } from './audit';
import { configurationExportResponse, configurationImportResponse } from './configuration';
import { billingEventsResponse } from './billing';
import { connectionListResponse, connectionTestResponse, connectionView } from './connections';
import { fillCheckResponse, fillListResponse, fillPollResponse, startFillResponse } from './fills';
import { healthResponse, readinessResponse } from './health';
import { hubSpotConnectionTestResponse, hubSpotConnectionView, hubSpotRecordsResponse, hubSpotWebhookResponse } from './hubspot';
import { memberListResponse, memberView } from './members';
import {
  claimJobsResponse,
  enqueueRecordsResponse,
  reportDocumentResponse,
  runJobListResponse,
  runJobReportResponse,
  runListResponse,
  runView,
} from './runs';
import { budgetStatusResponse, sessionResponse } from './session';
import { providerListResponse } from './providers';
import { modelListResponse, settingsResponse } from './settings';
import { templateListResponse, templateVersionsResponse, templateView } from './templates';
import { costReportSubscriptionView } from './reports';
import { refinementResponse } from './refinements';
import { usageRecordsResponse, usageSummaryResponse } from './usage';

/**
 * The JSON body each operation answers on success, by operationId; null where it answers no JSON (204, CSV,
 * Prometheus text, this document). The route declarations use these schemas, /openapi.json is generated
 * from them, and test/backend/http/response-contracts.test.ts checks both against real responses.
 */
export const responseSchemas = {
  health: healthResponse,
  readiness: readinessResponse,
  openApi: null,
  metrics: null,
  getSession: sessionResponse,
  getBudgetStatus: budgetStatusResponse,
  listMembers: memberListResponse,
  updateMember: memberView,
  removeMember: memberView,
  listAuditEntries: auditPageResponse,
  getSettings: settingsResponse,
  saveSettings: settingsResponse,
  listModels: modelListResponse,
  exportConfiguration: configurationExportResponse,
  importConfiguration: configurationImportResponse,
  listAlerts: alertListResponse,
  sendTestAlert: testAlertResponse,
  setGoogleChatWebhook: googleChatView,
  removeGoogleChatWebhook: null,
  getCostReportSubscription: costReportSubscriptionView,
  setCostReportSubscription: costReportSubscriptionView,
  listProviders: providerListResponse,
  listConnections: connectionListResponse,
  createConnection: connectionView,
  getConnection: connectionView,
  updateConnection: connectionView,
  deleteConnection: null,
  rotateConnectionKey: connectionView,
  testConnection: connectionTestResponse,
  listTemplates: templateListResponse,
  getTemplate: templateView,
  saveTemplate: templateView,
  listTemplateVersions: templateVersionsResponse,
  linkTemplateCopy: templateView,
  checkFill: fillCheckResponse,
  fill: startFillResponse,
  listFills: fillListResponse,
  getFill: fillPollResponse,
  refineTag: refinementResponse,
  putFeedback: null,
  getUsageSummary: usageSummaryResponse,
  listUsageRecords: usageRecordsResponse,
  exportUsage: null,
  createRun: runView,
  listRuns: runListResponse,
  exportRuns: null,
  getRun: runView,
  listRunJobs: runJobListResponse,
  pauseRun: runView,
  resumeRun: runView,
  cancelRun: runView,
  enqueueRunRecords: enqueueRecordsResponse,
  claimRunJobs: claimJobsResponse,
  reportRunJobDocument: reportDocumentResponse,
  completeRunJob: runJobReportResponse,
  failRunJob: runJobReportResponse,
  getHubSpotConnection: hubSpotConnectionView,
  saveHubSpotConnection: hubSpotConnectionView,
  deleteHubSpotConnection: null,
  testHubSpotConnection: hubSpotConnectionTestResponse,
  readHubSpotRecords: hubSpotRecordsResponse,
  hubSpotWorkflowWebhook: hubSpotWebhookResponse,
  listBillingEvents: billingEventsResponse,
  exportBillingEvents: null,
} satisfies Record<string, z.ZodType | null>;

export type OperationId = keyof typeof responseSchemas;

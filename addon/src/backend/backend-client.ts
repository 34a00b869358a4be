import type { Complexity, OutputFormat, TagConfiguration } from '../../shared/sidebar-contract';
import { bodyOfOutcome, createBackendCalls, pathSegment, type BackendClientOptions } from './backend-call';

export { BackendProblem, BackendUnreachable, type BackendClientOptions } from './backend-call';

export interface BackendSession {
  email: string;
  organisationId: string;
  role: 'owner' | 'admin' | 'member';
  budgetLevel: 'normal' | 'alert' | 'critical' | 'exhausted';
  provider: { configured: true; id: string; defaultModel: string } | { configured: false; setupHint: string };
}

export interface BackendBudgetStatus {
  level: BackendSession['budgetLevel'];
  budgets: {
    scope: 'organisation' | 'user';
    period: 'day' | 'month';
    limitUsd: number;
    spentUsd: number;
    usedShare: number;
    level: BackendSession['budgetLevel'];
  }[];
}

/** The backend's stored tag configuration: the same members the sidebar edits. */
export type BackendTagConfiguration = TagConfiguration;

export interface BackendTemplate {
  documentId: string;
  templateId: string;
  inherited: boolean;
  version: number;
  name: string;
  tags: Record<string, BackendTagConfiguration>;
  updatedAt: string | null;
  updatedBy: string | null;
}

export interface BackendModel {
  key: string;
  provider: string;
  id: string;
  displayName: string;
  complexity: string;
  allowed: boolean;
  connected: boolean;
}

export interface BackendModelList {
  models: BackendModel[];
  /** Per complexity, "provider:model" or null when nothing is set up. */
  defaults: Record<string, string | null>;
  tokenLimits: Record<Complexity, Record<OutputFormat, number>>;
  tokenLimitJustifications: string[];
}

/** The reads the sidebar needs when it opens; each function returns its answer or throws as its own call would. */
export interface SidebarOpeningReads {
  session: () => BackendSession;
  template: () => BackendTemplate;
  models: () => BackendModelList;
}

export interface FillTagRequest {
  name: string;
  /** Sent with the fill (unsaved edits); the backend uses the stored configuration otherwise. */
  configuration?: BackendTagConfiguration;
  regenerate?: boolean;
}

export interface BackendFillRequest {
  fillId: string;
  documentId: string;
  documentName: string;
  fieldValues: Record<string, string>;
  documentText?: string;
  tags: FillTagRequest[];
  regenerateOf?: string;
  /** A stopped fill whose generated tags the backend keeps instead of generating them again. */
  resumeOf?: string;
}

export interface BackendTagResult {
  tag: string;
  status: 'generated' | 'fallback' | 'failed' | 'skipped';
  text: string;
  model?: string;
  cached?: boolean;
  durationMs?: number;
  error?: { code: string; message: string };
  /** What the person should know of a generated text: cut off at the output limit, a fitted temperature, an estimated cost. */
  warnings?: string[];
}

export interface BackendFillResult {
  fillId: string;
  status: 'completed' | 'aborted';
  abort?: { code: string; message: string };
  results: BackendTagResult[];
  totals: { durationMs: number } & Record<string, number>;
}

export interface BackendFillProgress {
  fillId: string;
  status: 'running';
  total: number;
  finished: number;
  tags: Record<string, BackendTagResult['status'] | 'pending'>;
}

export interface BackendFillProblem {
  tag: string;
  code: string;
  message: string;
}

/** Typed calls to the backend's HTTP API for the sidebar. */
export function createBackendClient(options: BackendClientOptions) {
  const { call, callAll } = createBackendCalls(options);
  const templatePath = (documentId: string) => `/v1/templates/${pathSegment(documentId)}`;
  return {
    getBudget: () => call<BackendBudgetStatus>('get', '/v1/budget').body,
    /** Session, template and models do not depend on one another: one round trip instead of three. */
    readSidebarOpening: (documentId: string): SidebarOpeningReads => {
      const [session, template, models] = callAll([
        { method: 'get', path: '/v1/session' },
        { method: 'get', path: templatePath(documentId) },
        { method: 'get', path: '/v1/models' },
      ]);
      return {
        session: () => bodyOfOutcome<BackendSession>(session),
        template: () => bodyOfOutcome<BackendTemplate>(template),
        models: () => bodyOfOutcome<BackendModelList>(models),
      };
    },
    getTemplate: (documentId: string) => call<BackendTemplate>('get', templatePath(documentId)).body,
    saveTemplate: (
      documentId: string,
      save: { baseVersion: number; template: { name: string; tags: Record<string, BackendTagConfiguration> } },
    ) => call<BackendTemplate>('put', templatePath(documentId), { body: save }).body,
    linkCopy: (templateDocumentId: string, copyDocumentId: string) =>
      call<BackendTemplate>('post', `${templatePath(templateDocumentId)}/copies`, { body: { copyDocumentId } }).body,
    checkFill: (request: BackendFillRequest) =>
      call<{ ready: boolean; problems: BackendFillProblem[] }>('post', '/v1/fills/check', { body: request }).body,
    /** Starts a fill and waits at most `waitSeconds`: the result when it finished, its progress otherwise. */
    startFill: (request: BackendFillRequest, waitSeconds: number) =>
      call<BackendFillResult | BackendFillProgress>('post', '/v1/fills', { body: { ...request, waitSeconds } }).body,
    /** Waits at most `waitSeconds` for a running fill; answers at once when it is finished. */
    awaitFill: (fillId: string, waitSeconds: number) =>
      call<BackendFillResult | BackendFillProgress>('get', `/v1/fills/${pathSegment(fillId)}`, { query: { waitSeconds } }).body,
  };
}

export type BackendClient = ReturnType<typeof createBackendClient>;

export function isFinished(answer: BackendFillResult | BackendFillProgress): answer is BackendFillResult {
  return answer.status !== 'running';
}

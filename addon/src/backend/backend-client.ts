import type {
  FeedbackRequest,
  FillCheckResponse,
  FillProblem,
  FillProgress,
  FillRequestInput,
  FillResult,
  StartFillResponse,
  RecordedFill,
  TagResult,
} from '../../../contracts/fills';
import type { RefinementRequest, RefinementResponse } from '../../../contracts/refinements';
import type { BudgetStatusResponse, SessionResponse } from '../../../contracts/session';
import type { ModelListResponse } from '../../../contracts/settings';
import type { TagConfiguration, TemplateSave, TemplateView } from '../../../contracts/templates';
import { bodyOfOutcome, createBackendCalls, pathSegment, type BackendClientOptions } from './backend-call';

export { BackendProblem, BackendUnreachable, type BackendClientOptions } from './backend-call';

// The backend's requests and answers are the contract's (contracts/, types only: nothing of it is bundled).
export type BackendSession = SessionResponse;
export type BackendBudgetStatus = BudgetStatusResponse;
/** The backend's stored tag configuration: the same members the sidebar edits. */
export type BackendTagConfiguration = TagConfiguration;
export type BackendTemplate = TemplateView;
export type BackendModelList = ModelListResponse;
export type BackendModel = BackendModelList['models'][number];

/** The reads the sidebar needs when it opens; each function returns its answer or throws as its own call would. */
export interface SidebarOpeningReads {
  session: () => BackendSession;
  template: () => BackendTemplate;
  models: () => BackendModelList;
}

/** A fill as the add-on sends it: always with the fill id it chose, so it can poll; `waitSeconds` is added by startFill. */
export type BackendFillRequest = Omit<FillRequestInput, 'waitSeconds' | 'fillId'> & { fillId: string };
export type FillTagRequest = BackendFillRequest['tags'][number];
export type BackendTagResult = TagResult;
export type BackendFillResult = FillResult;
export type BackendFillProgress = FillProgress;
export type BackendFillProblem = FillProblem;

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
    saveTemplate: (documentId: string, save: TemplateSave) => call<BackendTemplate>('put', templatePath(documentId), { body: save }).body,
    linkCopy: (templateDocumentId: string, copyDocumentId: string) =>
      call<BackendTemplate>('post', `${templatePath(templateDocumentId)}/copies`, { body: { copyDocumentId } }).body,
    checkFill: (request: BackendFillRequest) => call<FillCheckResponse>('post', '/v1/fills/check', { body: request }).body,
    /** Starts a fill and waits at most `waitSeconds`: the result when it finished, its progress otherwise. */
    startFill: (request: BackendFillRequest, waitSeconds: number) =>
      call<StartFillResponse>('post', '/v1/fills', { body: { ...request, waitSeconds } }).body,
    /**
     * Waits at most `waitSeconds` for a running fill; answers at once when it is finished. The fill is the
     * user's own: its progress or its result (with the execution's metadata, which the add-on ignores), never
     * the metadata alone that an admin reading someone else's fill gets.
     */
    awaitFill: (fillId: string, waitSeconds: number) =>
      call<FillProgress | RecordedFill>('get', `/v1/fills/${pathSegment(fillId)}`, { query: { waitSeconds } }).body,
    /** 👍/👎 on one tag of a fill; answers nothing (204). */
    putFeedback: (fillId: string, tag: string, feedback: FeedbackRequest): void => {
      call<undefined>('put', `/v1/fills/${pathSegment(fillId)}/feedback/${pathSegment(tag)}`, { body: feedback });
    },
    /** One tag rewritten with an instruction (a paid generation). */
    refineTag: (fillId: string, tag: string, refinement: RefinementRequest): RefinementResponse =>
      call<RefinementResponse>('post', `/v1/fills/${pathSegment(fillId)}/tags/${pathSegment(tag)}/refinements`, { body: refinement }).body,
  };
}

export type BackendClient = ReturnType<typeof createBackendClient>;

/** A fill that ended (completed or aborted), with its results; a progress (running, or finished but not yet answered) is not. */
export function isFinished(answer: FillProgress | FillResult): answer is FillResult {
  return answer.status === 'completed' || answer.status === 'aborted';
}

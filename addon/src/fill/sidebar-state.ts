import type {
  BackendState,
  ConnectionChoice,
  ModelChoice,
  OutputTokenPolicy,
  SessionView,
  SidebarState,
  TagConfiguration,
  TemplateView,
} from '../../shared/sidebar-contract';
import type { BackendBudgetStatus, BackendClient, BackendSession } from '../backend/backend-client';
import { scanDocument } from '../document/scan-document';
import { templateViewOf } from './load-template';
import { neverSavedTemplate } from './tag-configurations';
import { tokenPolicyOf } from './token-policy';

export interface SidebarStateDependencies {
  document: GoogleAppsScript.Document.Document;
  backend: () => BackendClient;
  fieldValues: Record<string, string>;
  drafts: Record<string, TagConfiguration>;
}

const levelWords = {
  alert: 'is past its alert threshold',
  critical: 'is nearly used up',
  exhausted: 'is used up: fills are blocked until an admin raises it',
} as const;

/** Which budget stands worst, in words; nothing while every budget is normal. */
export function budgetMessage(status: BackendBudgetStatus | undefined, level: BackendSession['budgetLevel']): string | undefined {
  if (level === 'normal') return undefined;
  const worst = status?.budgets.find((budget) => budget.level === level);
  if (!worst) return `An AI budget ${levelWords[level]}.`;
  const whose = worst.scope === 'organisation' ? "The organisation's" : 'Your';
  const period = worst.period === 'day' ? 'daily' : 'monthly';
  return `${whose} ${period} AI budget ${levelWords[level]} ($${worst.spentUsd.toFixed(2)} of $${worst.limitUsd.toFixed(2)}).`;
}

function sessionView(session: BackendSession, budget: BackendBudgetStatus | undefined): SessionView {
  const view: SessionView = {
    email: session.email,
    role: session.role,
    budgetLevel: session.budgetLevel,
    providerConfigured: session.provider.configured,
  };
  const message = budgetMessage(budget, session.budgetLevel);
  if (message) view.budgetMessage = message;
  if (session.provider.configured) view.defaultModel = session.provider.defaultModel;
  else view.setupHint = session.provider.setupHint;
  return view;
}

/** Everything the sidebar shows when it opens: the document's tags, its configuration, the user's drafts. */
export function sidebarState(dependencies: SidebarStateDependencies): SidebarState {
  const { document } = dependencies;
  const documentId = document.getId();
  let backend: BackendState;
  let template: TemplateView = neverSavedTemplate;
  let models: ModelChoice[] = [];
  let connections: ConnectionChoice[] = [];
  let tokenPolicy: OutputTokenPolicy | undefined;
  try {
    const client = dependencies.backend();
    const reads = client.readSidebarOpening(documentId);
    const session = reads.session();
    // The exact budget is fetched only when it matters, to keep the sidebar quick to open.
    const budget = session.budgetLevel === 'normal' ? undefined : client.getBudget();
    backend = { reachable: true, session: sessionView(session, budget) };
    template = templateViewOf(reads.template);
    const modelList = reads.models();
    models = modelList.models
      .filter((model) => model.allowed && model.connected)
      .map((model) => ({ provider: model.provider, model: model.id, displayName: model.displayName, complexity: model.complexity }));
    tokenPolicy = tokenPolicyOf(modelList);
    connections = modelList.connections.map(({ id, provider, name }) => ({ id, provider, name }));
  } catch (error) {
    backend = { reachable: false, error: error instanceof Error ? error.message : String(error) };
  }
  return {
    documentId,
    documentName: document.getName(),
    scan: scanDocument(document),
    backend,
    template,
    models,
    connections,
    ...(tokenPolicy ? { tokenPolicy } : {}),
    fieldValues: dependencies.fieldValues,
    drafts: dependencies.drafts,
  };
}

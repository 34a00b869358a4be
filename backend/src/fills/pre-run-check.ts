import type { Caller } from '../platform/http/caller';
import { customisedCatalogOf } from '../ai/models/model-catalog';
import { dayOf } from '../ai/models/model-lifecycle';
import { resolveTemplate } from '../templates/resolve-template';
import { checkFill, type CheckedFill } from './check-fill';
import type { FillDependencies } from './fill-dependencies';
import type { FillRequest } from './fill-request';

export type PreRunCheckDependencies = Pick<FillDependencies, 'templates' | 'settings' | 'budgetStatus' | 'models' | 'connections' | 'now'>;

export interface PreRunCheck extends CheckedFill {
  /** The configuration that applies (the document's own, or the template's it was copied from); undefined when none was saved. */
  template: Awaited<ReturnType<typeof resolveTemplate>>;
}

/**
 * The one judge of whether a fill can start (SPEC.md section 5): every problem at once, before any model is
 * called. The add-on adds only what the backend cannot see (the document's own malformed tags and parts).
 */
export async function preRunCheck(caller: Caller, request: FillRequest, dependencies: PreRunCheckDependencies): Promise<PreRunCheck> {
  const now = dependencies.now ?? Date.now;
  const [template, settings, budget, connectionDefault, available] = await Promise.all([
    resolveTemplate(dependencies.templates, caller.organisationId, request.documentId),
    dependencies.settings.get(caller.organisationId),
    dependencies.budgetStatus(caller.organisationId, caller.userId),
    // A stored key that cannot be opened is reported by the fill itself, not here.
    dependencies.connections.defaultModel(caller.organisationId).catch(() => undefined),
    // The connections a tag may have chosen (from the resolver's short cache); availability never throws.
    dependencies.connections.availability(caller.organisationId),
  ]);
  const checked = checkFill(
    request,
    template?.content,
    settings,
    customisedCatalogOf(dependencies.models, settings),
    dayOf(now()),
    connectionDefault,
    available.connections,
  );
  const exhausted = budget.budgets.find((entry) => entry.level === 'exhausted');
  if (exhausted) {
    const whose = exhausted.scope === 'organisation' ? "The organisation's" : 'Your';
    checked.problems.push({
      tag: '*',
      code: 'budget_exhausted',
      message: `${whose} ${exhausted.period === 'day' ? 'daily' : 'monthly'} AI budget ($${exhausted.limitUsd}) is used up; ask an admin to raise it.`,
    });
  }
  return { template, ...checked };
}

import { budgetStatusResponse, sessionResponse } from '../../../contracts/session';
import { isAdmin } from '../platform/http/caller';
import type { ConnectionResolver } from '../ai/connections/connection-resolver';
import type { BudgetStatusReader } from '../ai/budget/budget-status';
import { defineRoute, json, type Route } from '../platform/http/define-route';

/** What the sidebar needs to know about the signed-in user before a fill. */
export function createSessionRoutes(connections: ConnectionResolver, budgetStatus: BudgetStatusReader): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/session',
      operationId: 'getSession',
      summary: 'The signed-in user, their role and whether an AI provider is connected',
      tag: 'session',
      access: 'member',
      response: {
        status: 200,
        description: 'The session',
        schema: sessionResponse,
      },
      async handle({ caller }) {
        // availability, not defaultModel: a connection whose stored key cannot be decrypted is "not configured" here, with a hint saying why.
        const [available, budget] = await Promise.all([
          connections.availability(caller.organisationId),
          budgetStatus(caller.organisationId, caller.userId),
        ]);
        const defaultModel = available.defaultModel;
        return json({
          email: caller.email,
          organisationId: caller.organisationId,
          role: caller.role,
          budgetLevel: budget.level,
          provider: defaultModel
            ? { configured: true, id: defaultModel.provider, defaultModel: defaultModel.model }
            : { configured: false, setupHint: (isAdmin(caller) && available.adminSetupHint) || available.setupHint },
        });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/budget',
      operationId: 'getBudgetStatus',
      summary: "Where each budget that applies to you stands: the organisation's and your own, today and this month",
      tag: 'session',
      access: 'member',
      response: { status: 200, description: 'Spent, reserved and level per budget', schema: budgetStatusResponse },
      async handle({ caller }) {
        return json(await budgetStatus(caller.organisationId, caller.userId));
      },
    }),
  ];
}

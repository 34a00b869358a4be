import { costReportSubscriptionRequest, costReportSubscriptionView } from '../../../contracts/reports';
import { defineRoute, json, type Route } from '../platform/http/define-route';
import type { CostReportSubscriptionsRepository } from './cost-report-subscriptions-repository';

export interface ReportRoutesDependencies {
  subscriptions: CostReportSubscriptionsRepository;
  /** Why no report can be sent (no SMTP_URL), or undefined. */
  unavailable: string | undefined;
  now?: () => Date;
}

/** An admin's own choice of cost reports by e-mail: a preference of theirs, kept server-side. */
export function createReportRoutes(dependencies: ReportRoutesDependencies): Route[] {
  const now = dependencies.now ?? (() => new Date());
  const unavailable = dependencies.unavailable ?? null;
  return [
    defineRoute({
      method: 'get',
      path: '/v1/reports/subscription',
      operationId: 'getCostReportSubscription',
      summary: 'Whether you receive the daily and the weekly cost report by e-mail',
      tag: 'reports',
      access: 'admin',
      response: { status: 200, description: 'Your choice', schema: costReportSubscriptionView },
      async handle({ caller }) {
        const stored = await dependencies.subscriptions.get(caller.organisationId, caller.userId);
        return json({ daily: stored?.daily ?? false, weekly: stored?.weekly ?? false, email: caller.email, unavailable });
      },
    }),
    defineRoute({
      method: 'put',
      path: '/v1/reports/subscription',
      operationId: 'setCostReportSubscription',
      summary: 'Choose the daily and the weekly cost report by e-mail, sent to your sign-in address',
      tag: 'reports',
      access: 'admin',
      body: costReportSubscriptionRequest,
      response: { status: 200, description: 'Your choice, as stored', schema: costReportSubscriptionView },
      async handle({ caller, body }) {
        await dependencies.subscriptions.put({
          organisationId: caller.organisationId,
          userId: caller.userId,
          daily: body.daily,
          weekly: body.weekly,
          updatedAt: now(),
        });
        return json({ daily: body.daily, weekly: body.weekly, email: caller.email, unavailable });
      },
    }),
  ];
}

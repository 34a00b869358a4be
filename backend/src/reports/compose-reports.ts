import type { BudgetStatusReader } from '../ai/budget/budget-status';
import type { EmailSender } from '../alerts/alert-notifier';
import type { MembersRepository } from '../members/members-repository';
import type { Firestore } from '../platform/firestore/connect-firestore';
import type { Logger } from '../platform/logger';
import type { TemplatesRepository } from '../templates/templates-repository';
import type { UsageRepository } from '../usage/usage-repository';
import { createCostReportScheduler, type CostReportScheduler } from './cost-report-scheduler';
import { createCostReportSender, type CostReportSender } from './cost-report-sender';
import { createCostReportSendsRepository } from './cost-report-sends-repository';
import { createCostReportSubscriptionsRepository, type CostReportSubscriptionsRepository } from './cost-report-subscriptions-repository';

export interface ComposedReports {
  subscriptions: CostReportSubscriptionsRepository;
  sender: CostReportSender;
  /** Started by the running server (`startBackgroundWork`); composing starts no timer. */
  scheduler: CostReportScheduler;
}

export interface ComposeReportsOptions {
  firestore: Firestore;
  members: MembersRepository;
  usage: UsageRepository;
  budgetStatus: BudgetStatusReader;
  templates: TemplatesRepository;
  emailSender: EmailSender | undefined;
  logger?: Logger | undefined;
  now?: () => Date;
}

export function composeReports(options: ComposeReportsOptions): ComposedReports {
  const subscriptions = createCostReportSubscriptionsRepository(options.firestore);
  const sender = createCostReportSender({
    subscriptions,
    sends: createCostReportSendsRepository(options.firestore),
    members: options.members,
    usage: options.usage,
    budgetStatus: options.budgetStatus,
    templates: options.templates,
    emailSender: options.emailSender,
    logger: options.logger,
    now: options.now,
  });
  return { subscriptions, sender, scheduler: createCostReportScheduler(sender, { logger: options.logger }) };
}

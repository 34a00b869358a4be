import { costReportKinds, type CostReportKind } from '../../../contracts/reports';
import type { BudgetStatusReader } from '../ai/budget/budget-status';
import type { UsageRecord } from '../ai/ledger/ledger-types';
import { EmailSendError, type EmailSender } from '../alerts/alert-notifier';
import type { MembersRepository } from '../members/members-repository';
import type { Logger } from '../platform/logger';
import type { TemplatesRepository } from '../templates/templates-repository';
import type { UsageRepository } from '../usage/usage-repository';
import { buildCostReport, type CostReport } from './build-cost-report';
import { costReportMessage } from './cost-report-message';
import type { CostReportSendKey, CostReportSendsRepository } from './cost-report-sends-repository';
import type { CostReportSubscription, CostReportSubscriptionsRepository } from './cost-report-subscriptions-repository';
import { reportPeriodsAt, type ReportPeriod } from './report-periods';

export interface CostReportSenderOptions {
  subscriptions: CostReportSubscriptionsRepository;
  sends: CostReportSendsRepository;
  members: MembersRepository;
  usage: UsageRepository;
  budgetStatus: BudgetStatusReader;
  templates: TemplatesRepository;
  /** The alerts' SMTP sender; without one (no SMTP_URL) nothing is sent and nothing is marked. */
  emailSender: EmailSender | undefined;
  logger?: Logger | undefined;
  now?: () => Date;
}

export interface CostReportSender {
  /** Sends every due report whose marker this instance creates first; answers how many it sent. */
  sendDue(): Promise<number>;
  /** The admin CLI: this period's report to the organisation's subscribers of the kind, now, whatever was sent before. */
  sendNow(organisationId: string, kind: CostReportKind): Promise<{ recipients: string[]; failed: string[] }>;
  readonly unavailable: string | undefined;
}

/** The last line of every report: why it came, and how to stop it. */
export const costReportFooter =
  'You receive this because you chose cost reports in the AI Template Fill add-on; untick them in Admin settings → Budgets & alerts.';

const isAdminRole = (role: string) => role === 'owner' || role === 'admin';

/**
 * Cost reports by e-mail (issue 21, item 3): per subscribed admin, once per period, however many instances
 * run the schedule, because each send is claimed by creating its marker first (FACTS.md: no transactions).
 * The figures are those of the usage records, summarised as the dashboard does.
 */
export function createCostReportSender(options: CostReportSenderOptions): CostReportSender {
  const now = options.now ?? (() => new Date());
  const unavailable = options.emailSender ? undefined : 'no SMTP_URL configured';

  async function recordsOf(organisationId: string, period: ReportPeriod): Promise<UsageRecord[]> {
    const records: UsageRecord[] = [];
    await options.usage.scan(organisationId, { from: period.from, to: period.to, userId: undefined }, (page) => records.push(...page));
    return records;
  }

  async function reportFor(organisationId: string, kind: CostReportKind, at: Date, userId: string): Promise<CostReport> {
    const { current, previous } = reportPeriodsAt(kind, at);
    const [currentRecords, previousRecords, status] = await Promise.all([
      recordsOf(organisationId, current),
      recordsOf(organisationId, previous),
      options.budgetStatus(organisationId, userId, at),
    ]);
    const templateNames = new Map<string, string>();
    const templateIds = new Set(currentRecords.flatMap((record) => (record.templateId ? [record.templateId] : [])));
    await Promise.all(
      [...templateIds].map(async (templateId) => {
        const name = (await options.templates.current(organisationId, templateId))?.content?.name;
        if (name) templateNames.set(templateId, name);
      }),
    );
    return buildCostReport({
      organisationId,
      kind,
      current,
      previous,
      currentRecords,
      previousRecords,
      budgets: status.budgets,
      templateNames,
    });
  }

  /** The admin's address, or undefined when they are no longer an admin of the organisation. */
  async function adminEmail(subscription: CostReportSubscription): Promise<string | undefined> {
    const member = await options.members.get(subscription.organisationId, subscription.userId);
    return member && !member.removed && isAdminRole(member.role) ? member.email : undefined;
  }

  async function deliver(key: CostReportSendKey, email: string, report: CostReport): Promise<boolean> {
    const message = costReportMessage(report);
    try {
      await options.emailSender!.send({ to: [email], subject: message.subject, text: `${message.text}\n\n${costReportFooter}\n` });
      await options.sends.recordOutcome(key, { status: 'sent', detail: null, at: now() });
      return true;
    } catch (error) {
      // The sender's words are safe to store; anything else could quote the server or the addresses.
      const detail = error instanceof EmailSendError ? error.detail : 'the mail server refused or could not be reached';
      await options.sends.recordOutcome(key, { status: 'failed', detail, at: now() });
      options.logger?.warn({ organisationId: key.organisationId, userId: key.userId, kind: key.kind, detail }, 'cost report not sent');
      return false;
    }
  }

  return {
    unavailable,
    async sendDue() {
      if (!options.emailSender) return 0;
      const at = now();
      let sent = 0;
      for (const kind of costReportKinds) {
        const periodKey = reportPeriodsAt(kind, at).current.from;
        // One report per organisation and run, shared by its admins.
        const reports = new Map<string, Promise<CostReport>>();
        for (const subscription of await options.subscriptions.subscribedTo(kind)) {
          const email = await adminEmail(subscription);
          if (!email) continue;
          const key: CostReportSendKey = { organisationId: subscription.organisationId, userId: subscription.userId, kind, periodKey };
          if (!(await options.sends.claim(key, at))) continue;
          let report = reports.get(subscription.organisationId);
          if (!report) {
            report = reportFor(subscription.organisationId, kind, at, subscription.userId);
            reports.set(subscription.organisationId, report);
          }
          if (await deliver(key, email, await report)) sent += 1;
        }
      }
      if (sent > 0) options.logger?.info({ sent }, 'cost reports sent');
      return sent;
    },
    async sendNow(organisationId, kind) {
      if (!options.emailSender) throw new Error('Cost reports cannot be sent: no SMTP_URL configured.');
      const at = now();
      const recipients: string[] = [];
      const failed: string[] = [];
      const subscribers = (await options.subscriptions.subscribedTo(kind)).filter((entry) => entry.organisationId === organisationId);
      let report: CostReport | undefined;
      for (const subscription of subscribers) {
        const email = await adminEmail(subscription);
        if (!email) continue;
        // Its own marker, so the record of what was sent stays whole; the scheduled one for the period still goes.
        const key: CostReportSendKey = { organisationId, userId: subscription.userId, kind, periodKey: `manual-${at.toISOString()}` };
        if (!(await options.sends.claim(key, at))) continue;
        report ??= await reportFor(organisationId, kind, at, subscription.userId);
        if (await deliver(key, email, report)) recipients.push(email);
        else failed.push(email);
      }
      return { recipients, failed };
    },
  };
}

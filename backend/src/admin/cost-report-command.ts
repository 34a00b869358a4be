import type { CostReportKind } from '../../../contracts/reports';
import { createBudgetStatusReader } from '../ai/budget/budget-status';
import { createLedgerRepository } from '../ai/ledger/ledger-repository';
import { createAiSettingsRepository } from '../ai/settings/ai-settings-repository';
import { createSmtpEmailSender } from '../alerts/smtp-email-sender';
import { createMembersRepository } from '../members/members-repository';
import type { Config } from '../platform/config';
import type { Firestore } from '../platform/firestore/connect-firestore';
import { composeReports } from '../reports/compose-reports';
import { createTemplatesRepository } from '../templates/templates-repository';
import { createUsageRepository } from '../usage/usage-repository';

/** `send-cost-report`: the service's own report sender, over Firestore directly, sending through SMTP_URL. */
export function sendCostReportNow(firestore: Firestore, config: Config, organisationId: string, kind: CostReportKind) {
  if (!config.SMTP_URL) throw new Error('set SMTP_URL (and ALERT_EMAIL_FROM) to the mail relay the service uses; no report was sent.');
  const reports = composeReports({
    firestore,
    members: createMembersRepository(firestore),
    usage: createUsageRepository(firestore),
    budgetStatus: createBudgetStatusReader(
      createAiSettingsRepository(firestore),
      createLedgerRepository(firestore, { shards: config.BUDGET_COUNTER_SHARDS }),
    ),
    templates: createTemplatesRepository(firestore),
    emailSender: createSmtpEmailSender({ url: config.SMTP_URL, from: config.ALERT_EMAIL_FROM }),
  });
  return reports.sender.sendNow(organisationId, kind);
}

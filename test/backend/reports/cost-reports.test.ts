import { createServer as createNetServer, type AddressInfo } from 'node:net';
import request from 'supertest';
import { startOpenAIServer, type ProviderServer } from '../../../harness/provider-servers';
import { createBudgetStatusReader } from '../../../backend/src/ai/budget/budget-status';
import { createLedgerRepository } from '../../../backend/src/ai/ledger/ledger-repository';
import { createAiSettingsRepository } from '../../../backend/src/ai/settings/ai-settings-repository';
import { createSmtpEmailSender } from '../../../backend/src/alerts/smtp-email-sender';
import { createMembersRepository } from '../../../backend/src/members/members-repository';
import { composeReports, type ComposedReports } from '../../../backend/src/reports/compose-reports';
import { createTemplatesRepository } from '../../../backend/src/templates/templates-repository';
import { createUsageRepository } from '../../../backend/src/usage/usage-repository';
import { runAdminCommand } from '../../../backend/src/admin/admin-cli';
import { startSmtpServer, type ReceivedMail, type SmtpTestServer } from '../../support/smtp-test-server';
import { developmentBearer, startTestBackend, type TestBackend } from '../../support/test-backend';

/**
 * Daily and weekly cost reports by e-mail: real fills through the OpenAI stand-in make the usage records, two
 * report senders (two instances) share one Firestore and send through nodemailer to a real SMTP server.
 */

jest.setTimeout(60_000);

const organisationId = 'domain:reports.example';
const owner = developmentBearer({ sub: 'report-owner', email: 'olga@reports.example', hd: 'reports.example' });
const second = developmentBearer({ sub: 'report-admin', email: 'adam@reports.example', hd: 'reports.example' });
const member = developmentBearer({ sub: 'report-member', email: 'mia@reports.example', hd: 'reports.example' });

const dayMs = 86_400_000;
const today = new Date().toISOString().slice(0, 10);
const yesterday = new Date(Date.now() - dayMs).toISOString().slice(0, 10);
/** The reports are sent "tomorrow", so the daily one covers today against yesterday. */
const tomorrowMorning = new Date(Date.parse(`${today}T00:00:00Z`) + dayMs + 8 * 3_600_000);

/** The report's money format, from whole nano-dollars, written here independently of the sender. */
const usd = (nano: number) => `$${(Math.round(nano / 1000) / 1_000_000).toFixed(6)}`;

/** The plain-text body of a single-part message, quoted-printable decoded byte by byte (UTF-8). */
function bodyOf(mail: ReceivedMail): string {
  const split = mail.raw.indexOf('\r\n\r\n');
  const quotedPrintable = /content-transfer-encoding: quoted-printable/i.test(mail.raw.slice(0, split));
  const body = mail.raw.slice(split + 4);
  if (!quotedPrintable) return body.replace(/\r\n/g, '\n');
  const soft = body.replace(/=\r\n/g, '');
  const bytes: number[] = [];
  for (let index = 0; index < soft.length; index += 1) {
    const hex = soft[index] === '=' ? soft.slice(index + 1, index + 3) : '';
    if (/^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      index += 2;
    } else bytes.push(...Buffer.from(soft[index]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8').replace(/\r\n/g, '\n');
}
const subjectOf = (mail: ReceivedMail) => /\r\nSubject: ([^\r]*)/i.exec(`\r\n${mail.raw}`)?.[1] ?? '';

describe('cost reports by e-mail', () => {
  let provider: ProviderServer;
  let smtp: SmtpTestServer;
  let backend: TestBackend;
  const instances: ComposedReports[] = [];
  let todayRecords: {
    costNanoDollars: number;
    status: string;
    servedModel: string;
    provider: string;
    templateId: string | null;
    errorCode: string | null;
  }[] = [];
  const yesterdayCostNanoDollars = 2_500_000;

  const instance = (options: { smtpPort?: number; now?: Date } = {}) => {
    const firestore = backend.firestore.firestore;
    const reports = composeReports({
      firestore,
      members: createMembersRepository(firestore),
      usage: createUsageRepository(firestore),
      budgetStatus: createBudgetStatusReader(createAiSettingsRepository(firestore), createLedgerRepository(firestore)),
      templates: createTemplatesRepository(firestore),
      emailSender: createSmtpEmailSender({
        url: `smtp://127.0.0.1:${options.smtpPort ?? smtp.port}`,
        from: 'Reports <reports@reports.example>',
        timeoutMs: 2000,
      }),
      now: () => options.now ?? tomorrowMorning,
    });
    instances.push(reports);
    return reports;
  };

  beforeAll(async () => {
    provider = await startOpenAIServer();
    smtp = await startSmtpServer();
    backend = await startTestBackend({
      OPENAI_API_KEY: 'sk-test-reports',
      OPENAI_BASE_URL: provider.baseUrl,
      OPENAI_DEFAULT_MODEL: 'gpt-6-luna',
      AI_REQUEST_TIMEOUT_MS: '5000',
      AI_RETRY_BASE_DELAY_MS: '1',
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
    });
    // The owner arrives first; the second person is made an admin, the third stays a member.
    expect((await request(backend.app).get('/v1/session').set('authorization', owner)).status).toBe(200);
    expect((await request(backend.app).get('/v1/session').set('authorization', second)).status).toBe(200);
    expect((await request(backend.app).get('/v1/session').set('authorization', member)).status).toBe(200);
    const promoted = await request(backend.app).patch('/v1/members/report-admin').set('authorization', owner).send({ role: 'admin' });
    expect(promoted.status).toBe(200);

    const settings = await request(backend.app).get('/v1/settings').set('authorization', owner);
    const saved = await request(backend.app)
      .put('/v1/settings')
      .set('authorization', owner)
      .send({
        baseVersion: settings.body.version,
        settings: { ...settings.body.settings, budgets: { ...settings.body.settings.budgets, organisation: { monthlyUsd: 100 } } },
      });
    expect(saved.status).toBe(200);
    const template = await request(backend.app)
      .put('/v1/templates/report-tpl')
      .set('authorization', owner)
      .send({
        baseVersion: 0,
        template: {
          name: 'Quarterly letter',
          tags: { intro: { prompt: 'Intro for {{client}}.' }, outro: { prompt: 'Outro for {{client}}.' } },
        },
      });
    expect(template.status).toBe(200);
    // Two fills today; the second's outro is refused by the provider (an empty answer is billed and recorded as an error).
    for (const [client, fails] of [
      ['Acme', false],
      ['Globex', true],
    ] as const) {
      if (fails) provider.enqueue({ kind: 'reply', text: 'Hello Globex' }, { kind: 'empty' });
      const fill = await request(backend.app)
        .post('/v1/fills')
        .set('authorization', owner)
        .send({ documentId: 'report-tpl', fieldValues: { client }, tags: [{ name: 'intro' }, { name: 'outro' }] });
      expect(fill.status).toBe(200);
    }
    await backend.drain();
    const records = await request(backend.app)
      .get('/v1/usage/records')
      .query({ from: today, to: today, scope: 'organisation', limit: 100 })
      .set('authorization', owner);
    expect(records.status).toBe(200);
    todayRecords = records.body.records;
    expect(todayRecords.some((record) => record.status === 'error')).toBe(true);
    // Yesterday's spend, to compare with: one record written as the usage writer writes them.
    const createdAt = new Date(`${yesterday}T12:00:00.000Z`);
    await backend.firestore.firestore
      .collection('orgs')
      .doc(organisationId)
      .collection('usage')
      .doc('yesterday-1')
      .set({
        id: 'yesterday-1',
        organisationId,
        userId: 'report-owner',
        templateId: 'report-tpl',
        fillId: 'old-fill',
        tag: 'intro',
        requestId: 'old-fill:intro',
        attempt: 1,
        provider: todayRecords[0]!.provider,
        requestedProvider: todayRecords[0]!.provider,
        requestedModel: 'gpt-6-luna',
        servedModel: 'gpt-6-luna',
        inputTokens: 100,
        cachedInputTokens: 0,
        outputTokens: 50,
        usageEstimated: false,
        costNanoDollars: yesterdayCostNanoDollars,
        costUsd: yesterdayCostNanoDollars / 1e9,
        latencyMs: 100,
        cached: false,
        status: 'success',
        errorCode: null,
        keyId: null,
        createdAt,
        sortKey: `${createdAt.toISOString()}|yesterday-1`,
        day: yesterday,
        month: yesterday.slice(0, 7),
      });
  });

  afterAll(async () => {
    for (const reports of instances) reports.scheduler.stop();
    await backend?.close();
    await smtp?.close();
    await provider?.close();
  });

  it('keeps each admin’s choice server-side, refuses members and says what to fix in bad input', async () => {
    const before = await request(backend.app).get('/v1/reports/subscription').set('authorization', owner);
    expect(before.status).toBe(200);
    expect(before.body).toEqual({ daily: false, weekly: false, email: 'olga@reports.example', unavailable: null });

    const chosen = await request(backend.app)
      .put('/v1/reports/subscription')
      .set('authorization', owner)
      .send({ daily: true, weekly: true });
    expect(chosen.status).toBe(200);
    expect(
      (await request(backend.app).put('/v1/reports/subscription').set('authorization', second).send({ daily: true, weekly: false })).status,
    ).toBe(200);
    const after = await request(backend.app).get('/v1/reports/subscription').set('authorization', owner);
    expect(after.body).toMatchObject({ daily: true, weekly: true });
    const stored = await backend.firestore.firestore.collection('costReportSubscriptions').where('userId', '==', 'report-owner').get();
    expect(stored.docs.map((document) => document.data())).toEqual([
      expect.objectContaining({ organisationId, userId: 'report-owner', daily: true, weekly: true }),
    ]);

    const refused = await request(backend.app)
      .put('/v1/reports/subscription')
      .set('authorization', member)
      .send({ daily: true, weekly: true });
    expect(refused.status).toBe(403);
    const bad = await request(backend.app).put('/v1/reports/subscription').set('authorization', owner).send({ daily: 'yes' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/daily/);
  });

  it('two instances send each admin one daily report whose figures are the usage records’', async () => {
    const [first, secondInstance] = [instance(), instance()];
    const sent = await Promise.all([first.sender.sendDue(), secondInstance.sender.sendDue()]);
    // The owner's daily and weekly reports and the second admin's daily one, each by exactly one instance.
    expect(sent[0] + sent[1]).toBe(3);
    expect(smtp.mails).toHaveLength(3);

    const daily = smtp.mails.filter((mail) => subjectOf(mail).startsWith('Daily'));
    expect(daily.map((mail) => mail.recipients).sort()).toEqual([['adam@reports.example'], ['olga@reports.example']]);
    const weekly = smtp.mails.filter((mail) => subjectOf(mail).startsWith('Weekly'));
    expect(weekly.map((mail) => mail.recipients)).toEqual([['olga@reports.example']]);
    expect(smtp.mails.every((mail) => mail.from === 'reports@reports.example')).toBe(true);

    const total = todayRecords.reduce((sum, record) => sum + record.costNanoDollars, 0);
    expect(total).toBeGreaterThan(0);
    const text = bodyOf(daily[0]!);
    // The empty answer was billed and retried: a failed attempt, not a failed request.
    const failure = todayRecords.find((record) => record.status === 'error')!;
    expect(text).toContain(`Daily AI cost report for ${organisationId}, ${today} (UTC).`);
    expect(text).toMatch(new RegExp(`Total: \\${usd(total)} in 4 requests \\(0 failed\\)`));
    const difference = total - yesterdayCostNanoDollars;
    const percent = Math.round((difference / yesterdayCostNanoDollars) * 100);
    expect(text).toContain(
      `Change against ${yesterday}: ${difference >= 0 ? '+' : '-'}${usd(Math.abs(difference))} (${percent >= 0 ? '+' : ''}${percent}%), was ${usd(yesterdayCostNanoDollars)}`,
    );
    const model = `${failure.provider}:${failure.servedModel}`;
    expect(text).toContain(
      `By model:\n  ${model}: ${usd(total)} in 4 requests, ${difference >= 0 ? '+' : '-'}${usd(Math.abs(difference))} (${percent >= 0 ? '+' : ''}${percent}%)`,
    );
    expect(text).toContain(`Quarterly letter (report-tpl): ${usd(total)} in 4 requests`);
    expect(text).toContain(`Top failures:\n  ${failure.provider} ${failure.servedModel}: ${failure.errorCode}, 1 attempt`);
    // The month's organisation budget, as the spend counters (written with the same usage records) hold it.
    if (tomorrowMorning.toISOString().slice(0, 7) === today.slice(0, 7))
      expect(text).toContain(`Month ${today.slice(0, 7)}: ${usd(total)} of $100.00`);
    expect(text).toContain('untick them in Admin settings → Budgets & alerts');

    // Later runs of either instance send nothing more for these periods.
    expect(await first.sender.sendDue()).toBe(0);
    expect(await secondInstance.sender.sendDue()).toBe(0);
    expect(smtp.mails).toHaveLength(3);
    // One marker per admin and period, each recording its outcome.
    const markers = await backend.firestore.firestore.collection('costReportSends').where('organisationId', '==', organisationId).get();
    expect(
      markers.docs.map((document) => document.data()).map(({ userId, kind, periodKey, status }) => ({ userId, kind, periodKey, status })),
    ).toEqual(
      expect.arrayContaining([
        { userId: 'report-admin', kind: 'daily', periodKey: today, status: 'sent' },
        { userId: 'report-owner', kind: 'daily', periodKey: today, status: 'sent' },
      ]),
    );
    expect(markers.size).toBe(3);
  });

  it('records a report the mail server did not take as failed, in words safe to show, and does not send it twice', async () => {
    const server = createNetServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    // The day after: a new daily period, whose report cannot reach the (closed) mail server.
    const later = new Date(tomorrowMorning.getTime() + dayMs);
    const unreachable = instance({ smtpPort: port, now: later });
    const before = smtp.mails.length;
    expect(await unreachable.sender.sendDue()).toBe(0);
    const day = new Date(later.getTime() - dayMs).toISOString().slice(0, 10);
    const markers = await backend.firestore.firestore.collection('costReportSends').where('periodKey', '==', day).get();
    expect(markers.docs.map((document) => document.data()).filter((marker) => marker.kind === 'daily')).toEqual([
      expect.objectContaining({ status: 'failed', detail: 'the mail server could not be reached' }),
      expect.objectContaining({ status: 'failed', detail: 'the mail server could not be reached' }),
    ]);
    // Claimed once: a working instance does not send that period again (at most once, and the failure is on record).
    expect(await instance({ now: later }).sender.sendDue()).toBe(0);
    expect(smtp.mails.length).toBe(before);
  });

  it('sends one now from the admin CLI, and not to someone who is no longer an admin', async () => {
    const demoted = await request(backend.app).patch('/v1/members/report-admin').set('authorization', owner).send({ role: 'member' });
    expect(demoted.status).toBe(200);
    const saved = { ...process.env };
    Object.assign(process.env, {
      AUTH_MODE: 'development',
      FIRESTORE_EMULATOR_HOST: backend.firestore.host ?? '',
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      KEY_ENCRYPTION_KEYS: `kek-a:${Buffer.alloc(32, 1).toString('base64')}`,
    });
    const lines: string[] = [];
    const bad: string[] = [];
    try {
      const code = await runAdminCommand(['send-cost-report', '--organisation', organisationId, '--kind', 'daily'], (line) =>
        lines.push(line),
      );
      expect(code).toBe(0);
      expect(
        await runAdminCommand(['send-cost-report', '--organisation', organisationId, '--kind', 'hourly'], (line) => bad.push(line)),
      ).toBe(1);
    } finally {
      process.env = saved;
    }
    expect(bad.join('\n')).toContain('give --kind daily or --kind weekly');
    expect(lines).toEqual([`Sent the daily cost report of ${organisationId} to olga@reports.example.`]);
    expect(smtp.mails).toHaveLength(4);
    expect(smtp.mails[3]!.recipients).toEqual(['olga@reports.example']);
    expect(subjectOf(smtp.mails[3]!)).toMatch(/^Daily AI cost report: \$/);
  });
});

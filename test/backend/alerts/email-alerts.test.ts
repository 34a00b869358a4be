import { randomBytes } from 'node:crypto';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import request from 'supertest';
import { createBudgetAlertsRepository } from '../../../backend/src/alerts/budget-alerts-repository';
import type { BudgetAlert } from '../../../backend/src/ai/budget/budget-alerts';
import { createAiSettingsRepository } from '../../../backend/src/ai/settings/ai-settings-repository';
import { emailFooter } from '../../../backend/src/alerts/alert-notifier';
import { composeAlerts, type ComposedAlerts } from '../../../backend/src/alerts/compose-alerts';
import { createSmtpEmailSender } from '../../../backend/src/alerts/smtp-email-sender';
import { keyRingFromConfig } from '../../../backend/src/keys/key-ring-from-config';
import { createLogger } from '../../../backend/src/platform/logger';
import { startSmtpServer as startSmtp, type SmtpTestServer } from '../../support/smtp-test-server';
import { developmentBearer, startTestBackend, type TestBackend } from '../../support/test-backend';

/**
 * E-mail alerts through nodemailer against a real SMTP server (smtp-server) on 127.0.0.1, without TLS. The
 * relay's password is a random canary that must never come back out: not in a response, a log line or a
 * stored document.
 */

jest.setTimeout(60_000);

const organisationId = 'domain:mail.example';
const owner = developmentBearer({ sub: 'mail-owner', email: 'olga@mail.example', hd: 'mail.example' });
const smtpUser = 'alerts-relay';
const smtpPassword = `Pw${randomBytes(24).toString('base64url').replace(/[-_]/g, 'Q')}`;
const addresses = ['finance@mail.example', 'cto@mail.example'];

/** The relay these tests send through: its login is the canary user and password. */
const startSmtpServer = (port?: number): Promise<SmtpTestServer> =>
  startSmtp({ ...(port === undefined ? {} : { port }), credentials: { user: smtpUser, password: smtpPassword } });

/** A port nothing listens on (taken, then released). */
async function closedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Headers (unfolded) and the decoded plain-text body of a simple single-part message. */
function parseMail(raw: string): { headers: Record<string, string>; body: string } {
  const split = raw.indexOf('\r\n\r\n');
  const headerText = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of headerText.split('\r\n')) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = raw.slice(split + 4);
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  if (encoding === 'quoted-printable') {
    const soft = body.replace(/=\r\n/g, '');
    const bytes: number[] = [];
    for (let index = 0; index < soft.length; index += 1) {
      const hex = soft[index] === '=' ? soft.slice(index + 1, index + 3) : '';
      if (/^[0-9A-F]{2}$/i.test(hex)) {
        bytes.push(parseInt(hex, 16));
        index += 2;
      } else {
        bytes.push(...Buffer.from(soft[index]!, 'utf8'));
      }
    }
    body = Buffer.from(bytes).toString('utf8');
  } else if (encoding === 'base64') {
    body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  }
  return { headers, body: body.replace(/\r\n/g, '\n') };
}

describe('e-mail alerts over SMTP', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let backend: TestBackend;
  let deliveringInstance: ComposedAlerts;
  const responses: string[] = [];
  const instanceLogs: string[] = [];
  const smtpUrl = (port: number) => `smtp://${smtpUser}:${encodeURIComponent(smtpPassword)}@127.0.0.1:${port}`;
  const instances: ComposedAlerts[] = [];

  const call = async (method: 'get' | 'put' | 'post', path: string, body?: object) => {
    let pending = request(backend.app)[method](path).set('authorization', owner);
    if (body !== undefined) pending = pending.send(body);
    const response = await pending;
    responses.push(`${method} ${path} ${response.status} ${JSON.stringify(response.headers)} ${response.text}`);
    return response;
  };

  /** Another instance of the alert domain on the same Firestore, sending through `url`, logging at trace level. */
  const instanceSendingTo = (url: string) => {
    const instance = composeAlerts({
      firestore: backend.firestore.firestore,
      ring: keyRingFromConfig(backend.config),
      settings: createAiSettingsRepository(backend.firestore.firestore, { cacheMs: 0 }),
      emailSender: createSmtpEmailSender({ url, from: backend.config.ALERT_EMAIL_FROM }),
      logger: createLogger({
        level: 'trace',
        destination: new Writable({
          write(chunk: Buffer, _encoding, done) {
            instanceLogs.push(
              ...chunk
                .toString('utf8')
                .split('\n')
                .filter((line) => line.length > 0),
            );
            done();
          },
        }),
      }),
    });
    instances.push(instance);
    return instance;
  };

  const raise = async (alert: BudgetAlert) => {
    const reference = { organisationId, collection: 'budgetAlerts' as const, id: '' };
    await createBudgetAlertsRepository(backend.firestore.firestore, { onRaised: (raised) => (reference.id = raised.id) }).raise(alert);
    expect(reference.id).not.toBe('');
    return reference;
  };
  const stored = async (reference: { id: string }) =>
    (await backend.firestore.firestore.doc(`orgs/${organisationId}/budgetAlerts/${reference.id}`).get()).data()!;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    backend = await startTestBackend(
      { SMTP_URL: smtpUrl(smtp.port), ALERT_EMAIL_FROM: 'Acme Alerts <alerts@mail.example>', LOG_LEVEL: 'trace' },
      { captureLogs: true },
    );
    deliveringInstance = instanceSendingTo(smtpUrl(smtp.port));
    expect((await call('get', '/v1/session')).body.role).toBe('owner');
    const current = await call('get', '/v1/settings');
    const saved = await call('put', '/v1/settings', {
      baseVersion: current.body.version,
      settings: { ...current.body.settings, alerts: { emails: addresses } },
    });
    expect(saved.status).toBe(200);
  });
  afterAll(async () => {
    for (const instance of instances) await instance.deliverer.drain();
    await backend?.close();
    await smtp?.close();
  });

  it('shows e-mail as available once SMTP_URL is set', async () => {
    const list = await call('get', '/v1/alerts');
    expect(list.body.channels.email).toEqual({ addresses, unavailable: null });
  });

  it('sends a test alert from the backend through SMTP_URL, authenticated with its user name and password', async () => {
    const response = await call('post', '/v1/alerts/test', {});
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ ok: true, channels: [{ channel: 'email', status: 'sent' }] });
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.authAttempts).toEqual([{ user: smtpUser, passwordMatched: true }]);
    const [mail] = smtp.mails;
    expect(mail).toMatchObject({ from: 'alerts@mail.example', recipients: addresses, user: smtpUser });
    const { headers, body } = parseMail(mail!.raw);
    expect(headers.subject).toBe('Test alert for mail.example');
    expect(headers.from).toBe('Acme Alerts <alerts@mail.example>');
    expect(body).toContain('Test alert for mail.example, sent by olga@mail.example');
    smtp.mails.length = 0;
  });

  it('delivers a budget alert once, in one message to both addresses, with the alert as subject and body', async () => {
    const alert: BudgetAlert = {
      organisationId,
      scope: 'org',
      period: 'm:2026-11',
      level: 'alert',
      usedNanoDollars: 41_000_000_000,
      limitNanoDollars: 50_000_000_000,
    };
    const reference = await raise(alert);
    await Promise.all([deliveringInstance.deliverer.deliver(reference), deliveringInstance.deliverer.deliver(reference)]);
    await deliveringInstance.deliverer.sweep();
    await deliveringInstance.deliverer.deliver(reference);
    await deliveringInstance.deliverer.drain();

    expect(smtp.mails).toHaveLength(1);
    const [mail] = smtp.mails;
    expect(mail!.recipients).toEqual(addresses);
    const { headers, body } = parseMail(mail!.raw);
    expect(headers.to).toBe('finance@mail.example, cto@mail.example');
    expect(headers.subject).toBe('Budget alert for mail.example: organisation monthly budget for 2026-11 at 82 %');
    expect(headers['content-type']).toMatch(/^text\/plain; charset=utf-8/i);
    expect(body).toBe(
      `Budget alert for mail.example: organisation monthly budget for 2026-11 at 82 % ($41.00 of $50.00). Raise it in Admin settings → Budgets.\n\n${emailFooter}\n`,
    );
    expect(body).toContain('Admin settings → Alerts');
    expect(await stored(reference)).toMatchObject({
      delivered: true,
      attempts: 1,
      deliveryError: null,
      channels: [{ channel: 'email', status: 'sent' }],
    });
    smtp.mails.length = 0;
  });

  it('records a delivery error when the mail server cannot be reached, and retries it like a failed Google Chat post', async () => {
    const port = await closedPort();
    const failing = instanceSendingTo(smtpUrl(port));
    const alert: BudgetAlert = {
      organisationId,
      scope: 'user:u-7',
      period: 'd:2026-11-23',
      level: 'critical',
      usedNanoDollars: 9_600_000_000,
      limitNanoDollars: 10_000_000_000,
    };
    const reference = await raise(alert);
    await failing.deliverer.deliver(reference);

    let document = await stored(reference);
    expect(document).toMatchObject({
      delivered: false,
      attempts: 1,
      undeliverable: null,
      deliveryError: 'email: the mail server could not be reached',
    });
    expect(document.channels).toEqual([{ channel: 'email', status: 'failed', detail: 'the mail server could not be reached' }]);
    const outbox = backend.firestore.firestore.collection('alertOutbox').doc(`${organisationId}~budgetAlerts~${reference.id}`);
    expect((await outbox.get()).exists).toBe(true);
    const listed = await call('get', '/v1/alerts');
    expect(listed.body.alerts.find((entry: { id: string }) => entry.id === reference.id)).toMatchObject({
      status: 'retrying',
      deliveryError: 'email: the mail server could not be reached',
    });

    // The relay comes back on the same address; the retry sends the one message.
    const revived = await startSmtpServer(port);
    try {
      await failing.deliverer.deliver(reference);
      document = await stored(reference);
      expect(document).toMatchObject({
        delivered: true,
        attempts: 2,
        deliveryError: null,
        channels: [{ channel: 'email', status: 'sent' }],
      });
      expect(revived.mails).toHaveLength(1);
      expect(revived.mails[0]!.recipients).toEqual(addresses);
      expect(parseMail(revived.mails[0]!.raw).headers.subject).toBe(
        'Budget critical for mail.example: per-user (user u-7) daily budget for 2026-11-23 at 96 %',
      );
      expect((await outbox.get()).exists).toBe(false);
      await failing.deliverer.deliver(reference);
      expect(revived.mails).toHaveLength(1);
    } finally {
      await revived.close();
    }
    expect(smtp.mails).toHaveLength(0);
  });

  it('records a refused password as a delivery error without quoting it', async () => {
    const wrong = instanceSendingTo(`smtp://${smtpUser}:${encodeURIComponent(`${smtpPassword}x`)}@127.0.0.1:${smtp.port}`);
    const reference = await raise({
      organisationId,
      scope: 'org',
      period: 'd:2026-11-24',
      level: 'exhausted',
      usedNanoDollars: 10,
      limitNanoDollars: 10,
    });
    await wrong.deliverer.deliver(reference);
    const document = await stored(reference);
    expect(document).toMatchObject({
      delivered: false,
      deliveryError: expect.stringMatching(/^email: the mail server refused the user name or password of SMTP_URL \(SMTP 535\)$/),
    });
    expect(smtp.mails).toHaveLength(0);
  });

  it('never put the SMTP password in a response, a log line or a stored document', async () => {
    await backend.drain();
    for (const instance of instances) await instance.deliverer.drain();
    const forms = [
      smtpPassword,
      encodeURIComponent(smtpPassword),
      Buffer.from(smtpPassword).toString('base64'),
      Buffer.from(`\u0000${smtpUser}\u0000${smtpPassword}`).toString('base64'),
    ];
    const leaks = (source: string, text: string) => forms.filter((form) => text.includes(form)).map(() => source);
    expect(responses.length).toBeGreaterThan(5);
    expect(responses.flatMap((text, index) => leaks(`response ${index}`, text))).toEqual([]);
    expect(backend.logLines.length).toBeGreaterThan(5);
    expect(instanceLogs.some((line) => line.includes('alert delivery'))).toBe(true);
    expect([...backend.logLines, ...instanceLogs].flatMap((line, index) => leaks(`log line ${index}`, line))).toEqual([]);
    const paths = await backend.firestore.listDocumentPaths!();
    const stored: string[] = [];
    for (const path of paths)
      stored.push(...leaks(path, JSON.stringify((await backend.firestore.firestore.doc(path).get()).data() ?? null)));
    expect(stored).toEqual([]);
  });
});

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSmtpEmailSender } from '../../backend/src/alerts/smtp-email-sender';
import { readMessage, startLocalMailbox, type LocalMail, type LocalMailbox } from '../../harness/local-mailbox';

/**
 * npm start's mailbox, fed by the backend's own SMTP sender (nodemailer over real SMTP): what an admin reads of a
 * cost report or an alert in the terminal and in the saved .eml file.
 */
describe('the local mailbox of npm start', () => {
  let mailbox: LocalMailbox;
  let folder: string;
  const told: LocalMail[] = [];

  beforeAll(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'local-mailbox-'));
    mailbox = await startLocalMailbox({ folder, onMail: (mail) => told.push(mail) });
  });
  afterAll(() => mailbox.close());

  it('receives what the backend sends, decodes its subject and text, and saves it as an .eml file', async () => {
    const sender = createSmtpEmailSender({ url: mailbox.smtpUrl, from: 'AI Template Fill <alerts@fill.example>' });
    // Non-ASCII and a long line make nodemailer encode both the subject and the body.
    const text = `Spend yesterday: $12.34 — ${'openai:gpt-6-luna $10.00 · '.repeat(8)}\nBudget used: 49 %.`;
    await sender.send({ to: ['ana@example.com', 'bo@example.com'], subject: 'Daily cost report — example.com: €12', text });

    expect(mailbox.mails).toHaveLength(1);
    const [mail] = mailbox.mails;
    expect(mail).toMatchObject({
      from: 'alerts@fill.example',
      to: ['ana@example.com', 'bo@example.com'],
      subject: 'Daily cost report — example.com: €12',
      text,
    });
    expect(told).toEqual([mail]);
    expect(mail!.file && path.dirname(mail!.file)).toBe(folder);
    expect(readMessage(readFileSync(mail!.file!, 'utf8'))).toEqual({ subject: mail!.subject, text });
  });

  it('reads base64 bodies and folded headers as mail programs write them', () => {
    const raw = [
      'From: a@example.com',
      'Subject: =?UTF-8?B?Q29zdCByZXBvcnQg4oCU?=',
      ' weekly',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('Line one\r\nLine two ✓').toString('base64'),
    ].join('\r\n');
    expect(readMessage(raw)).toEqual({ subject: 'Cost report — weekly', text: 'Line one\nLine two ✓' });
  });
});

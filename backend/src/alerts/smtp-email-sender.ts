import { createTransport } from 'nodemailer';
import { EmailSendError, type EmailSender } from './alert-notifier';
import { parseEmailFrom, smtpConnectionOf } from './smtp-settings';

export interface SmtpEmailSenderOptions {
  /** SMTP_URL, already validated by config.ts. */
  url: string;
  /** ALERT_EMAIL_FROM. */
  from: string;
  /** Connecting, the greeting and each later step; an alert never waits on a silent server for long. */
  timeoutMs?: number;
}

/** Words an admin can act on; never the server's own text, which can quote addresses or the user name. */
function describeFailure(error: unknown, timeoutMs: number): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const responseCode = typeof error === 'object' && error !== null ? (error as { responseCode?: unknown }).responseCode : undefined;
  const smtp = typeof responseCode === 'number' ? ` (SMTP ${responseCode})` : '';
  switch (code) {
    case 'ETIMEDOUT':
      return `the mail server did not answer within ${Math.round(timeoutMs / 1000)} s`;
    case 'ECONNECTION':
    case 'ESOCKET':
    case 'EDNS':
      return 'the mail server could not be reached';
    case 'ETLS':
      return 'TLS with the mail server failed (does it offer STARTTLS, or should SMTP_URL be smtps://?)';
    case 'EAUTH':
      return `the mail server refused the user name or password of SMTP_URL${smtp}`;
    case 'ENOAUTH':
      return 'the mail server wants a user name and password in SMTP_URL';
    case 'EENVELOPE':
      return `the mail server refused the sender or the recipients${smtp}`;
    default:
      return `the mail server refused the message${smtp}`;
  }
}

/**
 * Sends alert e-mails through the relay of SMTP_URL with nodemailer: one plain-text message per alert, all
 * the organisation's addresses as recipients. A new connection per message (alerts are rare); failures
 * become an `EmailSendError` whose words are safe to store and show.
 */
export function createSmtpEmailSender(options: SmtpEmailSenderOptions): EmailSender {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const connection = smtpConnectionOf(options.url);
  const transport = createTransport({
    host: connection.host,
    port: connection.port,
    secure: connection.secure,
    requireTLS: connection.requireTLS,
    ...(connection.auth ? { auth: connection.auth } : {}),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    dnsTimeout: timeoutMs,
    // nodemailer's own logging would print the SMTP conversation, the AUTH exchange included.
    logger: false,
    debug: false,
  });
  const from = parseEmailFrom(options.from);
  return {
    async send(email) {
      try {
        await transport.sendMail({ from, to: [...email.to], subject: email.subject, text: email.text });
      } catch (error) {
        throw new EmailSendError(describeFailure(error, timeoutMs));
      }
    },
  };
}

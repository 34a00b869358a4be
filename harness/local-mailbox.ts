import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';

/** A message as the local mailbox keeps it: enough to read a cost report or an alert. */
export interface LocalMail {
  receivedAt: string;
  from: string | undefined;
  to: string[];
  subject: string;
  text: string;
  /** The .eml file it was saved to, when the mailbox has a folder. */
  file: string | undefined;
}

export interface LocalMailbox {
  /** What the backend's SMTP_URL is set to: plain SMTP on loopback, no password. */
  smtpUrl: string;
  mails: LocalMail[];
  close(): Promise<void>;
}

/** RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`), which nodemailer uses for non-ASCII subjects. */
function decodeWords(value: string): string {
  // Space between two encoded words is folding, not text (RFC 2047 section 6.2).
  return value
    .replace(/(=\?[^?]+\?[QqBb]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_match, _charset: string, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(decodeQuotedPrintable(text.replace(/_/g, ' ')), 'latin1').toString('utf8'),
    );
}

/** Quoted-printable (RFC 2045) to bytes held in a latin1 string; soft line breaks joined. */
function decodeQuotedPrintable(text: string): string {
  return text.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Subject and plain-text body of a single-part message, as the backend's senders make them (nodemailer, `text` only). */
export function readMessage(raw: string): { subject: string; text: string } {
  const split = raw.search(/\r?\n\r?\n/);
  const head = split < 0 ? raw : raw.slice(0, split);
  const body = split < 0 ? '' : raw.slice(split).replace(/^\r?\n\r?\n/, '');
  // Folded header lines continue with whitespace.
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const text =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? Buffer.from(decodeQuotedPrintable(body), 'latin1').toString('utf8')
        : body;
  return { subject: decodeWords(headers.get('subject') ?? ''), text: text.replace(/\r\n/g, '\n').trimEnd() };
}

/**
 * A mail server for `npm start`: the backend's e-mail alerts and cost reports go to it instead of the world, each is
 * told to `onMail` (the terminal) and, given a folder, saved as an .eml file to open in any mail program. Loopback
 * only; it accepts any sender and recipient, as a development mail catcher does.
 */
export async function startLocalMailbox(options: { folder?: string; onMail?: (mail: LocalMail) => void } = {}): Promise<LocalMailbox> {
  const mails: LocalMail[] = [];
  if (options.folder) mkdirSync(options.folder, { recursive: true });
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const { subject, text } = readMessage(raw);
        const receivedAt = new Date().toISOString();
        let file: string | undefined;
        if (options.folder) {
          const name = `${receivedAt.replace(/[:.]/g, '-')}-${subject.replace(/[^\w-]+/g, '-').slice(0, 60)}.eml`;
          file = path.join(options.folder, name);
          writeFileSync(file, raw);
        }
        const mail: LocalMail = {
          receivedAt,
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
          to: session.envelope.rcptTo.map((recipient) => recipient.address),
          subject,
          text,
          file,
        };
        mails.push(mail);
        options.onMail?.(mail);
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    smtpUrl: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string | undefined;
  recipients: string[];
  user: string | undefined;
  raw: string;
}

export interface SmtpTestServer {
  port: number;
  mails: ReceivedMail[];
  authAttempts: { user: string; passwordMatched: boolean }[];
  close(): Promise<void>;
}

/**
 * A real SMTP server: no TLS, AUTH PLAIN/LOGIN allowed in the clear (loopback only), authentication optional;
 * a login must match `credentials` when it is given.
 */
export async function startSmtpServer(
  options: { port?: number; credentials?: { user: string; password: string } } = {},
): Promise<SmtpTestServer> {
  const mails: ReceivedMail[] = [];
  const authAttempts: { user: string; passwordMatched: boolean }[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      const passwordMatched =
        options.credentials !== undefined && auth.username === options.credentials.user && auth.password === options.credentials.password;
      authAttempts.push({ user: auth.username ?? '', passwordMatched });
      if (!passwordMatched) return callback(new Error('Invalid username or password'));
      callback(null, { user: auth.username });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
          recipients: session.envelope.rcptTo.map((recipient) => recipient.address),
          user: typeof session.user === 'string' ? session.user : undefined,
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.server.address() as AddressInfo).port,
    mails,
    authAttempts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

import { isIP } from 'node:net';
import { z } from 'zod';
import { parsedUrl } from '../platform/parsed-url';

/**
 * SMTP_URL and ALERT_EMAIL_FROM, validated at start-up (config.ts). The URL's password is a secret: no message
 * here quotes the value back, so a configuration error never prints it.
 */

export const smtpUrlSchema = z.string().superRefine((value, context) => {
  const fail = (message: string) => context.addIssue({ code: 'custom', message });
  const url = parsedUrl(value.trim());
  if (!url)
    return fail(
      'write the mail relay as smtp://user:password@host:587 or smtps://user:password@host:465 (percent-encode special characters in the password)',
    );
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:')
    return fail('the scheme must be smtp:// (STARTTLS) or smtps:// (TLS from the start)');
  if (!url.hostname) return fail('the URL names no mail server host');
  if (url.pathname !== '' && url.pathname !== '/') return fail('the URL has no path: smtp://user:password@host:port');
  if (url.search || url.hash) return fail('the URL takes no ?query or #fragment: smtp://user:password@host:port');
  if (url.password && !url.username) return fail('the URL has a password but no user name');
  try {
    decodeURIComponent(url.username);
    decodeURIComponent(url.password);
  } catch {
    return fail('the user name or password is not valid percent-encoding');
  }
});

/** `Name <address@host>` or `address@host`; no line breaks (they would inject headers). */
const fromPattern = /^(?:([^<>"\r\n\t]{1,100}?)\s*<([^<>\s@"]{1,64}@[^<>\s@"]{1,190})>|([^<>\s@"]{1,64}@[^<>\s@"]{1,190}))$/;

export const defaultAlertEmailFrom = 'AI Template Fill <alerts@localhost>';

export const alertEmailFromSchema = z
  .string()
  .trim()
  .regex(fromPattern, 'write the sender as "Name <address@example.com>" or address@example.com');

export function parseEmailFrom(value: string): { name: string; address: string } {
  const match = fromPattern.exec(value.trim());
  if (!match) throw new RangeError('ALERT_EMAIL_FROM is not a sender address');
  return match[3] !== undefined ? { name: '', address: match[3] } : { name: (match[1] ?? '').trim(), address: match[2] ?? '' };
}

export interface SmtpConnection {
  host: string;
  port: number;
  /** TLS from the first byte (smtps://); otherwise STARTTLS when offered, or required (see `requireTLS`). */
  secure: boolean;
  /** Never send a password in the clear to another machine: STARTTLS is then mandatory. */
  requireTLS: boolean;
  auth: { user: string; pass: string } | undefined;
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

/** The connection a valid SMTP_URL describes. */
export function smtpConnectionOf(value: string): SmtpConnection {
  const url = new URL(value.trim());
  const secure = url.protocol === 'smtps:';
  const auth = url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined;
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    requireTLS: !secure && auth !== undefined && !isLoopback(url.hostname),
    auth,
  };
}

import { deliveryUrl, googleChatOrigin } from './google-chat-webhook';

export type AlertChannel = 'google-chat' | 'email';

export interface AlertMessage {
  /** One line, for an e-mail subject. */
  subject: string;
  text: string;
}

/**
 * What one channel did with one message. `failed` is worth retrying; `undeliverable` is not (nothing to send
 * with), and says why so an admin can fix it instead of wondering where the alert went.
 */
export interface ChannelResult {
  channel: AlertChannel;
  status: 'sent' | 'failed' | 'undeliverable';
  /** Safe to show: never holds the webhook, a token or an address list. */
  detail?: string;
}

export interface AlertNotifier {
  readonly channel: AlertChannel;
  send(message: AlertMessage): Promise<ChannelResult>;
}

export interface GoogleChatNotifierOptions {
  webhook: string;
  /** Tests point this at a local server; production always posts to Google Chat. */
  baseUrl?: string | undefined;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** Posts `{ text }` to a Google Chat incoming webhook. Outcomes are reported in words that never quote the URL. */
export function createGoogleChatNotifier(options: GoogleChatNotifierOptions): AlertNotifier {
  const send = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    channel: 'google-chat',
    async send(message) {
      let response: Response;
      try {
        response = await send(deliveryUrl(options.webhook, options.baseUrl ?? googleChatOrigin), {
          method: 'POST',
          headers: { 'content-type': 'application/json; charset=UTF-8' },
          body: JSON.stringify({ text: message.text }),
          signal: AbortSignal.timeout(timeoutMs),
          redirect: 'error',
        });
      } catch (error) {
        // fetch's own errors can name the URL, so only their kind is kept.
        const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
        return {
          channel: 'google-chat',
          status: 'failed',
          detail: timedOut ? `Google Chat did not answer within ${Math.round(timeoutMs / 1000)} s` : 'Google Chat could not be reached',
        };
      }
      await response.body?.cancel().catch(() => undefined);
      if (response.ok) return { channel: 'google-chat', status: 'sent' };
      const hint =
        response.status === 401 || response.status === 403 || response.status === 404
          ? ': the webhook was probably deleted or its space removed; set a new one in Admin settings → Alerts'
          : '';
      return { channel: 'google-chat', status: 'failed', detail: `Google Chat answered HTTP ${response.status}${hint}` };
    },
  };
}

/** Sends one plain-text e-mail; the SMTP implementation is smtp-email-sender.ts. */
export interface EmailSender {
  send(email: { to: readonly string[]; subject: string; text: string }): Promise<void>;
}

/** A failed send, in words safe to store and show (no address list, no credentials, no server text). */
export class EmailSendError extends Error {
  constructor(readonly detail: string) {
    super(detail);
    this.name = 'EmailSendError';
  }
}

/** The last line of every alert e-mail: the recipients are organisation settings, not a subscription. */
export const emailFooter =
  'You receive this because your address is listed for alerts in the AI Template Fill add-on; admins change the addresses in Admin settings → Alerts.';

/**
 * E-mail to the organisation's alert addresses: one message per alert with every address as a recipient.
 * Without a sender (no SMTP_URL configured) an alert is recorded as undeliverable by e-mail, so it is visible
 * in the alert list rather than silently dropped; a failed send is `failed` and retried like Google Chat.
 */
export function createEmailNotifier(sender: EmailSender | undefined, addresses: readonly string[]): AlertNotifier {
  return {
    channel: 'email',
    async send(message) {
      if (!sender) return { channel: 'email', status: 'undeliverable', detail: 'no SMTP_URL configured' };
      try {
        await sender.send({ to: addresses, subject: message.subject, text: `${message.text}\n\n${emailFooter}\n` });
        return { channel: 'email', status: 'sent' };
      } catch (error) {
        return {
          channel: 'email',
          status: 'failed',
          detail: error instanceof EmailSendError ? error.detail : 'the mail server refused or could not be reached',
        };
      }
    },
  };
}

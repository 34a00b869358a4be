import { createHash } from 'node:crypto';
import { googleChatOrigin, googleChatWebhookSchema } from '../../../contracts/alerts';

// Which webhook URLs are accepted is part of the add-on <-> backend contract: contracts/alerts.ts.
export { googleChatOrigin, googleChatWebhookSchema };

/** What a person sees instead of the webhook: its `key` and `token` query parameters are the secret. */
export const maskedGoogleChatWebhook = `${googleChatOrigin}/v1/spaces/XXXX/messages`;

/** Tells two webhooks apart without revealing either. */
export function webhookFingerprint(url: string): string {
  return `sha256:${createHash('sha256').update(url).digest('hex').slice(0, 12)}`;
}

/**
 * Where a stored webhook is actually sent: its own URL, or the same path and query on a test server
 * (GOOGLE_CHAT_WEBHOOK_BASE_URL, refused in production by config.ts).
 */
export function deliveryUrl(webhook: string, baseUrl: string = googleChatOrigin): string {
  const url = new URL(webhook);
  return `${baseUrl.replace(/\/+$/, '')}${url.pathname}${url.search}`;
}

import { createHash } from 'node:crypto';
import { z } from 'zod';
import { parsedUrl } from '../platform/parsed-url';

export const googleChatOrigin = 'https://chat.googleapis.com';
/** What a person sees instead of the webhook: its `key` and `token` query parameters are the secret. */
export const maskedGoogleChatWebhook = `${googleChatOrigin}/v1/spaces/XXXX/messages`;

const spaceMessagesPath = /^\/v1\/spaces\/[A-Za-z0-9_-]{1,100}\/messages$/;

/**
 * Only Google Chat's own incoming-webhook URLs: anything else would let an admin make the server post to an
 * address of their choosing (server-side request forgery), which the provider base-URL guard (keys/base-url.ts)
 * only narrows; here the one host is fixed. Messages say what to fix and never quote the URL back.
 */
export const googleChatWebhookSchema = z
  .string()
  .trim()
  .max(2000, 'a Google Chat webhook URL is shorter than 2000 characters')
  .superRefine((value, context) => {
    const url = parsedUrl(value);
    const fail = (message: string) => context.addIssue({ code: 'custom', message });
    if (!url)
      return fail(
        `paste the whole webhook URL from Google Chat (Apps & integrations → Webhooks), starting with ${googleChatOrigin}/v1/spaces/`,
      );
    if (url.protocol !== 'https:' || url.hostname.toLowerCase() !== 'chat.googleapis.com' || url.port !== '')
      return fail(`only Google Chat webhooks are accepted: the URL must start with ${googleChatOrigin}/`);
    if (url.username || url.password) return fail('a Google Chat webhook URL has no user name or password');
    if (!spaceMessagesPath.test(url.pathname))
      return fail(`the URL must look like ${googleChatOrigin}/v1/spaces/SPACE_ID/messages?key=…&token=…`);
    if (!url.searchParams.get('key') || !url.searchParams.get('token'))
      return fail('the URL lacks its key or token parameter: copy the whole webhook URL from Google Chat');
    if (url.hash) return fail('remove the # part of the URL');
  });

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

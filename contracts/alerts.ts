import { z } from 'zod';
import { parsedUrl } from './common';

export const googleChatOrigin = 'https://chat.googleapis.com';

const spaceMessagesPath = /^\/v1\/spaces\/[A-Za-z0-9_-]{1,100}\/messages$/;

/**
 * Only Google Chat's own incoming-webhook URLs: anything else would let an admin make the server post to an
 * address of their choosing (server-side request forgery), which the provider base-URL guard (connections.ts)
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

/** PUT /v1/alerts/google-chat. */
export const googleChatWebhookRequest = z.strictObject({ url: googleChatWebhookSchema });

/** GET /v1/alerts. */
export const alertListQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(50) });

/** POST /v1/alerts/test takes no input. */
export const testAlertRequest = z.strictObject({}).optional();

export const channelResult = z.object({
  channel: z.enum(['google-chat', 'email']),
  status: z.enum(['sent', 'failed', 'undeliverable']),
  detail: z.string().optional(),
});
export type ChannelResult = z.infer<typeof channelResult>;

/** The Google Chat webhook is write-only: whether one is set, masked, and its fingerprint; never the URL. */
export const googleChatView = z.object({
  configured: z.boolean(),
  /** Never the webhook itself: its key and token are the secret. */
  url: z.string().nullable(),
  fingerprint: z.string().nullable(),
  configuredAt: z.string().nullable(),
  configuredBy: z.string().nullable(),
});
export type GoogleChatView = z.infer<typeof googleChatView>;

export const alertView = z.object({
  id: z.string(),
  kind: z.enum(['budget', 'errors_spike', 'slow_model', 'provider_down']),
  level: z.string().nullable(),
  text: z.string(),
  raisedAt: z.string().nullable(),
  status: z.enum(['pending', 'retrying', 'delivered', 'failed', 'undeliverable']),
  delivered: z.boolean(),
  deliveredAt: z.string().nullable(),
  attempts: z.number(),
  channels: z.array(channelResult),
  deliveryError: z.string().nullable(),
  undeliverable: z.string().nullable(),
});
export type AlertView = z.infer<typeof alertView>;

/** GET /v1/alerts: the channels and the most recent alerts, newest first. */
export const alertListResponse = z.object({
  channels: z.object({
    googleChat: googleChatView,
    email: z.object({ addresses: z.array(z.string()), unavailable: z.string().nullable() }),
  }),
  alerts: z.array(alertView),
});
export type AlertListResponse = z.infer<typeof alertListResponse>;

/** POST /v1/alerts/test: what each channel did (a failing channel is still an answer: the test ran). */
export const testAlertResponse = z.object({ ok: z.boolean(), message: z.string(), channels: z.array(channelResult) });
export type TestAlertResponse = z.infer<typeof testAlertResponse>;

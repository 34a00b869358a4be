import {
  alertListQuery,
  alertListResponse,
  googleChatView,
  googleChatWebhookRequest,
  testAlertRequest,
  testAlertResponse,
  type AlertView,
  type GoogleChatView,
} from '../../../contracts/alerts';
import type { AuditLog } from '../audit/audit-log';
import type { AiSettingsRepository } from '../ai/settings/ai-settings-repository';
import { defineRoute, json, noContent, type Route } from '../platform/http/define-route';
import { HttpProblem, problemTypeBase } from '../platform/problem';
import type { AlertChannels } from './alert-channels';
import { defaultMaxAttempts, messageOfAlert } from './alert-deliverer';
import { testAlertMessage } from './alert-message';
import type { AlertsRepository, StoredAlert, StoredGoogleChatChannel } from './alerts-repository';
import { maskedGoogleChatWebhook } from './google-chat-webhook';

export interface AlertRoutesDependencies {
  repository: AlertsRepository;
  channels: AlertChannels;
  settings: AiSettingsRepository;
  audit: AuditLog;
  now?: () => number;
}

function viewOfGoogleChat(channel: StoredGoogleChatChannel | undefined): GoogleChatView {
  if (!channel) return { configured: false, url: null, fingerprint: null, configuredAt: null, configuredBy: null };
  return {
    configured: true,
    url: maskedGoogleChatWebhook,
    fingerprint: channel.fingerprint,
    configuredAt: channel.configuredAt.toISOString(),
    configuredBy: channel.configuredBy,
  };
}

/** What the audit log keeps of a webhook: that there is one, and which (by fingerprint). */
const auditOfGoogleChat = (channel: StoredGoogleChatChannel | undefined) =>
  channel ? { url: maskedGoogleChatWebhook, fingerprint: channel.fingerprint } : null;

function statusOf(alert: StoredAlert): AlertView['status'] {
  if (alert.delivered && !alert.deliveryError) return 'delivered';
  if (alert.undeliverable) return 'undeliverable';
  if (alert.attempts >= defaultMaxAttempts) return alert.delivered ? 'delivered' : 'failed';
  return alert.attempts > 0 ? 'retrying' : 'pending';
}

function viewOfAlert(alert: StoredAlert): AlertView {
  const stored = alert.content.kind;
  const kind: AlertView['kind'] = stored === 'errors_spike' || stored === 'slow_model' || stored === 'provider_down' ? stored : 'budget';
  return {
    id: alert.reference.id,
    kind,
    level: typeof alert.content.level === 'string' ? alert.content.level : null,
    text: messageOfAlert(alert)?.text ?? '',
    raisedAt: alert.raisedAt?.toISOString() ?? null,
    status: statusOf(alert),
    delivered: alert.delivered,
    deliveredAt: alert.deliveredAt?.toISOString() ?? null,
    attempts: alert.attempts,
    channels: alert.channels,
    deliveryError: alert.deliveryError,
    undeliverable: alert.undeliverable,
  };
}

/** Alert channels (the sealed Google Chat webhook), recent alerts with their delivery, and a test send. */
/** Test alerts an organisation may send per window: enough to check a channel, too few to relay mail. */
const testSendsPerWindow = 5;
const testSendWindowMs = 10 * 60_000;

export function createAlertRoutes(dependencies: AlertRoutesDependencies): Route[] {
  const { channels } = dependencies;
  const now = dependencies.now ?? Date.now;
  // Per instance, like the other limits: a handful more across instances still relays nothing.
  const testSends = new Map<string, number[]>();
  const admitTestSend = (organisationId: string) => {
    const at = now();
    const recent = (testSends.get(organisationId) ?? []).filter((sentAt) => at - sentAt < testSendWindowMs);
    if (recent.length >= testSendsPerWindow) {
      const retryAfterSeconds = Math.ceil(((recent[0] as number) + testSendWindowMs - at) / 1000);
      throw new HttpProblem({
        status: 429,
        type: `${problemTypeBase}rate-limited`,
        title: 'Too many test alerts',
        detail: `Your organisation sent ${testSendsPerWindow} test alerts in the last ${testSendWindowMs / 60_000} minutes; try again in ${retryAfterSeconds} s.`,
        headers: { 'retry-after': String(retryAfterSeconds) },
      });
    }
    recent.push(at);
    testSends.set(organisationId, recent);
  };
  return [
    defineRoute({
      method: 'get',
      path: '/v1/alerts',
      operationId: 'listAlerts',
      summary: 'Recent budget and error-spike alerts with their delivery status, and the configured channels',
      tag: 'alerts',
      access: 'admin',
      query: alertListQuery,
      response: {
        status: 200,
        description: 'The channels and the most recent alerts, newest first',
        schema: alertListResponse,
      },
      async handle({ caller, query }) {
        const [chat, settings, alerts] = await Promise.all([
          channels.getGoogleChat(caller.organisationId),
          dependencies.settings.get(caller.organisationId),
          dependencies.repository.listRecent(caller.organisationId, query.limit),
        ]);
        return json({
          channels: {
            googleChat: viewOfGoogleChat(chat),
            email: {
              addresses: settings.alerts.emails,
              unavailable: settings.alerts.emails.length > 0 ? (channels.emailUnavailable ?? null) : null,
            },
          },
          alerts: alerts.map(viewOfAlert),
        });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/alerts/test',
      operationId: 'sendTestAlert',
      summary: 'Send a test message to every configured alert channel and say what each did',
      tag: 'alerts',
      access: 'admin',
      body: testAlertRequest,
      response: {
        status: 200,
        description: 'What each channel did (a failing channel is still a 200: the test ran)',
        schema: testAlertResponse,
      },
      async handle({ caller }) {
        const settings = (await dependencies.settings.get(caller.organisationId)).alerts;
        const notifiers = await channels.notifiers(caller.organisationId, settings);
        if (notifiers.length > 0) admitTestSend(caller.organisationId);
        if (notifiers.length === 0) {
          return json({
            ok: false,
            message: 'No alert channel is configured: add a Google Chat webhook or e-mail addresses first.',
            channels: [],
          });
        }
        const message = testAlertMessage(caller.organisationId, caller.email);
        const results = await Promise.all(notifiers.map((notifier) => notifier.send(message)));
        const ok = results.every((result) => result.status === 'sent');
        return json({
          ok,
          message: ok ? 'The test alert was sent to every channel.' : 'Some channels did not take the test alert; see each channel.',
          channels: results,
        });
      },
    }),
    defineRoute({
      method: 'put',
      path: '/v1/alerts/google-chat',
      operationId: 'setGoogleChatWebhook',
      summary: 'Set the Google Chat incoming webhook alerts are posted to; it is encrypted and never shown again',
      tag: 'alerts',
      access: 'admin',
      body: googleChatWebhookRequest,
      response: { status: 200, description: 'The channel as shown from now on (masked URL and fingerprint)', schema: googleChatView },
      async handle({ caller, body }) {
        const before = await channels.getGoogleChat(caller.organisationId);
        const after = await channels.setGoogleChat(caller.organisationId, body.url, caller.email);
        await dependencies.audit.record(caller, {
          action: 'alerts.google-chat.set',
          target: 'alertChannels/googleChat',
          before: auditOfGoogleChat(before),
          after: auditOfGoogleChat(after),
        });
        return json(viewOfGoogleChat(after));
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/v1/alerts/google-chat',
      operationId: 'removeGoogleChatWebhook',
      summary: 'Stop posting alerts to Google Chat and delete the encrypted webhook',
      tag: 'alerts',
      access: 'admin',
      response: { status: 204, description: 'Removed (also when none was set)' },
      async handle({ caller }) {
        const before = await channels.getGoogleChat(caller.organisationId);
        if (!before) return noContent;
        await channels.removeGoogleChat(caller.organisationId);
        await dependencies.audit.record(caller, {
          action: 'alerts.google-chat.remove',
          target: 'alertChannels/googleChat',
          before: auditOfGoogleChat(before),
        });
        return noContent;
      },
    }),
  ];
}

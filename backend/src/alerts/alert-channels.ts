import { randomUUID } from 'node:crypto';
import { openSecret, rewrapSecret, sealSecret, SecretDecryptionError } from '../keys/envelope-encryption';
import type { KeyRing } from '../keys/key-encryption-key';
import { createEmailNotifier, createGoogleChatNotifier, type AlertNotifier, type EmailSender } from './alert-notifier';
import type { AlertSettings } from '../organisation-settings/alert-settings';
import type { AlertsRepository, StoredGoogleChatChannel } from './alerts-repository';
import { webhookFingerprint } from './google-chat-webhook';

export interface AlertChannels {
  /** Every channel the organisation has set up, ready to send; empty when it has none. */
  notifiers(organisationId: string, settings: AlertSettings): Promise<AlertNotifier[]>;
  setGoogleChat(organisationId: string, webhook: string, configuredBy: string): Promise<StoredGoogleChatChannel>;
  removeGoogleChat(organisationId: string): Promise<void>;
  getGoogleChat(organisationId: string): Promise<StoredGoogleChatChannel | undefined>;
  /**
   * Re-wraps every organisation's sealed webhook under the ring's current key-encryption key (admin rotate-kek),
   * so retiring the old key does not silence the alerts; answers how many were visited and re-wrapped.
   */
  rewrapAll(): Promise<{ visited: number; rewrapped: number }>;
  /** Why e-mail cannot be sent, or undefined when it can. */
  readonly emailUnavailable: string | undefined;
}

export interface AlertChannelsOptions {
  repository: AlertsRepository;
  ring: KeyRing;
  emailSender?: EmailSender | undefined;
  googleChatBaseUrl?: string | undefined;
  timeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => Date;
}

/** A stored webhook that cannot be opened sends nothing and says so, rather than failing the whole delivery. */
function unopenableGoogleChat(detail: string, retryable: boolean): AlertNotifier {
  return { channel: 'google-chat', send: async () => ({ channel: 'google-chat', status: retryable ? 'failed' : 'undeliverable', detail }) };
}

/**
 * The organisation's alert channels. The Google Chat webhook is sealed like a provider key (envelope
 * encryption bound to the organisation and the record id) and opened only to send.
 */
export function createAlertChannels(options: AlertChannelsOptions): AlertChannels {
  const now = options.now ?? (() => new Date());
  const { repository, ring } = options;
  return {
    emailUnavailable: options.emailSender ? undefined : 'no SMTP_URL configured',
    async notifiers(organisationId, settings) {
      const notifiers: AlertNotifier[] = [];
      const chat = await repository.getGoogleChat(organisationId);
      if (chat) {
        try {
          const webhook = await openSecret(chat.sealedWebhook, { organisationId, recordId: chat.recordId }, ring);
          notifiers.push(
            createGoogleChatNotifier({ webhook, baseUrl: options.googleChatBaseUrl, timeoutMs: options.timeoutMs, fetch: options.fetch }),
          );
        } catch (error) {
          notifiers.push(
            error instanceof SecretDecryptionError
              ? unopenableGoogleChat('the stored Google Chat webhook cannot be decrypted; set it again in Admin settings → Alerts', false)
              : unopenableGoogleChat('the stored Google Chat webhook could not be opened (key service unavailable)', true),
          );
        }
      }
      if (settings.emails.length > 0) notifiers.push(createEmailNotifier(options.emailSender, settings.emails));
      return notifiers;
    },
    async setGoogleChat(organisationId, webhook, configuredBy) {
      const recordId = `googleChat-${randomUUID()}`;
      const channel: StoredGoogleChatChannel = {
        recordId,
        sealedWebhook: await sealSecret(webhook, { organisationId, recordId }, ring),
        fingerprint: webhookFingerprint(webhook),
        configuredAt: now(),
        configuredBy,
      };
      await repository.putGoogleChat(organisationId, channel);
      return channel;
    },
    removeGoogleChat: (organisationId) => repository.deleteGoogleChat(organisationId),
    async rewrapAll() {
      let rewrapped = 0;
      const visited = await repository.forEachGoogleChatAcrossOrganisations(async (organisationId, channel) => {
        if (channel.sealedWebhook.keyEncryptionKeyId === ring.current.id) return;
        // The same binding it was sealed with; the webhook URL itself is never decrypted.
        const sealedWebhook = await rewrapSecret(channel.sealedWebhook, { organisationId, recordId: channel.recordId }, ring);
        if (await repository.updateGoogleChatSeal(organisationId, sealedWebhook)) rewrapped += 1;
      });
      return { visited, rewrapped };
    },
    getGoogleChat: (organisationId) => repository.getGoogleChat(organisationId),
  };
}

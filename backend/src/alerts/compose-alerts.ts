import { createHash } from 'node:crypto';
import type { AiSettingsRepository } from '../ai/settings/ai-settings-repository';
import type { Firestore } from '../platform/firestore/connect-firestore';
import type { KeyRing } from '../keys/key-encryption-key';
import type { Logger } from '../platform/logger';
import { createAlertChannels, type AlertChannels } from './alert-channels';
import { createAlertDeliverer, type AlertDeliverer } from './alert-deliverer';
import type { EmailSender } from './alert-notifier';
import { createAlertsRepository, type AlertReference, type AlertsRepository } from './alerts-repository';
import { ErrorSpikeMonitor } from './error-spike-monitor';

export interface ComposedAlerts {
  repository: AlertsRepository;
  channels: AlertChannels;
  deliverer: AlertDeliverer;
  spikes: ErrorSpikeMonitor;
}

export interface ComposeAlertsOptions {
  firestore: Firestore;
  ring: KeyRing;
  settings: AiSettingsRepository;
  logger?: Logger | undefined;
  googleChatBaseUrl?: string | undefined;
  /** The SMTP sender (smtp-email-sender.ts) when SMTP_URL is set; without one, e-mail alerts are recorded as undeliverable. */
  emailSender?: EmailSender | undefined;
  /** The outbound guard's fetch, for webhook deliveries. */
  fetch?: typeof fetch | undefined;
}

/**
 * Alert channels, delivery (in-process right after a raise, plus the periodic sweep, which the running server
 * starts with `deliverer.start()`: composing starts no timer) and error-spike detection.
 */
export function composeAlerts(options: ComposeAlertsOptions): ComposedAlerts {
  const repository = createAlertsRepository(options.firestore);
  const channels = createAlertChannels({
    repository,
    ring: options.ring,
    emailSender: options.emailSender,
    googleChatBaseUrl: options.googleChatBaseUrl,
    fetch: options.fetch,
  });
  const deliverer = createAlertDeliverer({ repository, settings: options.settings, channels, logger: options.logger });
  const spikes = new ErrorSpikeMonitor({
    logger: options.logger,
    settings: async (organisationId) => (await options.settings.get(organisationId)).alerts.errorSpike,
    async raise(alert) {
      const id = createHash('sha256')
        .update(`${alert.organisationId}|errors_spike|${alert.windowStart}|${alert.windowMinutes}`)
        .digest('base64url')
        .slice(0, 24);
      const reference: AlertReference = { organisationId: alert.organisationId, collection: 'alerts', id };
      if (await repository.raise(reference, { kind: 'errors_spike', ...alert }, new Date(Date.now() + 120_000)))
        deliverer.deliverSoon(reference);
    },
  });
  return { repository, channels, deliverer, spikes };
}

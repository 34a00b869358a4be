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
import { ProviderHealthMonitor } from './provider-health-monitor';

export interface ComposedAlerts {
  repository: AlertsRepository;
  channels: AlertChannels;
  deliverer: AlertDeliverer;
  spikes: ErrorSpikeMonitor;
  health: ProviderHealthMonitor;
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
  /** Raises an alert once per `identity` (however many instances notice) and delivers it at once. */
  const raiseOnce = async (organisationId: string, identity: string, content: Record<string, unknown>) => {
    const id = createHash('sha256').update(`${organisationId}|${identity}`).digest('base64url').slice(0, 24);
    const reference: AlertReference = { organisationId, collection: 'alerts', id };
    if (await repository.raise(reference, content, new Date(Date.now() + 120_000))) deliverer.deliverSoon(reference);
  };
  const spikes = new ErrorSpikeMonitor({
    logger: options.logger,
    settings: async (organisationId) => (await options.settings.get(organisationId)).alerts.errorSpike,
    raise: (alert) =>
      raiseOnce(alert.organisationId, `errors_spike|${alert.windowStart}|${alert.windowMinutes}`, { kind: 'errors_spike', ...alert }),
  });
  const health = new ProviderHealthMonitor({
    logger: options.logger,
    settings: async (organisationId) => (await options.settings.get(organisationId)).alerts,
    raiseSlowModel: (alert) =>
      raiseOnce(alert.organisationId, `slow_model|${alert.model}|${alert.windowStart}|${alert.windowMinutes}`, {
        kind: 'slow_model',
        ...alert,
      }),
    raiseProviderDown: (alert) =>
      raiseOnce(alert.organisationId, `provider_down|${alert.provider}|${alert.since}`, { kind: 'provider_down', ...alert }),
  });
  return { repository, channels, deliverer, spikes, health };
}

import type { BudgetAlert } from '../ai/budget/budget-alerts';
import type { AiSettingsRepository } from '../ai/settings/ai-settings-repository';
import type { Logger } from '../platform/logger';
import type { AlertChannels } from './alert-channels';
import {
  budgetAlertMessage,
  errorsSpikeMessage,
  providerDownMessage,
  slowModelMessage,
  type ErrorsSpikeAlert,
  type ProviderDownAlert,
  type SlowModelAlert,
} from './alert-message';
import type { AlertMessage, ChannelResult } from './alert-notifier';
import type { AlertReference, AlertsRepository, StoredAlert } from './alerts-repository';

export interface AlertDelivererOptions {
  repository: AlertsRepository;
  settings: AiSettingsRepository;
  channels: AlertChannels;
  logger?: Logger | undefined;
  now?: () => Date;
  /** Attempts per alert; failed channels are retried with growing pauses until then. */
  maxAttempts?: number;
}

/** How often start() sweeps the outbox. */
const sweepIntervalMs = 60_000;
/** A claim older than this without an outcome belongs to an instance that stopped mid-way. */
const staleClaimMs = 5 * 60_000;

export interface AlertDeliverer {
  /** Starts delivering in the background (not awaited by the request that raised the alert). */
  deliverSoon(reference: AlertReference): void;
  deliver(reference: AlertReference): Promise<void>;
  /** Retries what is due in the outbox: alerts whose first delivery failed or whose instance stopped. */
  sweep(): Promise<void>;
  start(): void;
  stop(): void;
  /** Waits for deliveries in progress. */
  drain(): Promise<void>;
}

export const defaultMaxAttempts = 5;

/** The words of a stored alert; undefined for a document of no known kind. */
export function messageOfAlert(alert: StoredAlert): AlertMessage | undefined {
  const content = alert.content;
  if (content.kind === 'errors_spike') return errorsSpikeMessage(content as unknown as ErrorsSpikeAlert);
  if (content.kind === 'slow_model') return slowModelMessage(content as unknown as SlowModelAlert);
  if (content.kind === 'provider_down') return providerDownMessage(content as unknown as ProviderDownAlert);
  if (content.kind === undefined || content.kind === 'budget') return budgetAlertMessage(content as unknown as BudgetAlert);
  return undefined;
}

function alreadyDone(alert: StoredAlert): boolean {
  return alert.undeliverable !== null || (alert.delivered && !alert.channels.some((channel) => channel.status === 'failed'));
}

/**
 * Delivers each alert once per threshold crossing: the alert document (created once per organisation, scope,
 * period and level) is the idempotency key, and each attempt is claimed with a create-once marker before
 * anything is sent, so racing instances never both send. A retry sends only to the channels that failed.
 */
export function createAlertDeliverer(options: AlertDelivererOptions): AlertDeliverer {
  const now = options.now ?? (() => new Date());
  const maxAttempts = options.maxAttempts ?? defaultMaxAttempts;
  const pending = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  let sweeping: Promise<void> | undefined;

  async function deliver(reference: AlertReference): Promise<void> {
    const alert = await options.repository.get(reference);
    if (!alert || alreadyDone(alert)) {
      // Nothing left to send: an outbox entry left behind would be read again by every sweep and crowd out the due ones.
      await options.repository.removeFromOutbox(reference);
      return;
    }
    const attempt = alert.attempts + 1;
    const at = now();
    if (attempt > maxAttempts) {
      await options.repository.recordOutcome(reference, {
        attempt: alert.attempts,
        channels: alert.channels,
        delivered: alert.delivered,
        deliveryError: alert.deliveryError,
        undeliverable: null,
        at,
        retryAt: undefined,
      });
      return;
    }
    const claim = await options.repository.claim(reference, attempt, at);
    if (!claim.claimed) {
      if (claim.claimedAt && at.getTime() - claim.claimedAt.getTime() > staleClaimMs)
        await options.repository.abandonAttempt(reference, attempt);
      return;
    }

    const finish = (channels: ChannelResult[], fields: { deliveryError?: string; undeliverable?: string; retry?: boolean }) =>
      options.repository.recordOutcome(reference, {
        attempt,
        channels,
        delivered: channels.some((channel) => channel.status === 'sent'),
        deliveryError: fields.deliveryError ?? null,
        undeliverable: fields.undeliverable ?? null,
        at,
        // 1, 2, 4, 8 … minutes, at most 30.
        retryAt: fields.retry && attempt < maxAttempts ? new Date(at.getTime() + Math.min(30, 2 ** (attempt - 1)) * 60_000) : undefined,
      });

    const message = messageOfAlert(alert);
    if (!message) return finish([], { undeliverable: 'unknown kind of alert' });
    const settings = (await options.settings.get(reference.organisationId)).alerts;
    const level = alert.content.level;
    const isBudgetAlert = alert.content.kind === undefined || alert.content.kind === 'budget';
    if (isBudgetAlert && typeof level === 'string' && !(settings.onBudgetLevels as string[]).includes(level)) {
      return finish([], { undeliverable: `the "${level}" level is not selected for notifications in Admin settings → Alerts` });
    }
    const sentBefore = alert.channels.filter((channel) => channel.status === 'sent');
    const notifiers = (await options.channels.notifiers(reference.organisationId, settings)).filter(
      (notifier) => !sentBefore.some((sent) => sent.channel === notifier.channel),
    );
    if (notifiers.length === 0 && sentBefore.length === 0) {
      return finish([], {
        undeliverable: 'no alert channel is configured: add a Google Chat webhook or e-mail addresses in Admin settings → Alerts',
      });
    }
    const results = await Promise.all(notifiers.map((notifier) => notifier.send(message)));
    const channels = [...sentBefore, ...results];
    const failed = results.filter((result) => result.status === 'failed');
    const undeliverable = channels.filter((result) => result.status === 'undeliverable');
    const delivered = channels.some((result) => result.status === 'sent');
    const describe = (list: ChannelResult[]) => list.map((result) => `${result.channel}: ${result.detail ?? result.status}`).join('; ');
    await finish(channels, {
      ...(failed.length > 0 ? { deliveryError: describe(failed), retry: true } : {}),
      ...(!delivered && failed.length === 0 ? { undeliverable: describe(undeliverable) } : {}),
    });
    options.logger?.info(
      { alert: reference, attempt, channels: channels.map((result) => `${result.channel}:${result.status}`) },
      'alert delivery',
    );
  }

  const track = (work: Promise<void>) => {
    const tracked = work
      .catch((error: unknown) => options.logger?.error({ err: error, alert: 'delivery' }, 'alert delivery failed'))
      .finally(() => pending.delete(tracked));
    pending.add(tracked);
    return tracked;
  };

  async function sweepOnce(): Promise<void> {
    const due = await options.repository.due(now(), 50);
    for (const reference of due)
      await deliver(reference).catch((error: unknown) => options.logger?.error({ err: error, alert: reference }, 'alert delivery failed'));
  }

  return {
    deliverSoon(reference) {
      void track(deliver(reference));
    },
    deliver,
    sweep() {
      sweeping ??= track(sweepOnce()).finally(() => {
        sweeping = undefined;
      });
      return sweeping;
    },
    start() {
      if (timer) return;
      timer = setInterval(() => void this.sweep(), sweepIntervalMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
    async drain() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}

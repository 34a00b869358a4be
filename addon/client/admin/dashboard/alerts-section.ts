import type { AlertView } from '../../../../contracts/alerts';
import type { UsageDashboardData } from '../../../shared/usage-dashboard-api';
import { element } from '../../common/dom';

const kindLabels: Record<AlertView['kind'], string> = {
  budget: 'Budget',
  errors_spike: 'Errors spike',
  slow_model: 'Slow model',
  provider_down: 'Provider down',
};

const statusLabels: Record<AlertView['status'], string> = {
  pending: 'Sending',
  retrying: 'Retrying',
  delivered: 'Delivered',
  failed: 'Not delivered',
  undeliverable: 'Not delivered',
};

/** "6 Dec 2026, 14:05 UTC": alerts are raised in UTC periods, so they are shown in UTC. */
function formatWhen(iso: string | null): string {
  if (!iso) return '—';
  const at = new Date(iso);
  const day = at.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  return `${day}, ${iso.slice(11, 16)} UTC`;
}

function delivery(alert: AlertView): string {
  const status = statusLabels[alert.status];
  const why = alert.undeliverable ?? alert.deliveryError;
  return why && alert.status !== 'delivered' ? `${status}: ${why}` : status;
}

/**
 * "Recent alerts": every alert the organisation raised (budget levels, errors spikes, slow models, providers
 * down), newest first, with when, what it said and whether it reached its channels; for admins viewing the
 * organisation, as e-mail or Google Chat may not reach everyone.
 */
export function alertsSection(data: UsageDashboardData): HTMLElement[] {
  if (data.alerts === null) return [];
  const section = element('section', { class: 'ud-alerts', 'data-section': 'alerts' }, element('h2', {}, 'Recent alerts'));
  if (data.alerts.length === 0) {
    section.append(
      element(
        'p',
        { class: 'ud-muted', 'data-alerts': 'none' },
        'No alert was raised. Alerts (budget levels, errors spikes, slow models, a provider down) are set in Admin settings → Budgets & alerts.',
      ),
    );
    return [section];
  }
  section.append(
    element(
      'table',
      { class: 'ud-table' },
      element(
        'thead',
        {},
        element(
          'tr',
          {},
          element('th', { scope: 'col' }, 'When'),
          element('th', { scope: 'col' }, 'Kind'),
          element('th', { scope: 'col' }, 'Details'),
          element('th', { scope: 'col' }, 'Delivery'),
        ),
      ),
      element(
        'tbody',
        {},
        ...data.alerts.map((alert) =>
          element(
            'tr',
            { 'data-alert': alert.id, 'data-kind': alert.kind },
            element('td', {}, formatWhen(alert.raisedAt)),
            element('td', {}, alert.level ? `${kindLabels[alert.kind]} (${alert.level})` : kindLabels[alert.kind]),
            element('td', { class: 'ud-alert-text' }, alert.text),
            element('td', {}, delivery(alert)),
          ),
        ),
      ),
    ),
  );
  return [section];
}

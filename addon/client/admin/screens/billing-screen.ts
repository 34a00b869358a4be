import type { BillingEventView } from '../../../shared/admin-contract';
import { callAdmin } from '../../common/call-server';
import { element } from '../../common/dom';
import type { ScreenDefinition } from '../screen';
import { busy, button, input, labelled, localTime, statusRegion } from '../ui';

/** Billing events: the organisation's append-only money events of a period, a page at a time, and their CSV. */

const typeNames: Record<BillingEventView['type'], string> = {
  charged: 'Charged',
  refunded: 'Refunded',
  budget_reserved: 'Budget reserved',
  budget_released: 'Budget released',
  limit_reached: 'Limit reached',
  price_changed: 'Price changed',
  key_rotated: 'Key rotated',
};

/** Dollars from whole nano-dollars, to the micro-dollar, without float noise. */
export function dollarsText(nanoDollars: number): string {
  return `$${(Math.round(nanoDollars / 1000) / 1_000_000).toFixed(6)}`;
}

function detailOf(event: BillingEventView): string {
  const parts = [
    event.provider && event.model ? `${event.provider}:${event.model}` : (event.target ?? ''),
    event.scope && event.period ? `${event.scope} ${event.period}` : '',
    event.fillId ? `fill ${event.fillId}` : '',
  ];
  return parts.filter(Boolean).join(' · ');
}

function eventRow(event: BillingEventView): HTMLElement {
  return element(
    'tr',
    { 'data-type': event.type },
    element('td', {}, localTime(event.at)),
    element('td', {}, typeNames[event.type]),
    element('td', { class: 'number' }, event.amountNanoDollars === 0 ? '' : dollarsText(event.amountNanoDollars)),
    element('td', { class: 'hint mono' }, detailOf(event)),
  );
}

const day = (time: number) => new Date(time).toISOString().slice(0, 10);

export const billingScreen: ScreenDefinition = {
  id: 'billing',
  title: 'Billing events',
  adminOnly: true,
  async mount({ panel }) {
    const status = statusRegion('billing-status');
    const from = input({ type: 'date', id: 'billing-from' }, day(Date.now() - 29 * 86_400_000));
    const to = input({ type: 'date', id: 'billing-to' }, day(Date.now()));
    const body = element('tbody', {});
    const totals = element('p', { id: 'billing-totals', class: 'secondary', 'aria-live': 'polite' });
    const table = element(
      'table',
      { id: 'billing-table', 'aria-label': 'Billing events' },
      element(
        'thead',
        {},
        element('tr', {}, element('th', {}, 'When'), element('th', {}, 'Event'), element('th', {}, 'Amount'), element('th', {}, 'About')),
      ),
      body,
    );
    const show = button('Show', { id: 'billing-show', class: 'action' });
    const exportCsv = button('Export CSV', { id: 'billing-export' });
    const more = button('Load more', { id: 'billing-more' });
    let next: string | undefined;
    let charged = 0;
    let refunded = 0;
    const load = async (reset: boolean) => {
      const page = await callAdmin('listBillingEvents', { from: from.value, to: to.value, after: reset ? null : (next ?? null) });
      if (reset) {
        body.replaceChildren();
        charged = 0;
        refunded = 0;
      }
      body.append(...page.events.map(eventRow));
      for (const event of page.events) {
        if (event.type === 'charged') charged += event.amountNanoDollars;
        if (event.type === 'refunded') refunded += event.amountNanoDollars;
      }
      next = page.next;
      more.hidden = next === undefined;
      totals.textContent = `Charged ${dollarsText(charged)}, refunded ${dollarsText(refunded)} in the events shown${next ? ' so far' : ''}.`;
      if (body.children.length === 0)
        body.append(element('tr', {}, element('td', { colspan: '4', class: 'secondary' }, 'No billing events in this period.')));
    };
    show.addEventListener('click', () => void busy(show, status, () => load(true)));
    more.addEventListener('click', () => void busy(more, status, () => load(false)));
    exportCsv.addEventListener(
      'click',
      () =>
        void busy(exportCsv, status, async () => {
          const exported = await callAdmin('exportBillingEvents', { from: from.value, to: to.value });
          const url = URL.createObjectURL(new Blob([exported.csv], { type: 'text/csv;charset=utf-8' }));
          const link = element('a', { href: url, download: exported.filename, target: '_self', hidden: true });
          panel.append(link);
          link.click();
          link.remove();
          URL.revokeObjectURL(url);
        }),
    );
    panel.append(
      element('h2', {}, 'Billing events'),
      element(
        'p',
        { class: 'secondary' },
        'Every money event, never edited: charges (one per billed provider call, matching the usage records), budget holds, ' +
          'limits reached, price changes and key rotations.',
      ),
      element('div', { class: 'grid' }, labelled('From (UTC day)', from), labelled('To (UTC day)', to)),
      element('div', { class: 'actions' }, show, exportCsv),
      totals,
      table,
      element('div', { class: 'actions' }, more),
      status,
    );
    await load(true);
  },
};

import type { AuditEntryView } from '../../../shared/admin-contract';
import { callAdmin } from '../../common/call-server';
import { element } from '../../common/dom';
import { actionName, auditChanges, changeText } from '../logic/audit-format';
import type { ScreenDefinition } from '../screen';
import { busy, button, localTime, statusRegion } from '../ui';

/** The audit log, newest first, a page at a time, with what each change did before → after. */

function entryRow(entry: AuditEntryView): HTMLElement {
  const changes = auditChanges(entry.before, entry.after);
  return element(
    'tr',
    { 'data-action': entry.action },
    element('td', {}, localTime(entry.at)),
    element('td', {}, entry.actorEmail),
    element('td', {}, element('div', {}, actionName(entry.action)), element('div', { class: 'hint mono' }, entry.target)),
    element(
      'td',
      {},
      changes.length === 0
        ? element('span', { class: 'muted' }, 'No field changed')
        : element('ul', { class: 'changes' }, ...changes.slice(0, 40).map((change) => element('li', {}, changeText(change)))),
    ),
  );
}

export const auditScreen: ScreenDefinition = {
  id: 'audit',
  title: 'Audit log',
  adminOnly: true,
  async mount({ panel }) {
    const status = statusRegion('audit-status');
    const body = element('tbody', {});
    const table = element(
      'table',
      { id: 'audit-table', 'aria-label': 'Audit log' },
      element(
        'thead',
        {},
        element(
          'tr',
          {},
          element('th', {}, 'When'),
          element('th', {}, 'Who'),
          element('th', {}, 'What'),
          element('th', {}, 'Before → after'),
        ),
      ),
      body,
    );
    const more = button('Load more', { id: 'audit-more' });
    const reload = button('Reload', { class: 'small', id: 'audit-reload' });
    let next: string | undefined;
    const load = async (reset: boolean) => {
      const page = await callAdmin('listAuditEntries', { after: reset ? null : (next ?? null) });
      if (reset) body.replaceChildren();
      body.append(...page.entries.map(entryRow));
      next = page.next;
      more.hidden = next === undefined;
      if (body.children.length === 0)
        body.append(element('tr', {}, element('td', { colspan: '4', class: 'secondary' }, 'No admin changes yet.')));
    };
    more.addEventListener('click', () => void busy(more, status, () => load(false)));
    reload.addEventListener('click', () => void busy(reload, status, () => load(true)));
    panel.append(
      element('h2', {}, 'Audit log ', reload),
      element(
        'p',
        { class: 'secondary' },
        'Every admin change: who, what and when, with the values before and after (never keys or webhooks).',
      ),
      table,
      element('div', { class: 'actions' }, more),
      status,
    );
    await load(true);
  },
};

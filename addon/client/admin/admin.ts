import type { AdminSession } from '../../shared/admin-contract';
import { callAdmin } from '../common/call-server';
import { byId, element } from '../common/dom';
import type { ScreenDefinition } from './screen';
import { auditScreen } from './screens/audit-screen';
import { billingScreen } from './screens/billing-screen';
import { budgetsScreen } from './screens/budgets-screen';
import { configurationScreen } from './screens/configuration-screen';
import { hubSpotScreen } from './screens/hubspot-screen';
import { connectionsScreen } from './screens/connections-screen';
import { membersScreen } from './screens/members-screen';
import { policyScreen } from './screens/policy-screen';
import { usageScreen } from './screens/usage-screen';
import { SettingsStore } from './settings-store';
import { errorMessage } from './ui';

/** The admin dialog: one tab per screen; members get only their own usage. */

const screens: ScreenDefinition[] = [
  usageScreen,
  connectionsScreen,
  policyScreen,
  budgetsScreen,
  membersScreen,
  hubSpotScreen,
  configurationScreen,
  auditScreen,
  billingScreen,
];
const settings = new SettingsStore();
const mounted = new Set<string>();

function roleName(session: AdminSession): string {
  return session.role === 'owner' ? 'Owner' : session.role === 'admin' ? 'Admin' : 'Member';
}

function selectTab(visible: ScreenDefinition[], session: AdminSession, id: string, focus: boolean): void {
  for (const screen of visible) {
    const tab = byId<HTMLButtonElement>(`tab-${screen.id}`);
    const panel = byId(`panel-${screen.id}`);
    const selected = screen.id === id;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
    panel.hidden = !selected;
    if (selected) {
      if (focus) tab.focus();
      if (!mounted.has(screen.id)) {
        mounted.add(screen.id);
        Promise.resolve(screen.mount({ panel, session, settings })).catch((error: unknown) => {
          panel.replaceChildren(element('div', { class: 'notice error', role: 'alert' }, errorMessage(error)));
        });
      }
    }
  }
}

function renderTabs(session: AdminSession): void {
  const visible = screens.filter((screen) => session.isAdmin || !screen.adminOnly);
  const tabs = byId('tabs');
  const panels = byId('panels');
  for (const screen of visible) {
    const tab = element(
      'button',
      {
        type: 'button',
        role: 'tab',
        id: `tab-${screen.id}`,
        'aria-controls': `panel-${screen.id}`,
        'aria-selected': 'false',
        'data-screen': screen.id,
      },
      screen.title,
    );
    tab.tabIndex = -1;
    tab.addEventListener('click', () => selectTab(visible, session, screen.id, false));
    tab.addEventListener('keydown', (event) => {
      const index = visible.indexOf(screen);
      const next =
        event.key === 'ArrowRight'
          ? visible[(index + 1) % visible.length]
          : event.key === 'ArrowLeft'
            ? visible[(index - 1 + visible.length) % visible.length]
            : event.key === 'Home'
              ? visible[0]
              : event.key === 'End'
                ? visible[visible.length - 1]
                : undefined;
      if (next) {
        event.preventDefault();
        selectTab(visible, session, next.id, true);
      }
    });
    tabs.append(tab);
    panels.append(
      element('section', {
        role: 'tabpanel',
        id: `panel-${screen.id}`,
        'aria-labelledby': `tab-${screen.id}`,
        tabindex: '0',
        hidden: true,
      }),
    );
  }
  const first = visible[0];
  if (first) selectTab(visible, session, first.id, false);
}

async function start(): Promise<void> {
  const main = document.querySelector('main');
  try {
    const session = await callAdmin('getAdminSession');
    byId('who').textContent =
      `${session.email} · ${roleName(session)}${session.isAdmin ? '' : " · you see your own usage; settings are for your organisation's admins"}`;
    document.body.dataset.role = session.role;
    renderTabs(session);
  } catch (error) {
    byId('who').textContent = '';
    const notice = byId('page-notice');
    notice.textContent = errorMessage(error);
    notice.hidden = false;
  } finally {
    main?.setAttribute('aria-busy', 'false');
  }
}

void start();

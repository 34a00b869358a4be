import { roles, type MemberView, type Role } from '../../../shared/admin-contract';
import { callAdmin } from '../../common/call-server';
import { element } from '../../common/dom';
import type { ScreenDefinition } from '../screen';
import { busy, button, confirmInline, localTime, select, showStatus, statusRegion } from '../ui';

/** Members and roles: change a role, remove or restore someone. The backend guards owners and the last owner. */

const roleLabels: Record<Role, string> = { member: 'Member', admin: 'Admin', owner: 'Owner' };

export const membersScreen: ScreenDefinition = {
  id: 'members',
  title: 'Members',
  adminOnly: true,
  async mount({ panel, session }) {
    const status = statusRegion('members-status');
    const list = element('div', { id: 'member-list' });
    panel.append(
      element('h2', {}, 'Members'),
      element(
        'p',
        { class: 'secondary' },
        'People join when they first use the add-on. Admins manage settings; only owners make or change owners.',
      ),
      status,
      list,
    );

    const render = (members: MemberView[]) => {
      const rows = members.map((member) => {
        const label = `Role of ${member.email}`;
        const role = select(
          { 'aria-label': label, 'data-member': member.email, disabled: member.removed },
          roles.map((value) => ({ value, label: roleLabels[value] })),
          member.role,
        );
        role.addEventListener('change', () => {
          const wanted = role.value as Role;
          void busy(null, status, async () => {
            try {
              const updated = await callAdmin('updateMember', { userId: member.userId, change: { role: wanted } });
              showStatus(status, `${updated.email} is now ${roleLabels[updated.role].toLowerCase()}.`, 'success');
              await refresh();
            } catch (error) {
              role.value = member.role;
              throw error;
            }
          });
        });
        const actions = element('div', { class: 'actions' });
        if (member.removed) {
          const restore = button('Restore', { class: 'small', 'aria-label': `Restore ${member.email}` });
          restore.addEventListener('click', () => {
            void busy(restore, status, async () => {
              await callAdmin('updateMember', { userId: member.userId, change: { removed: false } });
              showStatus(status, `${member.email} can use the add-on again.`, 'success');
              await refresh();
            });
          });
          actions.append(restore);
        } else {
          const remove = button('Remove', { class: 'small danger', 'aria-label': `Remove ${member.email}` });
          remove.addEventListener('click', () => {
            confirmInline(remove, `Remove ${member.email}?`, 'Remove', () => {
              void busy(remove, status, async () => {
                await callAdmin('removeMember', { userId: member.userId });
                showStatus(status, `${member.email} was removed.`, 'success');
                await refresh();
              });
            });
          });
          actions.append(remove);
        }
        return element(
          'tr',
          { 'data-email': member.email },
          element('td', {}, member.email, member.email === session.email ? element('span', { class: 'muted' }, ' (you)') : null),
          element('td', {}, role),
          element('td', {}, member.removed ? element('span', { class: 'failed' }, 'Removed') : 'Active'),
          element('td', {}, localTime(member.createdAt)),
          element('td', {}, actions),
        );
      });
      list.replaceChildren(
        element(
          'table',
          { 'aria-label': 'Members' },
          element(
            'thead',
            {},
            element(
              'tr',
              {},
              element('th', {}, 'E-mail'),
              element('th', {}, 'Role'),
              element('th', {}, 'Status'),
              element('th', {}, 'Joined'),
              element('th', {}, 'Actions'),
            ),
          ),
          element('tbody', {}, ...rows),
        ),
      );
    };
    const refresh = async () => render(await callAdmin('listMembers'));
    await refresh();
  },
};

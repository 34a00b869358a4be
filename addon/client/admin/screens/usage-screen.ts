import { element } from '../../common/dom';
import { mountDashboard } from '../dashboard/mount-dashboard';
import type { ScreenDefinition } from '../screen';

/** The usage dashboard: the organisation's for admins, one's own for members. */
export const usageScreen: ScreenDefinition = {
  id: 'usage',
  title: 'Usage',
  adminOnly: false,
  mount({ panel, session }) {
    const container = element('div', { id: 'usage-dashboard' });
    panel.append(element('h2', {}, session.isAdmin ? 'Organisation usage' : 'Your usage'), container);
    // The dashboard shows its own loading errors inside the container.
    void mountDashboard(container, { scope: session.isAdmin ? 'organisation' : 'mine' });
  },
};

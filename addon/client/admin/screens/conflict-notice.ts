import { element } from '../../common/dom';
import type { SettingsView } from '../../../shared/admin-contract';
import type { SettingsStore } from '../settings-store';
import { button, errorMessage } from '../ui';

/** Someone else saved the settings first: say so and offer to reload (which drops this screen's edits: `onReloaded` redraws it). */
export function conflictNotice(detail: string, settings: SettingsStore, onReloaded: (view: SettingsView) => void): HTMLElement {
  const reload = button('Reload the settings', { class: 'action', 'data-action': 'reload-settings' });
  const notice = element(
    'div',
    { class: 'notice', role: 'alert', 'data-conflict': 'true' },
    element('p', { class: 'secondary' }, detail),
    element('div', { class: 'actions' }, reload),
  );
  reload.addEventListener('click', () => {
    reload.disabled = true;
    settings.reload().then(
      (view) => {
        notice.remove();
        onReloaded(view);
      },
      (error: unknown) => {
        reload.disabled = false;
        notice.append(element('p', { class: 'failed' }, errorMessage(error)));
      },
    );
  });
  setTimeout(() => reload.focus(), 0);
  return notice;
}

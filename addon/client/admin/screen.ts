import type { AdminSession } from '../../shared/admin-contract';
import type { SettingsStore } from './settings-store';

/** What every screen gets: where to draw, who is signed in, and the shared settings. */
export interface ScreenContext {
  panel: HTMLElement;
  session: AdminSession;
  settings: SettingsStore;
}

export interface ScreenDefinition {
  id: string;
  title: string;
  /** Screens only admins (and owners) see; the backend refuses their calls to anyone else anyway. */
  adminOnly: boolean;
  mount(context: ScreenContext): void | Promise<void>;
}

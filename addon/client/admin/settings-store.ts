import type { AdminAiSettings, SaveSettingsOutcome, SettingsView } from '../../shared/admin-contract';
import { callAdmin } from '../common/call-server';

/**
 * The organisation's settings as loaded once for the "Models & policy" and "Budgets & alerts" screens: both
 * edit the same versioned document, so both save on the same base version and reload together.
 */
export class SettingsStore {
  #view: SettingsView | undefined;
  #loading: Promise<SettingsView> | undefined;
  readonly #listeners = new Set<(view: SettingsView) => void>();

  get view(): SettingsView | undefined {
    return this.#view;
  }

  load(): Promise<SettingsView> {
    if (this.#view) return Promise.resolve(this.#view);
    return this.reload();
  }

  reload(): Promise<SettingsView> {
    this.#loading ??= callAdmin('getAdminSettings').then(
      (view) => {
        this.#loading = undefined;
        this.#set(view);
        return view;
      },
      (error: unknown) => {
        this.#loading = undefined;
        throw error;
      },
    );
    return this.#loading;
  }

  /** Saves `next` on the loaded version; the new version is shared with every screen. */
  async save(next: AdminAiSettings): Promise<SaveSettingsOutcome> {
    const current = await this.load();
    const outcome = await callAdmin('saveAdminSettings', { baseVersion: current.version, settings: next });
    if (outcome.status === 'saved') this.#set(outcome.view);
    return outcome;
  }

  onChange(listener: (view: SettingsView) => void): void {
    this.#listeners.add(listener);
  }

  #set(view: SettingsView): void {
    this.#view = view;
    for (const listener of this.#listeners) listener(view);
  }
}

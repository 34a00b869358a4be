import type { AdminAiSettings, SaveSettingsOutcome, SettingsView } from '../../../shared/admin-contract';
import type { SettingsStore } from '../settings-store';

/** What a settings screen drew: how to read its form, and where it shows which version it edits. */
export interface RenderedSettingsForm {
  read: () => unknown;
  version: HTMLElement;
}

export interface SettingsFormBinding {
  /** The settings the form's edits apply to: the version it was drawn from, or a newer one saved meanwhile. */
  readonly base: SettingsView;
  /** Draws the form over `view`, dropping any unsaved edits. */
  show(view: SettingsView): void;
  /** Saves the whole settings on the store's version; the form is redrawn from what was saved. */
  save(next: AdminAiSettings): Promise<SaveSettingsOutcome>;
}

/**
 * Keeps one of the two settings screens in step with the shared settings. When the settings change (the
 * other screen saved, or they were reloaded) a form without unsaved edits is redrawn; one with edits keeps
 * them, and only its base moves to the new version, so saving it later changes only what it shows.
 */
export function bindSettingsForm(
  settings: SettingsStore,
  render: (view: SettingsView) => RenderedSettingsForm,
  versionText: (view: SettingsView) => string,
): SettingsFormBinding {
  let base: SettingsView | undefined;
  let rendered: RenderedSettingsForm | undefined;
  let drawnAs = '';
  let savingHere = false;
  const show = (view: SettingsView) => {
    base = view;
    rendered = render(view);
    drawnAs = JSON.stringify(rendered.read());
  };
  settings.onChange((view) => {
    if (!rendered || savingHere || JSON.stringify(rendered.read()) === drawnAs) {
      show(view);
      return;
    }
    base = view;
    rendered.version.textContent = versionText(view);
  });
  return {
    get base() {
      if (!base) throw new Error('The settings form is not drawn yet.');
      return base;
    },
    show,
    async save(next) {
      savingHere = true;
      try {
        return await settings.save(next);
      } finally {
        savingHere = false;
      }
    },
  };
}

import type { ServerApi } from '../shared/server-api';
import type { FillInput, FillOutcome, SidebarState } from '../shared/sidebar-contract';
import { fillDocument as fill } from './fill/fill-document';
import { sidebarState } from './fill/sidebar-state';
import { loadFieldValues, loadPrompts, saveFieldValues, savePrompts } from './gas/drafts';
import { activeDocument, backendClient } from './gas/services';

/** Targets of `google.script.run`: the pages call these by name, typed through this module. */

export function getSidebarState(): SidebarState {
  const document = activeDocument();
  return sidebarState({
    document,
    backend: backendClient,
    prompts: loadPrompts(),
    fieldValues: loadFieldValues(document.getId()),
  });
}

export function saveDrafts(input: FillInput): void {
  savePrompts(input.prompts);
  saveFieldValues(activeDocument().getId(), input.fieldValues);
}

export function fillDocument(input: FillInput): FillOutcome {
  const document = activeDocument();
  savePrompts(input.prompts);
  saveFieldValues(document.getId(), input.fieldValues);
  return fill(input, { document, backend: backendClient() });
}

// The compiler checks here that these functions match what the pages expect to call.
export const serverApi = { getSidebarState, saveDrafts, fillDocument } satisfies ServerApi;

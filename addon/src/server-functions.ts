import type { SidebarServerApi } from '../shared/sidebar-server-api';
import type { FeedbackInput, FillRequestInput, RefineInput, TagConfiguration, WriteInput } from '../shared/sidebar-contract';
import { scanDocument } from './document/scan-document';
import { sendFeedback as send } from './feedback/send-feedback';
import { refineTag as refine } from './fill/refine-tag';
import { appsScriptFillLimits } from './fill/fill-limits';
import { fillProgress } from './fill/fill-progress';
import { fillOpenDocument } from './fill/fill-open-document';
import { saveTemplate as save } from './fill/save-template';
import { outcomeSummary } from './fill/outcome-summary';
import { sidebarState } from './fill/sidebar-state';
import { writeFill as write } from './fill/write-fill';
import { copyDocument } from './gas/document-copies';
import { activeDocument, backendClient } from './gas/services';
import { showMessage } from './gas/ui';
import { loadFieldValues, loadTagDrafts, saveFieldValues as storeFieldValues, saveTagDrafts } from './gas/user-drafts';

/** Targets of `google.script.run`: the sidebar calls these by name, typed through SidebarServerApi. */

export function getSidebarState() {
  const document = activeDocument();
  return sidebarState({
    document,
    backend: backendClient,
    fieldValues: loadFieldValues(document.getId()),
    drafts: loadTagDrafts(document.getId()),
  });
}

export function rescanDocument() {
  return scanDocument(activeDocument());
}

export function saveTemplate(input: Parameters<SidebarServerApi['saveTemplate']>[0]) {
  const document = activeDocument();
  const outcome = save(input, { document, backend: backendClient() });
  // Saved edits are no longer drafts.
  if (outcome.status === 'saved') saveTagDrafts(document.getId(), {});
  return outcome;
}

export function saveDrafts(drafts: Record<string, TagConfiguration>): void {
  saveTagDrafts(activeDocument().getId(), drafts);
}

export function saveFieldValues(values: Record<string, string>): void {
  storeFieldValues(activeDocument().getId(), values);
}

export function fillDocument(input: FillRequestInput) {
  const document = activeDocument();
  // The values typed for this fill are remembered in the same execution, not in a second call. Remembering
  // them is best-effort: a full user-properties store (500 KB per user) must not stop the fill itself.
  try {
    storeFieldValues(document.getId(), input.fieldValues);
  } catch {
    // The user retypes the values next time; the fill runs all the same.
  }
  return fillOpenDocument(input, { document, backend: backendClient(), limits: appsScriptFillLimits, now: () => Date.now(), copyDocument });
}

export function getFillProgress(fillId: string) {
  return fillProgress(backendClient(), fillId);
}

export function writeFill(input: WriteInput) {
  return write(input, { document: activeDocument(), backend: backendClient(), copyDocument });
}

export function sendFeedback(input: FeedbackInput) {
  return send(backendClient(), input);
}

export function refineTag(input: RefineInput) {
  return refine(backendClient(), input);
}

// The compiler checks here that these functions match what the sidebar expects to call.
void ({
  getSidebarState,
  rescanDocument,
  saveTemplate,
  saveDrafts,
  saveFieldValues,
  fillDocument,
  getFillProgress,
  writeFill,
  sendFeedback,
  refineTag,
} satisfies SidebarServerApi);

/** The menu's "Fill all tags": every AI tag with the saved configuration and the user's remembered values. */
export function fillAllTags(): void {
  const document = activeDocument();
  const scan = scanDocument(document);
  const outcome = fillOpenDocument(
    {
      fillId: Utilities.getUuid(),
      tags: scan.aiTags.map((tag) => tag.name),
      fieldValues: loadFieldValues(document.getId()),
      configurations: {},
      mode: 'write',
    },
    { document, backend: backendClient(), limits: appsScriptFillLimits, now: () => Date.now(), copyDocument },
  );
  showMessage(outcomeSummary(outcome));
}

import type { RefineOutcome, TagOutcome, WriteInput } from '../../shared/sidebar-contract';
import { byId, element } from '../common/dom';
import { formattedPreview } from './formatted-preview';
import { tagFeedbackControls } from './tag-feedback';
import { lastGoodAnswerLabel } from './outcome-text';
import { refineControls, type RefineControlsState } from './tag-refine';

/**
 * The preview panel: each tag's text with Regenerate, Refine and 👍/👎 per tag; Accept (document or copy) and
 * Discard are static buttons. Ratings are not fill actions: they stay usable while a fill runs.
 */

export interface PreviewHandlers {
  onRegenerate(tag: string): void;
  /** Rewrites one tag's shown text with an instruction (a paid generation, through the server). */
  onRefine(request: { fillId: string; tag: string; previousText: string; instruction: string }): Promise<RefineOutcome>;
}

interface Preview {
  fillId: string;
  /** Each tag's shown version: what Accept writes. */
  tags: TagOutcome[];
  /** The fill that generated each tag's text: a regenerated tag's is the regeneration's, which its rating is about. */
  fillIds: Record<string, string>;
  /**
   * Every version of each tag's text, oldest first (the fill's, each regeneration's, each refinement's), and the
   * one shown: an earlier version stays one click away for as long as the preview is open.
   */
  versions: Record<string, { list: TagOutcome[]; refine: RefineControlsState }>;
}

let preview: Preview | undefined;
let handlers: PreviewHandlers | undefined;

export function currentPreview(): Preview | undefined {
  return preview;
}

export function openPreview(fillId: string, tags: TagOutcome[], previewHandlers: PreviewHandlers): void {
  preview = {
    fillId,
    tags: [...tags],
    fillIds: Object.fromEntries(tags.map((tag) => [tag.tag, fillId])),
    versions: Object.fromEntries(tags.map((tag) => [tag.tag, { list: [tag], refine: { versions: 1, shown: 0, busy: false, draft: '' } }])),
  };
  handlers = previewHandlers;
  renderPreview();
  byId('preview-heading').focus();
}

/** A regenerated tag shows its new text, the earlier ones a click away; `fillId` is the regeneration's. */
export function replacePreviewTag(outcome: TagOutcome, fillId: string): void {
  if (!preview) return;
  preview.fillIds[outcome.tag] = fillId;
  addVersion(preview, outcome);
  renderPreview();
}

function addVersion(current: Preview, outcome: TagOutcome): void {
  const entry = (current.versions[outcome.tag] ??= { list: [], refine: { versions: 0, shown: 0, busy: false, draft: '' } });
  entry.list.push(outcome);
  entry.refine.versions = entry.list.length;
  entry.refine.shown = entry.list.length - 1;
  showVersion(current, outcome.tag, entry.refine.shown);
}

function showVersion(current: Preview, tag: string, version: number): void {
  const entry = current.versions[tag];
  const outcome = entry?.list[version];
  if (!entry || !outcome) return;
  entry.refine.shown = version;
  const index = current.tags.findIndex((shown) => shown.tag === tag);
  if (index >= 0) current.tags[index] = outcome;
  else current.tags.push(outcome);
}

async function refine(tag: string, instruction: string): Promise<void> {
  const current = preview;
  const entry = current?.versions[tag];
  const shown = entry?.list[entry.refine.shown];
  if (!current || !entry || !shown || !handlers || entry.refine.busy) return;
  entry.refine.busy = true;
  entry.refine.notice = { kind: 'busy', text: `Refining: ${instruction}…` };
  renderPreview();
  let outcome: RefineOutcome;
  try {
    outcome = await handlers.onRefine({ fillId: current.fillIds[tag] ?? current.fillId, tag, previousText: shown.text, instruction });
  } catch (error) {
    outcome = { status: 'not-refined', message: `The text was not refined. ${(error as Error).message}` };
  }
  entry.refine.busy = false;
  // The preview was closed or replaced meanwhile: nothing to show it in.
  if (preview !== current) return;
  if (outcome.status === 'refined') {
    entry.refine.notice = undefined;
    entry.refine.draft = '';
    addVersion(current, {
      tag,
      status: 'generated',
      text: outcome.text,
      outputFormat: outcome.outputFormat,
      model: outcome.model,
      warnings: outcome.warnings,
    });
  } else {
    entry.refine.notice = { kind: 'error', text: outcome.message };
  }
  renderPreview();
}

export function closePreview(): void {
  preview = undefined;
  byId('preview-panel').hidden = true;
  byId('preview-list').replaceChildren();
}

export function previewResults(): WriteInput['results'] {
  const results: WriteInput['results'] = {};
  for (const tag of preview?.tags ?? []) results[tag.tag] = { text: tag.text, outputFormat: tag.outputFormat };
  return results;
}

const statusLabels = { generated: 'Generated', fallback: 'Fallback text', failed: 'Failed', skipped: 'Not generated' };

function renderPreview(): void {
  if (!preview || !handlers) return;
  const current = handlers;
  const { fillId, fillIds } = preview;
  const list = byId('preview-list');
  list.replaceChildren(
    ...preview.tags.map((tag) => {
      const lastGood = lastGoodAnswerLabel(tag);
      const regenerate = element(
        'button',
        { type: 'button', id: `regenerate-${tag.tag}`, class: 'secondary-button regenerate', 'aria-label': `Regenerate ai:${tag.tag}` },
        'Regenerate',
      );
      regenerate.addEventListener('click', () => current.onRegenerate(tag.tag));
      return element(
        'div',
        { class: 'card preview-card', 'data-tag': tag.tag },
        element(
          'div',
          { class: 'tag-head' },
          element('span', { class: 'tag-name' }, `ai:${tag.tag}`),
          element('span', { class: `chip ${tag.status}` }, statusLabels[tag.status]),
          lastGood ? element('span', { class: 'label last-good-answer', id: `last-good-${tag.tag}` }, lastGood) : null,
        ),
        tag.message ? element('p', { class: `chip-message ${tag.status}` }, tag.message) : null,
        ...(tag.warnings ?? []).map((warning) => element('p', { class: 'tag-warning', role: 'note' }, warning)),
        element(
          'div',
          {
            id: `preview-${tag.tag}`,
            class: 'preview-text',
            tabindex: '0',
            role: 'region',
            'aria-label': `Preview of ai:${tag.tag}`,
            'data-format': tag.outputFormat,
          },
          ...formattedPreview(tag.text, tag.outputFormat),
        ),
        element(
          'p',
          { class: 'hint' },
          [
            tag.outputFormat === 'markdown' ? 'Formatted as it will be written' : '',
            tag.model ?? '',
            tag.cached && !lastGood ? 'cached' : '',
          ]
            .filter(Boolean)
            .join(' · '),
        ),
        element(
          'div',
          { class: 'preview-card-actions' },
          regenerate,
          tag.status === 'generated' ? tagFeedbackControls(fillIds[tag.tag] ?? fillId, tag.tag) : null,
        ),
        refineCard(tag),
      );
    }),
  );
  byId('preview-panel').hidden = false;
}

/** Refine, on a tag with a text to rewrite (or earlier versions to go back to). */
function refineCard(tag: TagOutcome): HTMLElement | null {
  const entry = preview?.versions[tag.tag];
  if (!entry || (tag.status !== 'generated' && entry.list.length < 2)) return null;
  return refineControls(tag.tag, entry.refine, {
    refine: (instruction) => void refine(tag.tag, instruction),
    show: (version) => {
      if (!preview) return;
      showVersion(preview, tag.tag, version);
      renderPreview();
    },
    draft: (text) => {
      entry.refine.draft = text;
    },
  });
}

export function setPreviewButtonsDisabled(disabled: boolean): void {
  for (const button of Array.from(document.querySelectorAll<HTMLButtonElement>('#preview-panel button:not(.feedback-button)')))
    button.disabled = disabled;
}

import type { TagOutcome, WriteInput } from '../../shared/sidebar-contract';
import { byId, element } from '../common/dom';
import { formattedPreview } from './formatted-preview';
import { tagFeedbackControls } from './tag-feedback';
import { lastGoodAnswerLabel } from './outcome-text';

/**
 * The preview panel: each tag's text with Regenerate and 👍/👎 per tag; Accept (document or copy) and Discard are
 * static buttons. Ratings are not fill actions: they stay usable while a fill runs.
 */

export interface PreviewHandlers {
  onRegenerate(tag: string): void;
}

interface Preview {
  fillId: string;
  tags: TagOutcome[];
  /** The fill that generated each tag's text: a regenerated tag's is the regeneration's, which its rating is about. */
  fillIds: Record<string, string>;
}

let preview: Preview | undefined;
let handlers: PreviewHandlers | undefined;

export function currentPreview(): Preview | undefined {
  return preview;
}

export function openPreview(fillId: string, tags: TagOutcome[], previewHandlers: PreviewHandlers): void {
  preview = { fillId, tags: [...tags], fillIds: Object.fromEntries(tags.map((tag) => [tag.tag, fillId])) };
  handlers = previewHandlers;
  renderPreview();
  byId('preview-heading').focus();
}

/** A regenerated tag replaces its earlier preview; `fillId` is the regeneration's. */
export function replacePreviewTag(outcome: TagOutcome, fillId: string): void {
  if (!preview) return;
  preview.fillIds[outcome.tag] = fillId;
  const index = preview.tags.findIndex((tag) => tag.tag === outcome.tag);
  if (index >= 0) preview.tags[index] = outcome;
  else preview.tags.push(outcome);
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
      );
    }),
  );
  byId('preview-panel').hidden = false;
}

export function setPreviewButtonsDisabled(disabled: boolean): void {
  for (const button of Array.from(document.querySelectorAll<HTMLButtonElement>('#preview-panel button:not(.feedback-button)')))
    button.disabled = disabled;
}

import type { FeedbackOutcome, FeedbackRating } from '../../shared/sidebar-contract';
import { element } from '../common/dom';
import { call } from './server';

/**
 * 👍/👎 with an optional reason on one generated tag of one fill, next to its result line and in its preview
 * card. A thumb is sent as soon as it is pressed (a reason is extra, never required); 👎 opens the reason field
 * at once, 👍 offers it. The selected thumb is the one the server has: a rating that failed leaves the earlier
 * one selected and says why, in words, beside the buttons.
 */

interface FeedbackState {
  /** The rating the server has, as far as the sidebar knows. */
  saved?: FeedbackRating;
  savedComment?: string;
  /** A rating on its way; shown pressed while it is sent. */
  sending?: FeedbackRating;
  reasonOpen: boolean;
  /** What is typed in the reason field, kept when the list is drawn again. */
  draft: string;
  notice?: { kind: 'saved' | 'error'; text: string };
}

/** Per `${fillId}:${tag}`, so a preview drawn again (after a regeneration) keeps its ratings. */
const states = new Map<string, FeedbackState>();
/** The controls on the page, per key: a result line and a preview card of the same tag stay in step. */
const mounted = new Map<string, Set<HTMLElement>>();

/** The word goes with the symbol: a computer without an emoji font still shows which button is which. */
const labels: Record<FeedbackRating, { symbol: string; word: string; name: string }> = {
  up: { symbol: '👍', word: 'Good', name: 'Good result' },
  down: { symbol: '👎', word: 'Poor', name: 'Poor result' },
};

function stateOf(key: string): FeedbackState {
  let state = states.get(key);
  if (!state) {
    state = { reasonOpen: false, draft: '' };
    states.set(key, state);
  }
  return state;
}

function redraw(key: string, fillId: string, tag: string): void {
  const controls = mounted.get(key);
  if (!controls) return;
  for (const control of [...controls]) {
    if (!control.isConnected) {
      controls.delete(control);
      continue;
    }
    draw(control, key, fillId, tag);
  }
}

async function send(key: string, fillId: string, tag: string, rating: FeedbackRating, comment: string): Promise<void> {
  const state = stateOf(key);
  state.sending = rating;
  state.notice = undefined;
  redraw(key, fillId, tag);
  let outcome: FeedbackOutcome;
  try {
    outcome = await call('sendFeedback', { fillId, tag, rating, ...(comment.trim() ? { comment } : {}) });
  } catch (error) {
    outcome = { status: 'not-recorded', message: `Your rating was not saved: ${(error as Error).message}` };
  }
  state.sending = undefined;
  if (outcome.status === 'recorded') {
    state.saved = outcome.rating;
    state.savedComment = outcome.comment;
    state.notice = { kind: 'saved', text: outcome.comment ? 'Thanks: your rating and reason are saved.' : 'Thanks: your rating is saved.' };
  } else {
    state.notice = { kind: 'error', text: outcome.message };
  }
  redraw(key, fillId, tag);
}

function draw(control: HTMLElement, key: string, fillId: string, tag: string): void {
  const state = stateOf(key);
  const focused = control.contains(document.activeElement) ? (document.activeElement as HTMLElement).dataset.part : undefined;
  const shown = state.sending ?? state.saved;
  const thumbs = (['up', 'down'] as const).map((rating) => {
    const button = element(
      'button',
      {
        type: 'button',
        class: `feedback-button ${rating}`,
        'data-part': rating,
        'aria-pressed': String(shown === rating),
        'aria-label': `${labels[rating].name}: ai:${tag}`,
        title: labels[rating].name,
        disabled: state.sending !== undefined,
      },
      element('span', { 'aria-hidden': 'true' }, labels[rating].symbol),
      ` ${labels[rating].word}`,
    );
    button.addEventListener('click', () => {
      if (rating === 'down') state.reasonOpen = true;
      void send(key, fillId, tag, rating, state.reasonOpen ? state.draft : '');
    });
    return button;
  });
  const offerReason =
    !state.reasonOpen && state.saved === 'up'
      ? element('button', { type: 'button', class: 'link feedback-button', 'data-part': 'add-reason' }, 'Add a reason')
      : null;
  offerReason?.addEventListener('click', () => {
    state.reasonOpen = true;
    draw(control, key, fillId, tag);
    control.querySelector<HTMLInputElement>('input')?.focus();
  });
  const children: Node[] = [element('div', { class: 'feedback-thumbs' }, ...thumbs, offerReason)];
  if (state.reasonOpen) {
    const input = element('input', {
      type: 'text',
      class: 'feedback-reason',
      'data-part': 'reason',
      maxlength: '2000',
      placeholder: 'Why? (optional)',
      'aria-label': `Reason for your rating of ai:${tag} (optional)`,
    });
    input.value = state.draft;
    input.addEventListener('input', () => {
      state.draft = input.value;
    });
    const sendReason = element(
      'button',
      {
        type: 'button',
        class: 'small feedback-button',
        'data-part': 'send-reason',
        disabled: state.sending !== undefined || (state.saved === undefined && state.sending === undefined),
      },
      'Send reason',
    );
    const submit = () => {
      const rating = state.sending ?? state.saved;
      if (rating) void send(key, fillId, tag, rating, state.draft);
    };
    sendReason.addEventListener('click', submit);
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') submit();
    });
    children.push(element('div', { class: 'feedback-reason-row' }, input, sendReason));
  }
  if (state.sending) children.push(element('p', { class: 'feedback-notice', role: 'status' }, 'Saving your rating…'));
  else if (state.notice)
    children.push(
      element(
        'p',
        { class: `feedback-notice ${state.notice.kind}`, role: state.notice.kind === 'error' ? 'alert' : 'status' },
        state.notice.text,
      ),
    );
  control.replaceChildren(...children);
  if (focused) control.querySelector<HTMLElement>(`[data-part="${focused}"]`)?.focus();
}

/** The 👍/👎 controls of one generated tag of one fill. */
export function tagFeedbackControls(fillId: string, tag: string): HTMLElement {
  const key = `${fillId}:${tag}`;
  const control = element('div', { class: 'feedback', role: 'group', 'aria-label': `Rate ai:${tag}`, 'data-feedback-tag': tag });
  let controls = mounted.get(key);
  if (!controls) {
    controls = new Set();
    mounted.set(key, controls);
  }
  controls.add(control);
  draw(control, key, fillId, tag);
  return control;
}

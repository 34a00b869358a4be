import type { RefineOutcome } from '../../shared/sidebar-contract';
import { element } from '../common/dom';

/** The quick choices (contracts/refinements.ts lists the same words); anything else is typed. */
const quickChoices = ['Shorter', 'Longer', 'More formal', 'Simpler'] as const;

export interface RefineControlsState {
  /** The versions of the tag's text, oldest first: the fill's (or regeneration's), then each refinement. */
  versions: number;
  /** Which version is shown, and written on Accept (0-based). */
  shown: number;
  busy: boolean;
  /** What is typed in the instruction field, kept when the preview is drawn again. */
  draft: string;
  notice?: { kind: 'busy' | 'error'; text: string };
}

export interface RefineControlsHandlers {
  refine(instruction: string): void;
  show(version: number): void;
  draft(text: string): void;
}

/**
 * "Refine" under a preview card, like Docs' "Help me write": quick choices and an instruction of one's own, then
 * the new version with "Previous version" one click away (and "Next version" back to it).
 */
export function refineControls(tag: string, state: RefineControlsState, handlers: RefineControlsHandlers): HTMLElement {
  const choices = quickChoices.map((choice) => {
    const button = element(
      'button',
      { type: 'button', class: 'secondary-button refine-choice', disabled: state.busy, 'aria-label': `${choice}: refine ai:${tag}` },
      choice,
    );
    button.addEventListener('click', () => handlers.refine(choice));
    return button;
  });
  const input = element('input', {
    type: 'text',
    id: `refine-instruction-${tag}`,
    class: 'refine-instruction',
    maxlength: '500',
    placeholder: 'Or say how to change it…',
    'aria-label': `How to change ai:${tag}`,
    disabled: state.busy,
  });
  input.value = state.draft;
  input.addEventListener('input', () => handlers.draft(input.value));
  const submit = element(
    'button',
    { type: 'button', id: `refine-${tag}`, class: 'secondary-button', disabled: state.busy, 'aria-label': `Refine ai:${tag}` },
    'Refine',
  );
  const send = () => {
    if (input.value.trim()) handlers.refine(input.value.trim());
  };
  submit.addEventListener('click', send);
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') send();
  });

  const versions =
    state.versions > 1
      ? (() => {
          const previous = element(
            'button',
            {
              type: 'button',
              id: `previous-version-${tag}`,
              class: 'secondary-button',
              disabled: state.busy || state.shown === 0,
              'aria-label': `Previous version of ai:${tag}`,
            },
            'Previous version',
          );
          previous.addEventListener('click', () => handlers.show(state.shown - 1));
          const next = element(
            'button',
            {
              type: 'button',
              id: `next-version-${tag}`,
              class: 'secondary-button',
              disabled: state.busy || state.shown === state.versions - 1,
              'aria-label': `Next version of ai:${tag}`,
            },
            'Next version',
          );
          next.addEventListener('click', () => handlers.show(state.shown + 1));
          return element(
            'div',
            { class: 'refine-versions' },
            previous,
            element(
              'span',
              { id: `version-${tag}`, class: 'hint', 'aria-live': 'polite' },
              `Version ${state.shown + 1} of ${state.versions}`,
            ),
            next,
          );
        })()
      : null;

  return element(
    'div',
    { class: 'refine', role: 'group', 'aria-label': `Refine ai:${tag}` },
    element('div', { class: 'refine-choices' }, ...choices),
    element('div', { class: 'refine-own' }, input, submit),
    versions,
    state.notice
      ? element(
          'p',
          { class: `refine-notice ${state.notice.kind}`, role: state.notice.kind === 'error' ? 'alert' : 'status' },
          state.notice.text,
        )
      : null,
  );
}

/** The words shown for an outcome that did not refine. */
export function refineFailure(outcome: RefineOutcome): string | undefined {
  return outcome.status === 'not-refined' ? outcome.message : undefined;
}

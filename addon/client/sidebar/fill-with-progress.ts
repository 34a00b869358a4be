import type { FillMode, FillOutcome, FillProgressView } from '../../shared/sidebar-contract';
import { newFillId, pollUntilDone } from './async-tools';
import { hideProgress, showProgress } from './progress';
import { showResultText } from './result-view';
import { call } from './server';
import { applyOutcome, applyProgress, buildFillRequest, clearPending, type PageState, startRun } from './state';

let runCounter = 0;

/** Waits before each progress poll: the first after 1.5 s (most fills of one tag end by then), then backing off. */
const progressPollIntervalsMs = [1500, 3000, 5000];

export interface RunOptions {
  mode: FillMode;
  tags?: string[];
  regenerate?: boolean;
  regenerateOf?: string;
}

/**
 * One fillDocument call, with its progress polled (backing off, one poll in flight at most) into the tag chips
 * and the progress bar. Resolves with the outcome, or undefined when the call itself failed (message shown).
 */
export async function fillWithProgress(
  state: PageState,
  options: RunOptions,
  onChange: () => void,
): Promise<{ fillId: string; outcome?: FillOutcome }> {
  // A newer run keeps the progress bar that this run's end would hide.
  const run = ++runCounter;
  const fillId = newFillId();
  const request = buildFillRequest(state, { fillId, ...options });
  const label = options.mode === 'preview' ? 'Previewing' : 'Generating';
  startRun(state, request.tags);
  onChange();
  showProgress(0, request.tags.length, label);
  showResultText(
    options.mode === 'copy'
      ? 'Filling a copy of the document…'
      : options.mode === 'preview'
        ? 'Generating a preview…'
        : 'Filling the document…',
    'busy',
  );
  let done = false;
  void pollUntilDone<FillProgressView>({
    poll: () => call('getFillProgress', fillId),
    isDone: () => done,
    intervalsMs: progressPollIntervalsMs,
    onView: (view) => {
      if (view.status === 'unknown') return;
      applyProgress(state, view);
      showProgress(view.finished, view.total || request.tags.length, label);
      onChange();
    },
  });
  try {
    const outcome = await call('fillDocument', request);
    done = true;
    applyOutcome(state, outcome);
    if (outcome.status !== 'not-ready')
      showProgress(outcome.tags.filter((tag) => tag.status !== 'skipped').length, outcome.tags.length, label);
    return { fillId, outcome };
  } catch (error) {
    done = true;
    clearPending(state);
    showResultText(`Nothing was written: the fill could not run. ${(error as Error).message}`, 'error');
    return { fillId };
  } finally {
    onChange();
    setTimeout(() => {
      if (run === runCounter) hideProgress();
    }, 1500);
  }
}

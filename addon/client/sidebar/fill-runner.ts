import type { FillMode, FillOutcome, FillProgressView } from '../../shared/sidebar-contract';
import { newFillId, pollUntilDone } from './async-tools';
import { hideProgress, showProgress } from './progress';
import { showResultText } from './result-view';
import { call } from './server';
import { applyOutcome, applyProgress, buildFillRequest, clearPending, documentTagNames, type PageState, startRun } from './state';

let runCounter = 0;

export interface RunOptions {
  mode: FillMode;
  tags?: string[];
  regenerate?: boolean;
  regenerateOf?: string;
}

/**
 * One runFill call, with its progress polled every second (one poll in flight at most) into the tag chips
 * and the progress bar. Resolves with the outcome, or undefined when the call itself failed (message shown).
 */
export async function runFill(state: PageState, options: RunOptions, onChange: () => void): Promise<{ fillId: string; outcome?: FillOutcome }> {
  runCounter += 1;
  const fillId = newFillId();
  const request = buildFillRequest(state, { fillId, ...options });
  const tags = request.tags.length > 0 ? request.tags : documentTagNames(state);
  const label = options.mode === 'preview' ? 'Previewing' : 'Generating';
  startRun(state, request.tags);
  onChange();
  showProgress(0, request.tags.length, label);
  showResultText(options.mode === 'copy' ? 'Filling a copy of the document…' : options.mode === 'preview' ? 'Generating a preview…' : 'Filling the document…', 'busy');
  let done = false;
  const polling = pollUntilDone<FillProgressView>({
    poll: () => call('getFillProgress', fillId),
    isDone: () => done,
    intervalMs: 1000,
    onView: (view) => {
      if (view.status === 'unknown') return;
      applyProgress(state, view);
      showProgress(view.finished, view.total || tags.length, label);
      onChange();
    },
  });
  try {
    const outcome = await call('runFill', request);
    done = true;
    applyOutcome(state, outcome);
    if (outcome.status !== 'not-ready') showProgress(outcome.tags.filter((tag) => tag.status !== 'skipped').length, outcome.tags.length, label);
    return { fillId, outcome };
  } catch (error) {
    done = true;
    clearPending(state);
    showResultText(`Nothing was written: the fill could not run. ${(error as Error).message}`, 'error');
    return { fillId };
  } finally {
    void polling;
    onChange();
    const run = ++runCounter;
    setTimeout(() => {
      if (run === runCounter) hideProgress();
    }, 1500);
  }
}
